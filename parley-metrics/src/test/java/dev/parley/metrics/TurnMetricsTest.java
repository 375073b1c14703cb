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

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.event.SessionEvent;
import dev.parley.core.event.SpeechKind;
import dev.parley.core.event.ToolStatus;
import dev.parley.core.session.ModelledLatency;
import dev.parley.testing.EmbeddedSession;
import dev.parley.testing.FakeAgent;
import dev.parley.testing.ScriptedAudio;
import dev.parley.testing.Timeline;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class TurnMetricsTest {
  private static final long MS = 1_000_000L;
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

  private double millis(String timer) {
    return registry.get(timer).timer().totalTime(TimeUnit.MILLISECONDS);
  }

  @Test
  void aLatencyBreakdownBecomesTheResponseLatencyAndItsStages() {
    TurnMetrics metrics = new TurnMetrics(new VoiceMeters(registry, Tags.of("agent", "demo")));
    metrics.accept(new SessionEvent.UserSpeechEnded(2000 * MS));
    metrics.accept(new SessionEvent.UserTurnEnded(2210 * MS, "to Boston"));
    metrics.accept(
        new SessionEvent.LatencyBreakdown(2400 * MS, 2000 * MS, 2210 * MS, 2360 * MS, 2390 * MS));
    assertThat(millis("parley.turn.decision")).isEqualTo(210);
    assertThat(millis("parley.agent.first.token")).isEqualTo(150);
    assertThat(millis("parley.synthesizer.first.audio")).isEqualTo(30);
    assertThat(millis("parley.response.latency")).isEqualTo(400);
    assertThat(registry.get("parley.response.latency").tag("agent", "demo").timer().count())
        .isEqualTo(1);
  }

  @Test
  void anAgentThatStartedBeforeTheTurnEndedCostsNoTimeAfterIt() {
    TurnMetrics metrics = new TurnMetrics(new VoiceMeters(registry));
    metrics.accept(
        new SessionEvent.LatencyBreakdown(2300 * MS, 2000 * MS, 2210 * MS, 2100 * MS, 2250 * MS));
    assertThat(millis("parley.agent.first.token")).isZero();
    assertThat(millis("parley.synthesizer.first.audio")).isEqualTo(40);
  }

  @Test
  void countsBargeInsFalseInterruptionsFillersFailuresAndToolLatencies() {
    TurnMetrics metrics = new TurnMetrics(new VoiceMeters(registry));
    metrics.accept(new SessionEvent.AgentInterrupted(1, "Let me"));
    metrics.accept(new SessionEvent.InterruptionIgnored(2, "backchannel"));
    metrics.accept(new SessionEvent.InterruptionIgnored(3, "false_interruption"));
    metrics.accept(new SessionEvent.AgentSpeechStarted(4, SpeechKind.FILLER, "One moment."));
    metrics.accept(new SessionEvent.ServiceFailed(5, "agent", "connection refused"));
    metrics.accept(new SessionEvent.ToolCallStarted(100 * MS, "c1", "search_flights", "{}", false));
    metrics.accept(
        new SessionEvent.ToolCallEnded(1300 * MS, "c1", "search_flights", ToolStatus.OK));
    assertThat(registry.get("parley.barge.ins").counter().count()).isEqualTo(1);
    assertThat(registry.get("parley.false.interruptions").counter().count()).isEqualTo(1);
    assertThat(
            registry
                .get("parley.interruptions.ignored")
                .tag("reason", "backchannel")
                .counter()
                .count())
        .isEqualTo(1);
    assertThat(registry.get("parley.fillers").counter().count()).isEqualTo(1);
    assertThat(registry.get("parley.agent.utterances").tag("kind", "filler").counter().count())
        .isEqualTo(1);
    assertThat(registry.get("parley.service.failures").tag("component", "agent").counter().count())
        .isEqualTo(1);
    Timer tool =
        registry.get("parley.tool.latency").tags("tool", "search_flights", "status", "ok").timer();
    assertThat(tool.count()).isEqualTo(1);
    assertThat(tool.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(1200);
  }

  @Test
  void aWholeCallFeedsTheMetersThroughTheSessionListener() {
    ScriptedAudio script =
        ScriptedAudio.builder()
            .silence(300)
            .say("book a flight to Boston please", 1500)
            .silence(3000)
            .say("and a hotel too", 1000)
            .build();
    Timeline t =
        EmbeddedSession.builder()
            .agent(FakeAgent.saying("Sure."))
            .latency(ModelledLatency.none().with("agent", 150).with("tts", 40))
            .build(script)
            .play(script, Duration.ofSeconds(2));
    TurnMetrics metrics = new TurnMetrics(new VoiceMeters(registry));
    t.events().forEach(metrics);
    assertThat(registry.get("parley.turns").counter().count()).isEqualTo(2);
    Timer response = registry.get("parley.response.latency").timer();
    assertThat(response.count()).isEqualTo(2);
    // pacing (400 ms) at least, and no more than the turn decision plus the modelled services
    assertThat(response.max(TimeUnit.MILLISECONDS)).isBetween(400.0, 700.0);
    assertThat(registry.get("parley.turn.decision").timer().count()).isEqualTo(2);
  }
}
