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
package dev.parley.server;

import dev.parley.core.event.SessionEvent;
import dev.parley.core.event.SpeechKind;
import dev.parley.core.event.ToolStatus;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The log of one call: a line when it starts, a line for every component failure with its reason,
 * and a summary line when it ends (duration, turns, barge-ins, tool calls, failures, reason). The
 * call's id and carrier ids are in the MDC of every line (the session loop carries them); the
 * numbers are also key-value pairs, so the JSON log has them as fields.
 *
 * <p>Confined to the session's loop, like the events it receives, except {@link #started}, which
 * the starting thread calls before the loop runs.
 */
final class CallLog implements Consumer<SessionEvent> {
  private static final Logger LOG = LoggerFactory.getLogger("dev.parley.call");

  private int turns;
  private int bargeIns;
  private int toolCalls;
  private int toolFailures;
  private int failures;
  private int fillers;

  /** Logs the start of a call. */
  void started(String callId, String transport, Map<String, String> carrierIds) {
    LOG.atInfo()
        .setMessage("call started: {} over {}{}")
        .addArgument(callId)
        .addArgument(transport)
        .addArgument(carrierIds.isEmpty() ? "" : " " + carrierIds)
        .addKeyValue("event", "call_start")
        .log();
  }

  @Override
  public void accept(SessionEvent event) {
    switch (event) {
      case SessionEvent.UserTurnEnded e -> turns++;
      case SessionEvent.AgentInterrupted e -> bargeIns++;
      case SessionEvent.AgentSpeechStarted e -> {
        if (e.kind() == SpeechKind.FILLER) {
          fillers++;
        }
      }
      case SessionEvent.ToolCallStarted e -> toolCalls++;
      case SessionEvent.ToolCallEnded e -> {
        if (e.status() == ToolStatus.FAILED) {
          toolFailures++;
          LOG.atWarn()
              .setMessage("tool {} failed (call {})")
              .addArgument(e.name())
              .addArgument(e.id())
              .addKeyValue("event", "tool_failed")
              .addKeyValue("tool", e.name())
              .log();
        }
      }
      case SessionEvent.ServiceFailed e -> {
        failures++;
        LOG.atWarn()
            .setMessage("{} failed: {}")
            .addArgument(e.component())
            .addArgument(e.message())
            .addKeyValue("event", "service_failed")
            .addKeyValue("component", e.component())
            .log();
      }
      case SessionEvent.SessionEnded e ->
          LOG.atInfo()
              .setMessage(
                  "call ended: {} after {} ms, {} turns, {} barge-ins, {} tool calls ({} failed),"
                      + " {} fillers, {} service failures")
              .addArgument(e.reason())
              .addArgument(e.atNanos() / 1_000_000)
              .addArgument(turns)
              .addArgument(bargeIns)
              .addArgument(toolCalls)
              .addArgument(toolFailures)
              .addArgument(fillers)
              .addArgument(failures)
              .addKeyValue("event", "call_end")
              .addKeyValue("reason", e.reason())
              .addKeyValue("duration_ms", e.atNanos() / 1_000_000)
              .addKeyValue("turns", turns)
              .addKeyValue("barge_ins", bargeIns)
              .addKeyValue("tool_calls", toolCalls)
              .addKeyValue("tool_failures", toolFailures)
              .addKeyValue("fillers", fillers)
              .addKeyValue("service_failures", failures)
              .log();
      case SessionEvent.UserSpeechStarted e -> {}
      case SessionEvent.UserSpeechEnded e -> {}
      case SessionEvent.TranscriptPartial e -> {}
      case SessionEvent.UserTurnEagerEnd e -> {}
      case SessionEvent.UserTurnResumed e -> {}
      case SessionEvent.AgentSpeechEnded e -> {}
      case SessionEvent.LatencyBreakdown e -> {}
      case SessionEvent.InterruptionIgnored e -> {}
      case SessionEvent.AgentResumed e -> {}
    }
  }
}
