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

import dev.parley.core.event.SpeechKind;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The τ-voice interaction metrics (tau2-bench {@code docs/interaction-metrics.md}) of a suite's
 * calls, computed from the same facts as the Full-Duplex-Bench metrics, at the bench's 20 ms
 * resolution instead of τ-voice's 200 ms ticks:
 *
 * <ul>
 *   <li><b>L_R / R_R</b> ({@code tau_response_latency_ms_*}, {@code tau_response_rate}): for each
 *       user turn (speech joined across the scenario's in-turn pauses) that ended with the agent
 *       silent, whether the agent's reply or filler started before the user spoke again, and how
 *       long after the turn's true end.
 *   <li><b>L_Y / R_Y</b> ({@code tau_yield_latency_ms_*}, {@code tau_yield_rate}): for each user
 *       speech that starts over the agent's audio and is not a backchannel, whether the agent went
 *       silent (for at least one 200 ms tick) within 2 s of the onset, and how soon.
 *   <li><b>S_BC</b> ({@code tau_selectivity_backchannel}): the share of backchannels (the overlaps
 *       of {@code expect keep} scenarios) after which the agent did not go silent for a tick within
 *       1 s. A pause that resumes counts as yielding here, as it does in τ-voice's audio timeline.
 *   <li><b>I_A</b> ({@code tau_agent_interruption_rate}): agent replies or fillers that start while
 *       the user is speaking, per user turn.
 * </ul>
 *
 * Each rate comes with the count of events behind it ({@code tau_*_events}); a metric with no event
 * is left out rather than reported as zero.
 */
final class InteractionMetrics {
  static final long NO_YIELD_WINDOW_MILLIS = 2000;
  static final long BACKCHANNEL_YIELD_WINDOW_MILLIS = 1000;

  /** A silence must last one τ-voice tick to count as the agent stopping. */
  static final long TICK_MILLIS = 200;

  private static final long FRAME_MILLIS = 20;

  private InteractionMetrics() {}

  /** The events of one call. */
  record Events(
      int userTurns,
      int eligibleTurns,
      List<Long> responseLatencies,
      int interruptions,
      List<Long> yieldLatencies,
      int backchannels,
      int backchannelErrors,
      int agentInterruptions) {}

  /** Extracts the events of one call. */
  static Events of(ScenarioRun run) {
    CallFacts f = new CallFacts(run);
    boolean keeps =
        run.scenario().expectations().stream()
            .anyMatch(e -> e instanceof Scenario.Expectation.Keep);
    List<long[]> turns = new ArrayList<>();
    List<SimulatedUser.Span> spans = run.spans();
    int backchannels = 0;
    int backchannelErrors = 0;
    int interruptions = 0;
    List<Long> yields = new ArrayList<>();
    boolean joinNext = false;
    for (SimulatedUser.Span s : spans) {
      if (s.kind() == SimulatedUser.Span.Kind.PAUSE) {
        joinNext = !turns.isEmpty();
        continue;
      }
      boolean backchannel = keeps && s.overAgent();
      if (backchannel) {
        backchannels++;
        long stop = silenceFrom(run, s.startMillis(), BACKCHANNEL_YIELD_WINDOW_MILLIS);
        if (stop >= 0) {
          backchannelErrors++;
        }
        joinNext = false;
        continue;
      }
      if (run.agentAudibleAt(s.startMillis())) {
        interruptions++;
        long stop = silenceFrom(run, s.startMillis(), NO_YIELD_WINDOW_MILLIS);
        if (stop >= 0) {
          yields.add(stop - s.startMillis());
        }
      }
      if (joinNext) {
        turns.getLast()[1] = s.endMillis();
      } else {
        turns.add(new long[] {s.startMillis(), s.endMillis()});
      }
      joinNext = false;
    }
    List<Long> responses = new ArrayList<>();
    int eligible = 0;
    for (int i = 0; i < turns.size(); i++) {
      long end = turns.get(i)[1];
      long next = i + 1 < turns.size() ? turns.get(i + 1)[0] : run.callMillis();
      if (run.agentAudibleAt(end)) {
        continue; // an interruption still unresolved at the turn's end: no response to measure
      }
      eligible++;
      for (CallFacts.Utterance u : f.utterances) {
        if (u.kind() != SpeechKind.BACKCHANNEL
            && u.startMillis() >= end
            && u.startMillis() < next) {
          responses.add(u.startMillis() - end);
          break;
        }
      }
    }
    int agentInterruptions = 0;
    for (CallFacts.Utterance u : f.utterances) {
      if (u.kind() == SpeechKind.BACKCHANNEL) {
        continue; // the agent's own "mhm" while the user holds the turn is meant to overlap
      }
      for (SimulatedUser.Span s : f.speech) {
        if (!(keeps && s.overAgent())
            && u.startMillis() >= s.startMillis()
            && u.startMillis() < s.endMillis()) {
          agentInterruptions++;
          break;
        }
      }
    }
    return new Events(
        turns.size(),
        eligible,
        responses,
        interruptions,
        yields,
        backchannels,
        backchannelErrors,
        agentInterruptions);
  }

  /**
   * The first moment in {@code [from, from + window]} at which the agent's audio goes silent for a
   * whole tick, or -1.
   */
  static long silenceFrom(ScenarioRun run, long from, long window) {
    long start = from - from % FRAME_MILLIS;
    for (long at = start; at <= from + window; at += FRAME_MILLIS) {
      boolean silentTick = true;
      for (long t = at; t < at + TICK_MILLIS; t += FRAME_MILLIS) {
        if (run.agentAudibleAt(t)) {
          silentTick = false;
          break;
        }
      }
      if (silentTick) {
        return Math.max(at, from);
      }
    }
    return -1;
  }

  /** The suite-level metrics over the valid calls of a suite. */
  static Map<String, Number> aggregate(List<Verdict> valid) {
    int turns = 0;
    int eligible = 0;
    int interruptions = 0;
    int backchannels = 0;
    int backchannelErrors = 0;
    int agentInterruptions = 0;
    List<Long> responses = new ArrayList<>();
    List<Long> yields = new ArrayList<>();
    for (Verdict v : valid) {
      Events e = of(v.run());
      turns += e.userTurns();
      eligible += e.eligibleTurns();
      interruptions += e.interruptions();
      backchannels += e.backchannels();
      backchannelErrors += e.backchannelErrors();
      agentInterruptions += e.agentInterruptions();
      responses.addAll(e.responseLatencies());
      yields.addAll(e.yieldLatencies());
    }
    Map<String, Number> m = new LinkedHashMap<>();
    if (eligible > 0) {
      m.put("tau_response_rate", round(responses.size() / (double) eligible));
      m.put("tau_user_turn_events", eligible);
    }
    if (turns > 0) {
      // Per user turn, every turn: one the agent ran into is the point of the measure.
      m.put("tau_agent_interruption_rate", round(agentInterruptions / (double) turns));
    }
    if (!responses.isEmpty()) {
      m.put("tau_response_latency_ms_mean", Math.round(mean(responses)));
      m.put("tau_response_latency_ms_p50", SuiteScore.percentile(toArray(responses), 50));
      m.put("tau_response_latency_ms_p90", SuiteScore.percentile(toArray(responses), 90));
    }
    if (interruptions > 0) {
      m.put("tau_yield_rate", round(yields.size() / (double) interruptions));
      m.put("tau_interruption_events", interruptions);
    }
    if (!yields.isEmpty()) {
      m.put("tau_yield_latency_ms_mean", Math.round(mean(yields)));
      m.put("tau_yield_latency_ms_p50", SuiteScore.percentile(toArray(yields), 50));
    }
    if (backchannels > 0) {
      m.put("tau_selectivity_backchannel", round(1 - backchannelErrors / (double) backchannels));
      m.put("tau_backchannel_events", backchannels);
    }
    return m;
  }

  private static double mean(List<Long> values) {
    double sum = 0;
    for (long v : values) {
      sum += v;
    }
    return sum / values.size();
  }

  private static double[] toArray(List<Long> values) {
    double[] out = new double[values.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = values.get(i);
    }
    return out;
  }

  private static double round(double v) {
    return Math.round(v * 1000) / 1000.0;
  }
}
