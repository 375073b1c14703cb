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

  private double stageMillis(String stage) {
    Timer t = registry.find("parley.turn.latency").tag("stage", stage).timer();
    assertThat(t).as(stage).isNotNull();
    return java.util.Objects.requireNonNull(t).totalTime(TimeUnit.MILLISECONDS);
  }

  @Test
  void aLatencyBreakdownBecomesOneTimerPerStage() {
    TurnMetrics metrics = new TurnMetrics(registry, Tags.of("agent", "demo"));
    metrics.accept(
        new SessionEvent.LatencyBreakdown(2400 * MS, 2000 * MS, 2210 * MS, 2360 * MS, 2390 * MS));
    assertThat(stageMillis("endpointing")).isEqualTo(210);
    assertThat(stageMillis("agent")).isEqualTo(150);
    assertThat(stageMillis("tts")).isEqualTo(30);
    assertThat(stageMillis("playout")).isEqualTo(10);
    assertThat(stageMillis("total")).isEqualTo(400);
    assertThat(registry.find("parley.turn.latency").tag("agent", "demo").timers()).hasSize(5);
  }

  @Test
  void countsInterruptionsIgnoredBackchannelsFillersAndToolLatencies() {
    TurnMetrics metrics = new TurnMetrics(registry);
    metrics.accept(new SessionEvent.AgentInterrupted(1, "Let me"));
    metrics.accept(new SessionEvent.InterruptionIgnored(2, "backchannel"));
    metrics.accept(new SessionEvent.InterruptionIgnored(3, "backchannel"));
    metrics.accept(new SessionEvent.AgentSpeechStarted(4, SpeechKind.FILLER, "One moment."));
    metrics.accept(new SessionEvent.ToolCallStarted(100 * MS, "c1", "search_flights", "{}", false));
    metrics.accept(
        new SessionEvent.ToolCallEnded(1300 * MS, "c1", "search_flights", ToolStatus.OK));
    assertThat(registry.get("parley.interruptions").counter().count()).isEqualTo(1);
    assertThat(
            registry
                .get("parley.interruptions.ignored")
                .tag("reason", "backchannel")
                .counter()
                .count())
        .isEqualTo(2);
    assertThat(registry.get("parley.agent.utterances").tag("kind", "filler").counter().count())
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
    TurnMetrics metrics = new TurnMetrics(registry);
    t.events().forEach(metrics);
    assertThat(registry.get("parley.turns").counter().count()).isEqualTo(2);
    Timer total = registry.get("parley.turn.latency").tag("stage", "total").timer();
    assertThat(total.count()).isEqualTo(2);
    assertThat(total.max(TimeUnit.MILLISECONDS)).isBetween(400.0, 700.0);
  }
}
