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
package dev.parley.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The metrics of one suite under one configuration, aggregated from its calls' {@link Verdict}s as
 * Full-Duplex-Bench defines them (see {@code docs/bench.md}). Rates are over valid calls; latencies
 * are nearest-rank percentiles over the calls that have them; a metric with no call to measure is
 * left out rather than reported as zero.
 */
public record SuiteScore(
    Suite suite, String config, List<Verdict> verdicts, Map<String, Number> metrics) {

  public SuiteScore {
    verdicts = List.copyOf(verdicts);
    metrics = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
  }

  /** Scores {@code verdicts}, all of {@code suite} under {@code config}. */
  public static SuiteScore of(Suite suite, String config, List<Verdict> verdicts) {
    Map<String, Number> m = new LinkedHashMap<>();
    List<Verdict> valid = verdicts.stream().filter(Verdict::valid).toList();
    switch (suite) {
      case PAUSE_HANDLING -> {
        put(m, "tor", mean(valid, "took_over"));
        put(m, "spoke_in_pause_rate", mean(valid, "spoke_in_pause"));
      }
      case SMOOTH_TURN_TAKING -> {
        put(m, "tor", mean(valid, "took_turn"));
        put(m, "latency_ms_p50", percentile(valid, "latency_ms", 50));
        put(m, "latency_ms_p90", percentile(valid, "latency_ms", 90));
      }
      case BACKCHANNEL -> {
        put(m, "false_stop_rate", mean(valid, "false_stop"));
        put(m, "held_ms_p50", percentile(valid, "held_ms", 50));
      }
      case USER_INTERRUPTION -> {
        put(m, "stop_latency_ms_p50", percentile(valid, "stop_latency_ms", 50));
        put(m, "tor", mean(valid, "took_turn"));
        put(m, "stop_rate", mean(valid, "stopped"));
        put(m, "reply_latency_ms_p50", percentile(valid, "reply_latency_ms", 50));
      }
      case SELF_CORRECTION -> {
        put(m, "pass_rate", valid.isEmpty() ? null : passRate(valid));
        put(m, "pass_at_1", mean(valid, "tools_ok"));
        put(m, "preemptive_tool_call_rate", mean(valid, "preemptive_tool_call"));
      }
      case TOOL_USE -> {
        put(m, "pass_at_1", mean(valid, "tools_ok"));
        put(m, "turn_take_rate", mean(valid, "took_turn"));
        put(m, "interruption_rate", mean(valid, "interrupted_user"));
        put(m, "filler_rate", mean(valid, "filler"));
        put(m, "preemptive_tool_call_rate", mean(valid, "preemptive_tool_call"));
        put(m, "max_silent_gap_ms", percentile(valid, "max_silent_gap_ms", 100));
        put(m, "first_word_latency_ms_p50", percentile(valid, "first_word_latency_ms", 50));
        put(m, "tool_call_latency_ms_p50", percentile(valid, "tool_call_latency_ms", 50));
        put(
            m,
            "task_completion_latency_ms_p50",
            percentile(valid, "task_completion_latency_ms", 50));
      }
      case REAL, REAL_HELDOUT -> realSpeech(m, valid);
    }
    m.putAll(InteractionMetrics.aggregate(valid));
    m.put("scenarios", verdicts.size());
    m.put("passed", (int) verdicts.stream().filter(Verdict::passed).count());
    m.put("invalid", verdicts.size() - valid.size());
    return new SuiteScore(suite, config, verdicts, m);
  }

  /**
   * The real-speech suites mix behaviours, so each metric is taken over the calls that expect it:
   * the pause metrics over the calls with a pause to hold, the turn-taking ones over those with a
   * turn to take, the interruption ones over those that talk over the agent.
   */
  private static void realSpeech(Map<String, Number> m, List<Verdict> valid) {
    List<Verdict> holds = expecting(valid, Scenario.Expectation.Hold.class);
    List<Verdict> takes = expecting(valid, Scenario.Expectation.Take.class);
    List<Verdict> stops = expecting(valid, Scenario.Expectation.Stop.class);
    put(m, "pause_tor", mean(holds, "took_over"));
    put(m, "spoke_in_pause_rate", mean(holds, "spoke_in_pause"));
    put(m, "take_rate", mean(takes, "took_turn"));
    put(m, "latency_ms_p50", percentile(takes, "latency_ms", 50));
    put(m, "latency_ms_p90", percentile(takes, "latency_ms", 90));
    put(m, "stop_rate", mean(stops, "stopped"));
    put(m, "stop_latency_ms_p50", percentile(stops, "stop_latency_ms", 50));
    put(m, "pass_rate", valid.isEmpty() ? null : passRate(valid));
  }

  private static List<Verdict> expecting(
      List<Verdict> verdicts, Class<? extends Scenario.Expectation> kind) {
    return verdicts.stream()
        .filter(v -> v.run().scenario().expectations().stream().anyMatch(kind::isInstance))
        .toList();
  }

  /** The calls that did not pass, in scenario order. */
  public List<Verdict> failing() {
    return verdicts.stream().filter(v -> !v.passed()).toList();
  }

  /** Every value of per-call measure {@code name}, in scenario order. */
  public List<Double> values(String name) {
    List<Double> out = new ArrayList<>();
    for (Verdict v : verdicts) {
      Double d = v.measures().get(name);
      if (d != null && v.valid()) {
        out.add(d);
      }
    }
    return out;
  }

  private static void put(Map<String, Number> m, String key, @Nullable Number value) {
    if (value != null) {
      m.put(key, value);
    }
  }

  private static Double passRate(List<Verdict> valid) {
    return round(valid.stream().filter(Verdict::passed).count() / (double) valid.size());
  }

  private static @Nullable Double mean(List<Verdict> verdicts, String measure) {
    double sum = 0;
    int n = 0;
    for (Verdict v : verdicts) {
      Double d = v.measures().get(measure);
      if (d != null) {
        sum += d;
        n++;
      }
    }
    return n == 0 ? null : round(sum / n);
  }

  private static @Nullable Long percentile(List<Verdict> verdicts, String measure, int p) {
    double[] values =
        verdicts.stream()
            .map(v -> v.measures().get(measure))
            .filter(d -> d != null)
            .mapToDouble(Double::doubleValue)
            .toArray();
    return percentile(values, p);
  }

  /** Nearest-rank percentile, or null when there are no values. */
  static @Nullable Long percentile(double[] values, int p) {
    if (values.length == 0) {
      return null;
    }
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
    return Math.round(sorted[Math.clamp(index, 0, sorted.length - 1)]);
  }

  private static double round(double v) {
    return Math.round(v * 1000) / 1000.0;
  }
}
