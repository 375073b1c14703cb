package dev.parley.metrics;

import dev.parley.core.event.SessionEvent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Records one session's events as Micrometer meters: a session listener that feeds a shared {@link
 * MeterRegistry}. Attach one per session ({@code events -> metrics.accept(events)}); all sessions'
 * meters aggregate in the registry.
 *
 * <p>Meters (Prometheus names in brackets):
 *
 * <ul>
 *   <li>{@code parley.turn.latency} [{@code parley_turn_latency_seconds}], a timer with a
 *       percentile histogram, tag {@code stage}: {@code endpointing} (user end of speech → turn
 *       decision), {@code agent} (→ agent's first token), {@code tts} (→ synthesiser's first
 *       audio), {@code playout} (→ first audio sent), {@code total} (end of speech → first audio
 *       sent);
 *   <li>{@code parley.turns}, user turns answered; {@code parley.interruptions}, replies the user
 *       cut off; {@code parley.interruptions.ignored}, tag {@code reason} ({@code backchannel},
 *       {@code false_interruption}, {@code echo}); {@code parley.agent.utterances}, tag {@code
 *       kind} ({@code response}, {@code filler}, {@code backchannel});
 *   <li>{@code parley.tool.latency}, a timer, tags {@code tool} and {@code status};
 *   <li>{@code parley.service.failures}, tag {@code component}.
 * </ul>
 *
 * <p>A stage that ran before the previous one (an agent started speculatively, before the turn was
 * final) is recorded as zero. Confined to the session's loop, like the events it receives.
 */
public final class TurnMetrics implements Consumer<SessionEvent> {
  private final MeterRegistry registry;
  private final Tags tags;
  private final Map<String, Long> toolStartNanos = new HashMap<>();

  /**
   * Records into {@code registry}, adding {@code tags} (such as the agent's name) to every meter.
   */
  public TurnMetrics(MeterRegistry registry, Iterable<Tag> tags) {
    this.registry = registry;
    this.tags = Tags.of(tags);
  }

  public TurnMetrics(MeterRegistry registry) {
    this(registry, Tags.empty());
  }

  @Override
  public void accept(SessionEvent event) {
    switch (event) {
      case SessionEvent.LatencyBreakdown b -> {
        stage("endpointing", b.turnEndNanos() - b.userSpeechEndNanos());
        if (b.firstTokenNanos() >= 0) {
          stage("agent", b.firstTokenNanos() - b.turnEndNanos());
        }
        if (b.firstAudioNanos() >= 0) {
          stage("tts", b.firstAudioNanos() - Math.max(b.firstTokenNanos(), b.turnEndNanos()));
          stage("playout", b.atNanos() - b.firstAudioNanos());
        }
        stage("total", b.atNanos() - b.userSpeechEndNanos());
      }
      case SessionEvent.UserTurnEnded e -> counter("parley.turns", Tags.empty()).increment();
      case SessionEvent.AgentInterrupted e ->
          counter("parley.interruptions", Tags.empty()).increment();
      case SessionEvent.InterruptionIgnored e ->
          counter("parley.interruptions.ignored", Tags.of("reason", e.reason())).increment();
      case SessionEvent.AgentSpeechStarted e ->
          counter("parley.agent.utterances", Tags.of("kind", lower(e.kind()))).increment();
      case SessionEvent.ToolCallStarted e -> toolStartNanos.put(e.id(), e.atNanos());
      case SessionEvent.ToolCallEnded e -> {
        Long start = toolStartNanos.remove(e.id());
        if (start != null) {
          Timer.builder("parley.tool.latency")
              .description("How long a tool call took, by tool and how it ended")
              .tags(tags)
              .tag("tool", e.name())
              .tag("status", lower(e.status()))
              .publishPercentileHistogram()
              .register(registry)
              .record(Duration.ofNanos(Math.max(0, e.atNanos() - start)));
        }
      }
      case SessionEvent.ServiceFailed e ->
          counter("parley.service.failures", Tags.of("component", e.component())).increment();
      case SessionEvent.SessionEnded e -> toolStartNanos.clear();
      case SessionEvent.UserSpeechStarted e -> {}
      case SessionEvent.UserSpeechEnded e -> {}
      case SessionEvent.TranscriptPartial e -> {}
      case SessionEvent.UserTurnEagerEnd e -> {}
      case SessionEvent.UserTurnResumed e -> {}
      case SessionEvent.AgentSpeechEnded e -> {}
      case SessionEvent.AgentResumed e -> {}
    }
  }

  private void stage(String stage, long nanos) {
    Timer.builder("parley.turn.latency")
        .description("Per-turn latency from the user's end of speech, by stage")
        .tags(tags)
        .tag("stage", stage)
        .publishPercentileHistogram()
        .register(registry)
        .record(Duration.ofNanos(Math.max(0, nanos)));
  }

  private Counter counter(String name, Tags extra) {
    return Counter.builder(name).tags(tags).tags(extra).register(registry);
  }

  private static String lower(Enum<?> value) {
    return value.name().toLowerCase(Locale.ROOT);
  }
}
