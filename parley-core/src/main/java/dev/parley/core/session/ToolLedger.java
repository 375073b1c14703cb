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
import dev.parley.core.spi.Conversation;
import dev.parley.core.tool.ToolEffect;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The loop's record of the call's tool calls: which are running for which reply, which ended, which
 * were left to finish for a redone reply, and what each one's end means for the conversation. It
 * hears tool facts ({@link Frame.Fact}) even from replies already cancelled, because a side effect
 * that finished still happened: it is reported and recorded once. The {@link ToolRuntime} runs the
 * calls on agent threads and only posts facts; this class decides what they mean. Confined to the
 * session loop.
 */
final class ToolLedger {
  /** Where an ended call's turn goes: the conversation, or a speculative reply's held turns. */
  interface Recorder {
    void record(Conversation.Turn.Tool turn, long responseId);
  }

  /** A tool call the loop has seen start and not yet end. */
  private record OpenCall(String name, long responseId, long startNanos, boolean readOnly) {}

  private final ToolRuntime runtime;
  private final EventSink events;
  private final Recorder recorder;
  private final Map<String, OpenCall> openCalls = new LinkedHashMap<>();
  private final Set<String> endedCalls = new HashSet<>();

  /** Read-only calls of a dropped speculative reply: reported when they end, not recorded. */
  private final Set<String> detachedCalls = new HashSet<>();

  private long keptReadsResponseId = -1;

  /** The newest reply that has asked for a call: asking it again could repeat the call. */
  private long lastCallingResponseId = -1;

  ToolLedger(ToolRuntime runtime, EventSink events, Recorder recorder) {
    this.runtime = runtime;
    this.events = events;
    this.recorder = recorder;
  }

  /** The runtime that executes the calls, for the agent's reply jobs. */
  ToolRuntime runtime() {
    return runtime;
  }

  /**
   * A call started for reply {@code responseId} while {@code currentId} is the current reply.
   * Returns whether the replies' waits changed, so the masking is due again.
   */
  boolean started(Frame.ToolStarted tool, long currentId, long nowNanos) {
    OpenCall kept = openCalls.get(tool.id());
    if (kept != null) {
      // A redone reply asks again for a call still running from the one it replaced (a read kept
      // for it, or a side effect that could not be cancelled): it is now this reply's wait, to be
      // masked from when the call began.
      boolean keptRead = detachedCalls.remove(tool.id());
      if (keptRead || (tool.responseId() == currentId && kept.responseId() != currentId)) {
        openCalls.put(
            tool.id(),
            new OpenCall(kept.name(), tool.responseId(), kept.startNanos(), kept.readOnly()));
        return true;
      }
      return false;
    }
    if (endedCalls.contains(tool.id())) {
      return false;
    }
    boolean readOnly = runtime.effect(tool.name()) == ToolEffect.READ_ONLY;
    if (tool.responseId() != currentId && tool.responseId() != 0 && readOnly) {
      return false; // started by a reply already cancelled; its end is reported nowhere
    }
    openCalls.put(tool.id(), new OpenCall(tool.name(), tool.responseId(), nowNanos, readOnly));
    lastCallingResponseId = Math.max(lastCallingResponseId, tool.responseId());
    events.emit(
        new SessionEvent.ToolCallStarted(
            events.rel(nowNanos),
            tool.id(),
            tool.name(),
            tool.argumentsJson(),
            tool.speculative()));
    return true;
  }

  /**
   * A call ended. Returns whether it was a running call that now ended (the waits changed); a
   * compensation is reported and recorded once, a read of a cancelled reply already reported
   * cancelled is ignored.
   */
  boolean ended(Frame.ToolEnded tool, long nowNanos) {
    if (tool.status() == ToolStatus.COMPENSATED) {
      if (endedCalls.add(tool.id() + "#undo")) {
        events.emit(
            new SessionEvent.ToolCallEnded(
                events.rel(nowNanos), tool.id(), tool.name(), ToolStatus.COMPENSATED));
        record(tool);
      }
      return false;
    }
    if (openCalls.remove(tool.id()) == null) {
      return false; // already reported (cancelled), or never started for the session
    }
    endedCalls.add(tool.id());
    events.emit(
        new SessionEvent.ToolCallEnded(
            events.rel(nowNanos), tool.id(), tool.name(), tool.status()));
    if (!detachedCalls.remove(tool.id())) {
      record(tool);
    }
    return true;
  }

  private void record(Frame.ToolEnded tool) {
    recorder.record(
        new Conversation.Turn.Tool(
            tool.id(), tool.name(), tool.argumentsJson(), tool.status(), tool.resultJson()),
        tool.responseId());
  }

  /** Reports the read-only calls of a cancelled reply as cancelled, now. */
  void cancelOpenReads(long cancelledId, long nowNanos) {
    var it = openCalls.entrySet().iterator();
    while (it.hasNext()) {
      var entry = it.next();
      OpenCall call = entry.getValue();
      if (call.responseId() == cancelledId
          && call.readOnly()
          && !detachedCalls.contains(entry.getKey())) {
        it.remove();
        endedCalls.add(entry.getKey());
        events.emit(
            new SessionEvent.ToolCallEnded(
                events.rel(nowNanos), entry.getKey(), call.name(), ToolStatus.CANCELLED));
      }
    }
    if (cancelledId != keptReadsResponseId) {
      runtime.discard(cancelledId, nowNanos);
    }
  }

  /**
   * Reply {@code responseId} is about to be cancelled and redone for the same turn: its read-only
   * calls still running finish into the turn's cache (reported when they end, not recorded), where
   * the redone reply finds them if it asks the same. The reply's job learns it through {@code
   * context} before it is interrupted.
   */
  void keepReads(long responseId, ToolRuntime.@Nullable Reply context) {
    for (var entry : openCalls.entrySet()) {
      if (entry.getValue().responseId() == responseId) {
        detachedCalls.add(entry.getKey());
      }
    }
    keptReadsResponseId = responseId;
    if (context != null && context.responseId() == responseId) {
      context.keepReads().set(true);
    }
  }

  /** Whether reply {@code responseId} has asked for any tool call. */
  boolean touched(long responseId) {
    return lastCallingResponseId == responseId;
  }

  /** Whether a call of reply {@code responseId} is running. */
  boolean running(long responseId) {
    for (OpenCall call : openCalls.values()) {
      if (call.responseId() == responseId) {
        return true;
      }
    }
    return false;
  }

  /** When the oldest running call of reply {@code responseId} began, or NEVER if none runs. */
  long oldestStartNanos(long responseId) {
    long oldest = SessionCore.NEVER;
    for (OpenCall call : openCalls.values()) {
      if (call.responseId() == responseId) {
        oldest = Math.min(oldest, call.startNanos());
      }
    }
    return oldest;
  }

  /** The turn is answered: read-only results are not reused for the next one. */
  void forgetReads() {
    runtime.forgetReads();
  }
}
