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

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parley.core.event.SpeechKind;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * How one call measured up: whether each expectation held (and why not), and the per-call measures
 * the suite's metrics are aggregated from. A call the scenario could not be played as written (the
 * agent never spoke, so there was nothing to overlap) is invalid: listed as failing, left out of
 * the rates.
 *
 * @param measures per-call values by metric name: 0/1 flags and milliseconds
 */
public record Verdict(
    ScenarioRun run,
    boolean passed,
    boolean valid,
    List<String> failures,
    Map<String, Double> measures) {

  public Verdict {
    failures = List.copyOf(failures);
    measures = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(measures));
  }

  /**
   * The onset delay the VAD needs: an agent starting this soon after the user resumes was cued by
   * the pause.
   */
  static final long RESUME_GRACE_MILLIS = 300;

  private static final ObjectMapper JSON = new ObjectMapper();

  /** Judges {@code run} against its scenario's expectations. */
  public static Verdict of(ScenarioRun run) {
    CallFacts f = new CallFacts(run);
    List<String> failures = new ArrayList<>();
    Map<String, Double> m = new LinkedHashMap<>();
    boolean valid = true;
    for (String note : run.notes()) {
      failures.add(note);
    }
    long end = f.userEndMillis();
    for (Scenario.Expectation e : run.scenario().expectations()) {
      switch (e) {
        case Scenario.Expectation.Hold h -> {
          boolean tookOver = false;
          boolean spoke = false;
          for (SimulatedUser.Span p : f.pauses) {
            for (CallFacts.Utterance u : f.utterances) {
              if (u.kind() != SpeechKind.BACKCHANNEL
                  && u.startMillis() >= p.startMillis()
                  && u.startMillis() < p.endMillis() + RESUME_GRACE_MILLIS) {
                spoke = true;
              }
            }
            for (CallFacts.Utterance u : f.utterances) {
              if (u.takesTurn()
                  && u.startMillis() >= p.startMillis()
                  && u.startMillis() < p.endMillis() + RESUME_GRACE_MILLIS) {
                tookOver = true;
                failures.add(
                    "took the turn in the "
                        + (p.endMillis() - p.startMillis())
                        + " ms pause at "
                        + p.startMillis()
                        + " ms: \""
                        + u.heardText().strip()
                        + "\"");
                break;
              }
            }
          }
          m.put("took_over", tookOver ? 1.0 : 0.0);
          m.put("spoke_in_pause", spoke ? 1.0 : 0.0);
        }
        case Scenario.Expectation.Take t -> {
          CallFacts.Utterance first = f.firstFrom(end, SpeechKind.RESPONSE);
          CallFacts.Utterance taking = null;
          for (CallFacts.Utterance u : f.utterances) {
            if (u.startMillis() >= end && u.takesTurn()) {
              taking = u;
              break;
            }
          }
          m.put("took_turn", taking != null ? 1.0 : 0.0);
          if (taking == null) {
            failures.add("never took the turn after the user ended at " + end + " ms");
          } else {
            long latency = (first != null ? first : taking).startMillis() - end;
            m.put("latency_ms", (double) latency);
            if (latency > t.withinMillis()) {
              failures.add(
                  "answered "
                      + latency
                      + " ms after the user ended (budget "
                      + t.withinMillis()
                      + " ms)");
            }
          }
        }
        case Scenario.Expectation.Keep k -> {
          SimulatedUser.Span o = f.overlap();
          if (o == null || !speakingAround(run, o.startMillis())) {
            valid = false;
            failures.add(
                "the agent was not speaking when the user's overlap began: nothing to keep");
            break;
          }
          boolean stopped = false;
          for (long at : f.interruptionsMillis) {
            if (at >= o.startMillis()) {
              stopped = true;
              failures.add("stopped at " + at + " ms for the user's \"" + o.text() + "\"");
              break;
            }
          }
          m.put("false_stop", stopped ? 1.0 : 0.0);
          // How long the agent held still for it: from its audio's first gap after the onset until
          // it spoke again (at most 3 s past the backchannel).
          long held = 0;
          long at = o.startMillis() - o.startMillis() % 20;
          long limit = Math.min(run.callMillis(), o.endMillis() + 3000);
          while (at < limit && run.agentAudibleAt(at)) {
            at += 20; // the agent talks on until its VAD hears the onset
          }
          while (at < limit && !run.agentAudibleAt(at)) {
            held += 20;
            at += 20;
          }
          if (!stopped) {
            m.put("held_ms", (double) held);
          }
        }
        case Scenario.Expectation.Stop s -> {
          SimulatedUser.Span o = f.overlap();
          if (o == null || !speakingAround(run, o.startMillis())) {
            valid = false;
            failures.add("the agent was not speaking when the user interrupted: nothing to stop");
            break;
          }
          boolean interrupted =
              f.interruptionsMillis.stream().anyMatch(at -> at >= o.startMillis());
          m.put("stopped", interrupted ? 1.0 : 0.0);
          if (!interrupted) {
            failures.add("kept talking through the user's \"" + o.text() + "\"");
          } else {
            long silentAt = o.startMillis();
            while (run.agentAudibleAt(silentAt) && silentAt < run.callMillis()) {
              silentAt += 20;
            }
            long latency = silentAt - o.startMillis();
            m.put("stop_latency_ms", (double) latency);
            if (latency > s.withinMillis()) {
              failures.add(
                  "stopped "
                      + latency
                      + " ms after the user began (budget "
                      + s.withinMillis()
                      + " ms)");
            }
          }
          boolean answered = false;
          for (CallFacts.Utterance u : f.utterances) {
            if (u.startMillis() > o.startMillis() && u.takesTurn()) {
              answered = true;
              m.put("reply_latency_ms", (double) (u.startMillis() - o.endMillis()));
              break;
            }
          }
          m.put("took_turn", answered ? 1.0 : 0.0);
          if (!answered) {
            failures.add("did not answer the interruption");
          }
        }
        case Scenario.Expectation.Tool t -> checkTool(f, t, failures, m);
        case Scenario.Expectation.NoTool t -> {
          for (CallFacts.ToolCall c : f.tools) {
            if (c.name().equals(t.name()) && c.kept()) {
              failures.add("called " + t.name() + " " + c.argumentsJson() + " and kept it");
              m.put("tools_ok", 0.0);
            }
          }
        }
      }
    }
    if (run.scenario().suite().needsTools()) {
      toolMeasures(f, m);
    }
    boolean passed = valid && failures.isEmpty();
    return new Verdict(run, passed, valid, failures, m);
  }

  /** Whether agent audio was playing within 60 ms either side of {@code millis}. */
  private static boolean speakingAround(ScenarioRun run, long millis) {
    for (long at = millis - 60; at <= millis + 60; at += 20) {
      if (run.agentAudibleAt(at)) {
        return true;
      }
    }
    return false;
  }

  /**
   * The expected call must be the last completed call of its tool with the expected values. An
   * earlier completed call with other values is a stale intent kept, unless the tool only reads (a
   * superseded search is harmless) or the call was speculative (discarded unless the final turn
   * repeats it).
   */
  private static void checkTool(
      CallFacts f, Scenario.Expectation.Tool t, List<String> failures, Map<String, Double> m) {
    CallFacts.ToolCall last = null;
    boolean ok = true;
    for (CallFacts.ToolCall c : f.tools) {
      if (c.name().equals(t.name()) && c.kept()) {
        last = c;
      }
    }
    if (last == null) {
      failures.add("never completed " + t.name() + " " + t.arguments());
      ok = false;
    } else {
      List<String> wrong = mismatches(last, t);
      if (!wrong.isEmpty()) {
        failures.add("completed " + t.name() + " with " + String.join(", ", wrong));
        ok = false;
      }
      boolean readOnly = f.run.readOnlyTools().contains(t.name());
      for (CallFacts.ToolCall c : f.tools) {
        if (c != last
            && c.name().equals(t.name())
            && c.kept()
            && !c.speculative()
            && !readOnly
            && !mismatches(c, t).isEmpty()) {
          failures.add("kept a stale " + t.name() + " with " + String.join(", ", mismatches(c, t)));
          ok = false;
        }
      }
    }
    if (!ok) {
      m.put("tools_ok", 0.0);
    } else {
      m.putIfAbsent("tools_ok", 1.0);
    }
  }

  private static List<String> mismatches(CallFacts.ToolCall c, Scenario.Expectation.Tool t) {
    Map<String, String> args = arguments(c.argumentsJson());
    List<String> wrong = new ArrayList<>();
    for (var want : t.arguments().entrySet()) {
      String got = args.get(want.getKey());
      if (got == null || !normal(got).equals(normal(want.getValue()))) {
        wrong.add(
            want.getKey()
                + "="
                + (got == null ? "(missing)" : got)
                + " (want "
                + want.getValue()
                + ")");
      }
    }
    return wrong;
  }

  /**
   * Whether the agent started while the user held the turn: inside the user's speech or a pause
   * within their turn. The gap between a dialogue's turns (the user waiting for the answer, then
   * replying to it) is the agent's, not an interruption.
   */
  static boolean startsWhileUserHoldsTurn(CallFacts f, long millis) {
    for (SimulatedUser.Span s : f.speech) {
      if (millis >= s.startMillis() && millis < s.endMillis()) {
        return true;
      }
    }
    for (SimulatedUser.Span p : f.pauses) {
      if (millis >= p.startMillis() && millis < p.endMillis()) {
        return true;
      }
    }
    return false;
  }

  /** The FDB-v3 per-call measures of a tool-use call. */
  private static void toolMeasures(CallFacts f, Map<String, Double> m) {
    m.putIfAbsent("tools_ok", 1.0);
    long end = f.userEndMillis();
    CallFacts.Utterance firstAudio = null;
    CallFacts.Utterance firstResponse = null;
    boolean interrupted = false;
    for (CallFacts.Utterance u : f.utterances) {
      if (u.kind() == SpeechKind.BACKCHANNEL) {
        continue;
      }
      if (startsWhileUserHoldsTurn(f, u.startMillis())) {
        interrupted = true;
      }
      if (u.startMillis() >= end && firstAudio == null) {
        firstAudio = u;
      }
      if (u.startMillis() >= end && u.kind() == SpeechKind.RESPONSE && firstResponse == null) {
        firstResponse = u;
      }
    }
    m.put("interrupted_user", interrupted ? 1.0 : 0.0);
    m.put("took_turn", firstResponse != null ? 1.0 : 0.0);
    m.put("filler", firstAudio != null && firstAudio.kind() == SpeechKind.FILLER ? 1.0 : 0.0);
    if (firstAudio != null) {
      m.put("first_word_latency_ms", (double) (firstAudio.startMillis() - end));
    }
    boolean preemptive = false;
    CallFacts.ToolCall firstTool = null;
    long lastToolEnd = -1;
    for (CallFacts.ToolCall c : f.tools) {
      if (c.startMillis() < end) {
        preemptive = true;
      }
      if (firstTool == null) {
        firstTool = c;
      }
      if (c.kept() && c.endMillis() > lastToolEnd) {
        lastToolEnd = c.endMillis();
      }
    }
    m.put("preemptive_tool_call", preemptive ? 1.0 : 0.0);
    if (firstTool != null) {
      m.put("tool_call_latency_ms", (double) (firstTool.startMillis() - end));
    }
    // The task is complete when the answer built on the last tool's result begins.
    CallFacts.Utterance answer = f.firstFrom(Math.max(end, lastToolEnd), SpeechKind.RESPONSE);
    if (answer != null) {
      m.put("task_completion_latency_ms", (double) (answer.startMillis() - end));
    }
    long until = answer != null ? answer.startMillis() : f.run.callMillis();
    long longest = 0;
    long gap = 0;
    for (long at = end; at < until; at += 20) {
      gap = f.someoneSpeaksAt(at) ? 0 : gap + 20;
      longest = Math.max(longest, gap);
    }
    m.put("max_silent_gap_ms", (double) longest);
  }

  private static Map<String, String> arguments(String json) {
    Map<String, String> out = new LinkedHashMap<>();
    try {
      JsonNode node = JSON.readTree(json);
      if (node != null && node.isObject()) {
        for (var field : node.properties()) {
          out.put(
              field.getKey(),
              field.getValue().isValueNode()
                  ? field.getValue().asText()
                  : field.getValue().toString());
        }
      }
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      // Arguments that are not JSON match nothing.
    }
    return out;
  }

  private static String normal(String s) {
    return s.strip().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
  }

  /** The measure {@code name}, if this call has it. */
  public @Nullable Double measure(String name) {
    return measures.get(name);
  }
}
