/*
 * Copyright 2026 The Parley authors
 *
 * Licensed under the Apache License, Version 2.0 (the "License");
 * you may not use this file except in compliance with the License.
 * You may obtain a copy of the License at
 *
 *     https://www.apache.org/licenses/LICENSE-2.0
 *
 * Unless required by applicable law or agreed to in writing, software
 * distributed under the License is distributed on an "AS IS" BASIS,
 * WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
 * See the License for the specific language governing permissions and
 * limitations under the License.
 */
package dev.parley.core.session;

import dev.parley.core.event.SessionEvent;
import dev.parley.core.event.ToolStatus;
import dev.parley.core.frame.Frame;
import dev.parley.core.spi.CallAction;
import dev.parley.core.spi.CallControl;
import dev.parley.core.spi.Conversation;
import dev.parley.core.tool.ToolJson;
import org.jspecify.annotations.Nullable;

/**
 * Hang-ups and transfers a reply's call-control tool asked for: held until the caller has heard the
 * reply ({@link PendingCallAction}), then carried out by the carrier off the loop, on a worker of
 * their own. Confined to the session loop.
 */
final class CallActions {
  private final PendingCallAction pending;
  private final SessionCore.WorkerFactory workers;
  private final CallControl control;
  private final EventSink events;
  private final Speaker speaker;
  private final Responder responder;
  private final String apology;
  private final Responder.Hangup hangup;
  private @Nullable Worker worker;

  CallActions(
      PendingCallAction pending,
      SessionCore.WorkerFactory workers,
      CallControl control,
      EventSink events,
      Speaker speaker,
      Responder responder,
      String apology,
      Responder.Hangup hangup) {
    this.pending = pending;
    this.workers = workers;
    this.control = control;
    this.events = events;
    this.speaker = speaker;
    this.responder = responder;
    this.apology = apology;
    this.hangup = hangup;
  }

  long nextDeadlineNanos() {
    return pending.nextDeadlineNanos();
  }

  void request(Frame.CallActionRequested request) {
    pending.request(request.responseId(), request.action());
  }

  /** Asks the carrier for an action whose reply the caller has now heard. */
  void onTime(long nowNanos) {
    if (pending.nextDeadlineNanos() <= nowNanos) {
      CallAction due =
          pending.takeDue(nowNanos, speaker.heardConfirmed(), speaker.heardUntilNanos());
      if (due != null) {
        run(due);
      }
    }
  }

  /** Asks the carrier, off the loop, for what a reply's call-control tool requested. */
  private void run(CallAction action) {
    Worker w = worker;
    if (w == null) {
      w = workers.worker("control");
      worker = w;
    }
    CallControl carrier = control;
    w.submit(
        out -> {
          String failure = "";
          try {
            switch (action) {
              case CallAction.HangUp h -> carrier.hangUp();
              case CallAction.Transfer t -> carrier.transfer(t.target());
            }
          } catch (RuntimeException e) { // a ProviderException, or a bug in the transport
            failure = String.valueOf(e.getMessage());
          }
          out.post(new Frame.CallActionDone(action, failure));
        });
  }

  /**
   * The carrier has acted: a hang-up ends the session even if the carrier refused (ending the
   * session closes the media connection); a transfer that failed keeps the call, tells the caller,
   * and leaves a failed tool turn so the agent knows.
   */
  void onDone(Frame.CallActionDone done, long nowNanos) {
    pending.done();
    String failure = done.failure();
    if (!failure.isEmpty()) {
      events.emit(new SessionEvent.ServiceFailed(events.rel(nowNanos), "call control", failure));
    }
    switch (done.action()) {
      case CallAction.HangUp h -> hangup.end("agent ended the call", nowNanos);
      case CallAction.Transfer t -> {
        if (failure.isEmpty()) {
          hangup.end("transferred to " + t.target(), nowNanos);
        } else {
          responder.add(
              new Conversation.Turn.Tool(
                  "transfer-" + responder.responseId(),
                  "transfer_call",
                  "{\"target\":" + ToolJson.quote(t.target()) + "}",
                  ToolStatus.FAILED,
                  ToolRuntime.error("the transfer failed: " + failure)));
          if (responder.state() == Responder.State.IDLE) {
            responder.speak(apology, nowNanos);
          }
        }
      }
    }
  }

  void closeWorker() {
    if (worker != null) {
      worker.close();
    }
  }
}
