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

import static dev.parley.core.session.SessionCore.FRAME_NANOS;
import static dev.parley.core.session.SessionCore.MILLI;
import static dev.parley.core.session.SessionCore.NEVER;

import dev.parley.core.event.SpeechKind;
import dev.parley.core.turn.BargeInPolicy;

/**
 * Carries out the latency mask: says a filler or progress line when {@link LatencyMask} says one is
 * due for the reply's slowest running tool (or a stalled agent), but only into quiet, never over
 * the caller or just after they stopped. Confined to the session loop.
 */
final class Fillers {
  /** The reply the lines cover. */
  interface Reply {
    /** Whether a reply is on its way to the caller: started, not speculative. */
    boolean waiting();

    long responseId();
  }

  private final SessionConfig config;
  private final LatencyMask mask;
  private final Speaker speaker;
  private final UserInput input;
  private final BargeInPolicy bargeIn;
  private final ToolLedger ledger;
  private final Reply reply;

  Fillers(
      SessionConfig config,
      LatencyMask mask,
      Speaker speaker,
      UserInput input,
      BargeInPolicy bargeIn,
      ToolLedger ledger,
      Reply reply) {
    this.config = config;
    this.mask = mask;
    this.speaker = speaker;
    this.input = input;
    this.bargeIn = bargeIn;
    this.ledger = ledger;
    this.reply = reply;
  }

  long nextDeadlineNanos() {
    return mask.atNanos;
  }

  void addClip(String text, short[] samples, boolean progress) {
    mask.addClip(text, samples, progress);
  }

  /** A new reply: it has said nothing yet. */
  void newReply() {
    mask.newReply();
  }

  /** Lines said in this reply so far. */
  int linesThisReply() {
    return mask.linesThisReply();
  }

  /** The running calls or the caller's last words changed: recompute when a line is due. */
  void rearm() {
    long oldest = reply.waiting() ? ledger.oldestStartNanos(reply.responseId()) : NEVER;
    mask.rearm(oldest, input.lastSilenceNanos());
  }

  /** A tool has run long: say something, unless someone is speaking or the user just stopped. */
  void onTime(long nowNanos) {
    if (mask.atNanos > nowNanos) {
      return;
    }
    mask.atNanos = NEVER;
    if (!reply.waiting()) {
      return;
    }
    LatencyMask.Line line = quietForALine(nowNanos) ? mask.next() : null;
    if (line == null) {
      mask.atNanos = nowNanos + 5 * FRAME_NANOS; // look again in 100 ms
      return;
    }
    start(line, nowNanos);
  }

  /** The stall watch says a slow agent is due a filler: say one, or have it wait for quiet. */
  void onAgentSlow(StallWatch stall, long nowNanos) {
    if (reply.waiting()) {
      LatencyMask.Line line = quietForALine(nowNanos) ? mask.next() : null;
      if (line != null) {
        start(line, nowNanos); // the caller hears the agent is on it
      } else if (!quietForALine(nowNanos)) {
        stall.fillerDeferred(nowNanos);
      }
    }
  }

  /** A line ended at {@code atNanos}. */
  void lineEnded(long atNanos) {
    mask.lineEnded(atNanos);
    rearm();
  }

  /** Whether nobody speaks and the user did not just stop: a masking line may start. */
  private boolean quietForALine(long nowNanos) {
    boolean userHolds =
        input.starting()
            || bargeIn.active()
            || nowNanos < input.lastSilenceNanos() + config.pacingMillis() * MILLI;
    return !userHolds && !speaker.speaking() && !speaker.paused();
  }

  private void start(LatencyMask.Line line, long nowNanos) {
    speaker.playAside(SpeechKind.FILLER, line.text(), line.clip(), 1, nowNanos);
    rearm();
  }
}
