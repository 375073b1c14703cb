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
package dev.parley.metrics;

import dev.parley.core.event.SessionEvent;
import dev.parley.core.event.SpeechKind;
import dev.parley.core.turn.BargeInPolicy;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * One call's events as {@link VoiceMeters}: a session listener, one per call, all feeding the same
 * meters. Attach it to the session's events; the call's latency stages come from its {@link
 * SessionEvent.LatencyBreakdown}s, the turn decision from end of speech to end of turn, and the
 * counters from the events that mean them.
 *
 * <p>A stage that ran before the one it follows (an agent started speculatively, before the turn
 * was final) is recorded as zero. Confined to the session's loop, like the events it receives.
 */
public final class TurnMetrics implements Consumer<SessionEvent> {
  private final VoiceMeters meters;
  private final Map<String, Long> toolStartNanos = new HashMap<>();
  private long speechEndNanos = -1;

  public TurnMetrics(VoiceMeters meters) {
    this.meters = meters;
  }

  @Override
  public void accept(SessionEvent event) {
    switch (event) {
      case SessionEvent.LatencyBreakdown b -> {
        if (b.firstTokenNanos() >= 0) {
          meters.agentFirstToken(b.firstTokenNanos() - b.turnEndNanos());
        }
        if (b.firstAudioNanos() >= 0) {
          meters.synthesizerFirstAudio(
              b.firstAudioNanos() - Math.max(b.firstTokenNanos(), b.turnEndNanos()));
        }
        if (b.userSpeechEndNanos() >= 0) {
          meters.responseLatency(b.atNanos() - b.userSpeechEndNanos());
        }
      }
      case SessionEvent.UserSpeechEnded e -> speechEndNanos = e.atNanos();
      case SessionEvent.UserTurnEnded e -> {
        meters.turn();
        if (speechEndNanos >= 0) {
          meters.turnDecision(e.atNanos() - speechEndNanos);
          speechEndNanos = -1;
        }
      }
      case SessionEvent.AgentInterrupted e -> meters.bargeIn();
      case SessionEvent.InterruptionIgnored e -> {
        meters.interruptionIgnored(e.reason());
        if (e.reason().equals(BargeInPolicy.FALSE_INTERRUPTION)) {
          meters.falseInterruption();
        }
      }
      case SessionEvent.AgentSpeechStarted e -> {
        meters.utterance(lower(e.kind()));
        if (e.kind() == SpeechKind.FILLER) {
          meters.filler();
        }
      }
      case SessionEvent.ToolCallStarted e -> toolStartNanos.put(e.id(), e.atNanos());
      case SessionEvent.ToolCallEnded e -> {
        Long start = toolStartNanos.remove(e.id());
        if (start != null) {
          meters.tool(e.name(), lower(e.status()), e.atNanos() - start);
        }
      }
      case SessionEvent.ServiceFailed e -> meters.serviceFailure(e.component());
      case SessionEvent.SessionEnded e -> toolStartNanos.clear();
      case SessionEvent.UserSpeechStarted e -> {}
      case SessionEvent.TranscriptPartial e -> {}
      case SessionEvent.UserTurnEagerEnd e -> {}
      case SessionEvent.UserTurnResumed e -> {}
      case SessionEvent.AgentSpeechEnded e -> {}
      case SessionEvent.AgentResumed e -> {}
    }
  }

  private static String lower(Enum<?> value) {
    return value.name().toLowerCase(Locale.ROOT);
  }
}
