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
package dev.parley.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.event.EventJson;
import dev.parley.core.event.SessionEvent;
import dev.parley.core.session.ModelledLatency;
import dev.parley.core.session.SessionConfig;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The per-turn latency breakdown: end of speech, turn decision, first token, first audio, sent. */
class LatencyBreakdownTest {
  private static final long MS = 1_000_000L;

  private static Timeline call(SessionConfig config) {
    ScriptedAudio script =
        ScriptedAudio.builder().silence(300).say("book a flight to Boston please", 1500).build();
    return EmbeddedSession.builder()
        .config(config)
        .agent(FakeAgent.saying("Sure, Boston it is."))
        .latency(ModelledLatency.none().with("agent", 150).with("tts", 40))
        .build(script)
        .play(script, Duration.ofSeconds(3));
  }

  @Test
  void eachStageOfTheReplyIsStampedInOrderJustBeforeItsFirstAudio() {
    // Without speculation the agent starts on the final end of turn, so its latency shows whole.
    Timeline t =
        call(SessionConfig.defaults().withSpeculation(new SessionConfig.Speculation(false)));
    List<SessionEvent.LatencyBreakdown> breakdowns = t.all(SessionEvent.LatencyBreakdown.class);
    assertThat(breakdowns).hasSize(1);
    SessionEvent.LatencyBreakdown b = breakdowns.getFirst();
    SessionEvent.AgentSpeechStarted start = t.all(SessionEvent.AgentSpeechStarted.class).getFirst();
    assertThat(b.atNanos()).isEqualTo(start.atNanos());
    assertThat(b.userSpeechEndNanos()).isBetween(1800 * MS, 2100 * MS);
    assertThat(b.turnEndNanos()).isGreaterThan(b.userSpeechEndNanos());
    assertThat(b.firstTokenNanos() - b.turnEndNanos()).isEqualTo(150 * MS);
    assertThat(b.firstAudioNanos() - b.firstTokenNanos()).isEqualTo(40 * MS);
    // Pacing holds the first audio to 400 ms after the end of speech, on the 20 ms grid.
    assertThat(b.atNanos())
        .isGreaterThanOrEqualTo(Math.max(b.firstAudioNanos(), b.userSpeechEndNanos() + 400 * MS));
    int index = t.events().indexOf(b);
    assertThat(t.events().get(index + 1)).isEqualTo(start);
    assertThat(EventJson.toJson(b))
        .startsWith("{\"type\":\"latency_breakdown\"")
        .contains("\"firstTokenMillis\":", "\"totalMillis\":");
  }

  @Test
  void aSpeculativeReplyHasItsFirstTokenBeforeTheTurnIsFinal() {
    Timeline t = call(SessionConfig.defaults());
    SessionEvent.LatencyBreakdown b = t.all(SessionEvent.LatencyBreakdown.class).getFirst();
    // The agent began on the eager end of turn, so part of its 150 ms is hidden behind the wait.
    assertThat(b.firstTokenNanos() - b.turnEndNanos()).isLessThan(150 * MS);
    assertThat(b.firstAudioNanos() - b.firstTokenNanos()).isEqualTo(40 * MS);
    assertThat(t.all(SessionEvent.AgentSpeechStarted.class)).hasSize(1);
  }

  @Test
  void anIdlePromptIsNotAReplyToATurnAndHasNoBreakdown() {
    ScriptedAudio script =
        ScriptedAudio.builder().silence(300).say("book a flight to Boston please", 1500).build();
    Timeline t =
        EmbeddedSession.builder()
            .agent(FakeAgent.saying("Sure."))
            .maxTailMillis(12_000)
            .build(script)
            .play(script, Duration.ofSeconds(12));
    assertThat(t.all(SessionEvent.AgentSpeechStarted.class)).hasSizeGreaterThanOrEqualTo(2);
    assertThat(t.all(SessionEvent.LatencyBreakdown.class)).hasSize(1);
  }
}
