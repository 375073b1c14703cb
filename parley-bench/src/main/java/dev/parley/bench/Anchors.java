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

import java.util.Map;
import java.util.Optional;

/**
 * The published numbers each metric is shown against (Full-Duplex-Bench v1 and v3, and the human
 * turn-taking budget), with which direction is better.
 */
final class Anchors {
  /** One published reference. */
  record Anchor(String text, boolean lowerIsBetter) {}

  private static final Map<String, Anchor> ANCHORS =
      Map.ofEntries(
          Map.entry(
              "pause_handling.tor", new Anchor("best 0.01 synthetic / 0.12 Candor (FDB v1)", true)),
          Map.entry("smooth_turn_taking.tor", new Anchor("best 1.0 (FDB v1)", false)),
          Map.entry(
              "smooth_turn_taking.latency_ms_p50",
              new Anchor("Moshi 265 ms (FDB v1); humans ~200 ms", true)),
          Map.entry(
              "smooth_turn_taking.latency_ms_p90",
              new Anchor("pauses over ~400 ms are noticed", true)),
          Map.entry("backchannel.false_stop_rate", new Anchor("best 0 (FDB v1)", true)),
          Map.entry("user_interruption.tor", new Anchor("best 1.0 (FDB v1)", false)),
          Map.entry(
              "user_interruption.stop_latency_ms_p50",
              new Anchor("humans yield within ~200 ms", true)),
          Map.entry(
              "self_correction.pass_rate", new Anchor("best 0.588, cascade 0.18 (FDB v3)", false)),
          Map.entry("tool_use.pass_at_1", new Anchor("best 0.60 (FDB v3)", false)),
          Map.entry("tool_use.turn_take_rate", new Anchor("best 0.96–1.00 (FDB v3)", false)),
          Map.entry("tool_use.interruption_rate", new Anchor("best 0.135 (FDB v3)", true)),
          Map.entry("tool_use.filler_rate", new Anchor("lowest 0.089 (FDB v3)", true)),
          Map.entry(
              "tool_use.first_word_latency_ms_p50", new Anchor("best 3880 ms (FDB v3)", true)),
          Map.entry("tool_use.tool_call_latency_ms_p50", new Anchor("best 630 ms (FDB v3)", true)),
          Map.entry(
              "tool_use.task_completion_latency_ms_p50", new Anchor("best 4250 ms (FDB v3)", true)),
          Map.entry(
              "tool_use.max_silent_gap_ms", new Anchor("past 1.5 s a call feels dead", true)));

  private Anchors() {}

  static Optional<Anchor> of(String suite, String metric) {
    return Optional.ofNullable(ANCHORS.get(suite + "." + metric));
  }
}
