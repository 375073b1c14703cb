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

import java.util.List;
import java.util.Map;

/**
 * One call of the benchmark, written from the user's side: what the user says and when, in which
 * voice, what the stand-in agent answers, how long each tool takes, and what the agent is expected
 * to do. Immutable; read from a scenario file by {@link ScenarioParser}.
 *
 * @param suite the suite the scenario belongs to
 * @param name unique within its file
 * @param file where it was read from, for messages
 * @param line the line of its {@code scenario} header
 * @param voice how the user sounds
 * @param steps the user's side, in order
 * @param agentReplies what the stand-in agent says, one per user turn (the last repeats)
 * @param toolLatencyMillis how long each tool takes, for agents with tools
 * @param expectations what the agent must do
 * @param tailMillis how long the call goes on after the user's last step
 */
public record Scenario(
    Suite suite,
    String name,
    String file,
    int line,
    Voice voice,
    List<Step> steps,
    List<String> agentReplies,
    Map<String, Long> toolLatencyMillis,
    List<Expectation> expectations,
    long tailMillis) {

  public Scenario {
    steps = List.copyOf(steps);
    agentReplies = List.copyOf(agentReplies);
    toolLatencyMillis =
        java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(toolLatencyMillis));
    expectations = List.copyOf(expectations);
  }

  /** {@code suite/name}, the scenario's name in reports. */
  public String id() {
    return suite.id() + "/" + name;
  }

  /**
   * How the user sounds: the embedded voice, spoken faster or slower (a time stretch that keeps
   * pitch and formants), with background noise at a signal-to-noise ratio, and through a phone line
   * (8 kHz μ-law).
   *
   * @param name the voice ({@code slt})
   * @param rate speaking rate against the voice's own, 0.7–1.4
   * @param noiseSnrDb signal-to-noise ratio of added noise in dB, or {@link Double#NaN} for none
   * @param phone whether the audio goes through an 8 kHz μ-law phone channel
   */
  public record Voice(String name, double rate, double noiseSnrDb, boolean phone) {
    public static Voice plain() {
      return new Voice("slt", 1.0, Double.NaN, false);
    }

    /** Whether noise is added. */
    public boolean noisy() {
      return !Double.isNaN(noiseSnrDb);
    }
  }

  /** One step of the user's side. */
  public sealed interface Step {
    /** The line it was written on. */
    int line();

    /** The user says {@code text} (hesitations, backchannels and corrections are just words). */
    record Say(int line, String text) implements Step {}

    /**
     * The user says {@code text}, taken from a real recording (any WAV the runtime reads) instead
     * of the synthesised voice; the words are spread evenly over the recording's speech.
     *
     * @param fromMillis where the slice of the recording starts (0 for its start)
     * @param toMillis where it ends, or {@link #TO_END} for the recording's end; real utterances
     *     are spliced by cutting at word boundaries
     */
    record Recording(int line, java.nio.file.Path wav, String text, long fromMillis, long toMillis)
        implements Step {
      public static final long TO_END = Long.MAX_VALUE;

      public Recording {
        if (fromMillis < 0 || toMillis <= fromMillis) {
          throw new IllegalArgumentException(
              "a slice must run forwards from 0 or later: " + fromMillis + ".." + toMillis);
        }
      }

      /** The whole recording. */
      public Recording(int line, java.nio.file.Path wav, String text) {
        this(line, wav, text, 0, TO_END);
      }

      /** Whether only part of the recording is played. */
      public boolean sliced() {
        return fromMillis > 0 || toMillis != TO_END;
      }
    }

    /** A pause inside the user's turn: the agent must not take the turn in it. */
    record Pause(int line, long millis) implements Step {}

    /** Silence the user leaves, such as after finishing a turn. */
    record Wait(int line, long millis) implements Step {}

    /**
     * The user waits until the agent's reply is audible (at most {@code timeoutMillis}), then
     * {@code millis} more: the next step overlaps the agent.
     */
    record AfterAgent(int line, long millis) implements Step {
      public static final long TIMEOUT_MILLIS = 10_000;
    }

    /**
     * The user waits until the agent has finished a reply (at most 20 s), then {@code millis} more:
     * the next step answers it.
     */
    record AfterReply(int line, long millis) implements Step {
      public static final long TIMEOUT_MILLIS = 20_000;
    }
  }

  /** What the agent is expected to do. */
  public sealed interface Expectation {
    int line();

    /** Never take the turn in any of the user's pauses. */
    record Hold(int line) implements Expectation {}

    /** Take the turn after the user ends, first audio within {@code withinMillis}. */
    record Take(int line, long withinMillis) implements Expectation {}

    /** Keep talking through the user's overlapping speech. */
    record Keep(int line) implements Expectation {}

    /** Stop talking within {@code withinMillis} of the user's overlapping speech, then answer. */
    record Stop(int line, long withinMillis) implements Expectation {}

    /**
     * Call tool {@code name} with at least these arguments (compared as text, case and surrounding
     * space ignored), and keep no call of it with other values for them.
     */
    record Tool(int line, String name, Map<String, String> arguments) implements Expectation {
      public Tool {
        // In the order written: Map.copyOf iterates in a per-JVM order, and the failure messages
        // print these, so two runs of one bench would differ.
        arguments = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(arguments));
      }
    }

    /** Never call tool {@code name} (a call cancelled before it finished is allowed). */
    record NoTool(int line, String name) implements Expectation {}
  }
}
