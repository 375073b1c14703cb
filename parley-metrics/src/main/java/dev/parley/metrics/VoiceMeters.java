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

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The voice meters of every call in one {@link MeterRegistry}: the answer to "how fast are my
 * calls" and to what happened in them. Built once per registry and shared by all calls; {@link
 * TurnMetrics} feeds it from each call's events. Thread-safe (Micrometer meters are).
 *
 * <p>Prometheus names (timers are histograms with cumulative buckets, so any window's quantiles
 * come from the difference of two scrapes):
 *
 * <ul>
 *   <li>{@code parley_response_latency_seconds}: the voice SLO, from the user's end of speech to
 *       the first audio of the reply leaving for the caller;
 *   <li>{@code parley_turn_decision_seconds}: end of speech to the end-of-turn decision;
 *   <li>{@code parley_recognizer_final_seconds}: the recogniser asked to finish to its final words;
 *   <li>{@code parley_agent_first_token_seconds}: end-of-turn decision to the agent's first text
 *       (zero when a speculative start had it ready);
 *   <li>{@code parley_synthesizer_first_audio_seconds}: the agent's first text (or the turn end,
 *       whichever is later) to the synthesiser's first audio;
 *   <li>{@code parley_tool_latency_seconds{tool,status}};
 *   <li>{@code parley_turns_total}, {@code parley_barge_ins_total}, {@code
 *       parley_false_interruptions_total}, {@code parley_interruptions_ignored_total{reason}},
 *       {@code parley_fillers_total}, {@code parley_agent_utterances_total{kind}}, {@code
 *       parley_service_failures_total{component}}.
 * </ul>
 */
public final class VoiceMeters {
  private final MeterRegistry registry;
  private final Tags tags;
  private final Timer responseLatency;
  private final Timer turnDecision;
  private final Timer recognizerFinal;
  private final Timer agentFirstToken;
  private final Timer synthesizerFirstAudio;
  private final Counter turns;
  private final Counter bargeIns;
  private final Counter falseInterruptions;
  private final Counter fillers;

  /** Meters in {@code registry}, each with {@code tags} (the agent's name, for instance). */
  public VoiceMeters(MeterRegistry registry, Tags tags) {
    this.registry = registry;
    this.tags = tags;
    this.responseLatency =
        latency(
            "parley.response.latency",
            "From the user's end of speech to the first audio of the reply sent to the caller");
    this.turnDecision =
        latency(
            "parley.turn.decision", "From the user's end of speech to the end-of-turn decision");
    this.recognizerFinal =
        latency(
            "parley.recognizer.final",
            "From asking the recogniser to finish an utterance to its final words");
    this.agentFirstToken =
        latency(
            "parley.agent.first.token",
            "From the end-of-turn decision to the agent's first text (0 if it started early)");
    this.synthesizerFirstAudio =
        latency(
            "parley.synthesizer.first.audio",
            "From the agent's first text (or the turn end) to the synthesiser's first audio");
    this.turns = counter("parley.turns", "User turns the agent answered", Tags.empty());
    this.bargeIns =
        counter(
            "parley.barge.ins", "Replies the user interrupted (the agent stopped)", Tags.empty());
    this.falseInterruptions =
        counter(
            "parley.false.interruptions",
            "Overlaps that paused the agent and turned out not to be a turn (it resumed)",
            Tags.empty());
    this.fillers = counter("parley.fillers", "Fillers said while a slow tool ran", Tags.empty());
  }

  public VoiceMeters(MeterRegistry registry) {
    this(registry, Tags.empty());
  }

  /** The registry the meters live in. */
  public MeterRegistry registry() {
    return registry;
  }

  void responseLatency(long nanos) {
    record(responseLatency, nanos);
  }

  void turnDecision(long nanos) {
    record(turnDecision, nanos);
  }

  /** Records how long the recogniser took from being asked to finish to its final words. */
  public void recognizerFinal(long nanos) {
    record(recognizerFinal, nanos);
  }

  void agentFirstToken(long nanos) {
    record(agentFirstToken, nanos);
  }

  void synthesizerFirstAudio(long nanos) {
    record(synthesizerFirstAudio, nanos);
  }

  void turn() {
    turns.increment();
  }

  void bargeIn() {
    bargeIns.increment();
  }

  void falseInterruption() {
    falseInterruptions.increment();
  }

  void filler() {
    fillers.increment();
  }

  void interruptionIgnored(String reason) {
    counter(
            "parley.interruptions.ignored",
            "User sound under agent speech that did not interrupt it, by reason",
            Tags.of("reason", reason))
        .increment();
  }

  void utterance(String kind) {
    counter("parley.agent.utterances", "Things the agent said, by kind", Tags.of("kind", kind))
        .increment();
  }

  void tool(String tool, String status, long nanos) {
    Timer.builder("parley.tool.latency")
        .description("How long a tool call took, by tool and how it ended")
        .tags(tags)
        .tag("tool", tool)
        .tag("status", status)
        .publishPercentileHistogram()
        .minimumExpectedValue(Duration.ofMillis(1))
        .maximumExpectedValue(Duration.ofSeconds(60))
        .register(registry)
        .record(Math.max(0, nanos), TimeUnit.NANOSECONDS);
  }

  /** Counts a failure of a call's component (recogniser, agent, synthesizer, tool). */
  public void serviceFailure(String component) {
    counter(
            "parley.service.failures",
            "Failures of a call's services, by component",
            Tags.of("component", component))
        .increment();
  }

  private Timer latency(String name, String description) {
    return Timer.builder(name)
        .description(description)
        .tags(tags)
        .publishPercentiles(0.5, 0.9, 0.99)
        .distributionStatisticExpiry(Duration.ofMinutes(1))
        .publishPercentileHistogram()
        .minimumExpectedValue(Duration.ofMillis(10))
        .maximumExpectedValue(Duration.ofSeconds(30))
        .register(registry);
  }

  private Counter counter(String name, String description, Tags extra) {
    return Counter.builder(name).description(description).tags(tags).tags(extra).register(registry);
  }

  private static void record(Timer timer, long nanos) {
    timer.record(Math.max(0, nanos), TimeUnit.NANOSECONDS);
  }
}
