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

import dev.parley.core.event.SessionEvent;
import dev.parley.core.event.SpeechKind;
import dev.parley.core.session.ModelledLatency;
import dev.parley.core.session.SessionConfig;
import dev.parley.core.tool.ToolCall;
import dev.parley.core.tool.ToolResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Scenarios of an agent with tools, from the user's side: tools that take 50 ms to 4 s (is the line
 * kept alive, never over the user, never for a fast tool, and does the answer follow the filler
 * without a gap?) and finished turns answered with and without speculation (how much does starting
 * on the eager end of turn save?). Oracle transcripts, the fake synthesiser (250 ms a word),
 * modelled latencies of a streaming cascade: agent 350 ms to the first token, TTS 80 ms to the
 * first audio. Every run of a scenario gives the same timeline.
 */
public final class AgentSuite {
  private static final long MS = 1_000_000L;

  /** The latencies of the cascade the scenarios model. */
  public static final ModelledLatency LATENCY =
      ModelledLatency.none().with("agent", 350).with("tts", 80);

  private AgentSuite() {}

  /**
   * The measures.
   *
   * @param toolScenarios scenarios with a tool of 50 ms to 4 s
   * @param maxSilenceMillis the longest stretch with nobody speaking between the user's last word
   *     and the answer, over all
   * @param fastToolFillers fillers said for tools that finished under the threshold
   * @param slowToolsMasked tools over the threshold that got a filler before they ended, in the
   *     scenarios where the user stays quiet
   * @param slowTools tools over the threshold, in those scenarios
   * @param fillersOverUser fillers that started while the user was speaking
   * @param maxAnswerGapMillis the longest gap between the end of a filler and the answer when the
   *     answer was ready before the filler ended
   * @param speculationScenarios finished turns run with and without speculation
   * @param latencyOnMillisP50 user speech end → first reply audio, speculation on, median
   * @param latencyOffMillisP50 the same with speculation off
   * @param savingMillisP50 median of the per-scenario saving
   */
  public record Result(
      int toolScenarios,
      long maxSilenceMillis,
      int fastToolFillers,
      int slowToolsMasked,
      int slowTools,
      int fillersOverUser,
      long maxAnswerGapMillis,
      int speculationScenarios,
      long latencyOnMillisP50,
      long latencyOffMillisP50,
      long savingMillisP50) {

    /** One line per measure, for logs and the README. */
    public String table() {
      return String.format(
          Locale.ROOT,
          """
          agent suite
            tool scenarios (50 ms - 4 s)          %d
            longest silence, user end -> answer   %d ms
            fillers for tools under threshold     %d
            slow tools masked                     %d of %d
            fillers started over the user         %d
            longest gap filler -> ready answer    %d ms
            speculation: scenarios                %d
            turn latency p50, speculation on/off  %d / %d ms
            saving p50                            %d ms
          """,
          toolScenarios,
          maxSilenceMillis,
          fastToolFillers,
          slowToolsMasked,
          slowTools,
          fillersOverUser,
          maxAnswerGapMillis,
          speculationScenarios,
          latencyOnMillisP50,
          latencyOffMillisP50,
          savingMillisP50);
    }
  }

  /** Runs every scenario under Parley's defaults (and, for the comparison, speculation off). */
  public static Result run() {
    SessionConfig config = SessionConfig.defaults();
    long threshold = config.masking().firstMillis();
    long[] latencies = {
      50, 120, 200, 300, 400, 500, 600, 650, 750, 900, 1100, 1300, 1600, 2000, 2400, 2800, 3200,
      3600, 4000
    };
    int scenarios = 0;
    long maxSilence = 0;
    int fastFillers = 0;
    int slow = 0;
    int masked = 0;
    int overUser = 0;
    long maxGap = 0;
    for (long latency : latencies) {
      for (boolean userTalks : new boolean[] {false, true}) {
        if (userTalks && latency < 1600) {
          continue; // the user speaking in the wait needs a wait to speak in
        }
        scenarios++;
        ToolRun run = toolScenario(config, latency, userTalks);
        maxSilence = Math.max(maxSilence, run.maxSilenceMillis);
        overUser += run.fillersOverUser;
        if (latency < threshold) {
          fastFillers += run.fillers;
        } else if (!userTalks) { // a user who talks over the wait fills it themselves
          slow++;
          if (run.maskedBeforeEnd) {
            masked++;
          }
        }
        if (run.answerGapMillis >= 0) {
          maxGap = Math.max(maxGap, run.answerGapMillis);
        }
      }
    }

    // Speculation side by side: the same finished turns, the same agent, on and off.
    String[] turns = {
      "book a flight to Boston please",
      "yes",
      "two passengers",
      "I want the window seat",
      "what time does it land",
      "the first one sounds good",
      "next Friday in the morning",
      "can you repeat the price",
      "I'll take the nine o'clock flight",
      "how much is it",
      "find me something cheaper",
      "is there a later flight",
      "from Chicago",
      "October seventh",
      "that works for me",
      "I need to change my flight",
      "show me flights to Denver",
      "what about Seattle",
      "check my booking",
      "no thanks",
    };
    SessionConfig off = config.withSpeculation(new SessionConfig.Speculation(false));
    List<Long> on = new ArrayList<>();
    List<Long> offs = new ArrayList<>();
    List<Long> savings = new ArrayList<>();
    for (int i = 0; i < turns.length; i++) {
      boolean withTool = i % 2 == 0;
      long a = turnLatency(config, turns[i], withTool);
      long b = turnLatency(off, turns[i], withTool);
      on.add(a);
      offs.add(b);
      savings.add(b - a);
    }
    return new Result(
        scenarios,
        maxSilence,
        fastFillers,
        masked,
        slow,
        overUser,
        maxGap,
        turns.length,
        percentile(on, 50),
        percentile(offs, 50),
        percentile(savings, 50));
  }

  private record ToolRun(
      int fillers,
      boolean maskedBeforeEnd,
      int fillersOverUser,
      long maxSilenceMillis,
      long answerGapMillis) {}

  /**
   * "when does my flight leave": the agent looks it up with a read-only tool of {@code latency},
   * then answers. With {@code userTalks}, the user says "okay sure" 900 ms into the wait.
   */
  static Timeline toolTimeline(long latency, boolean userTalks) {
    return toolTimelines(SessionConfig.defaults(), latency, userTalks);
  }

  private static ToolRun toolScenario(SessionConfig config, long latency, boolean userTalks) {
    Timeline t = toolTimelines(config, latency, userTalks);
    return measure(t, userTalks, latency);
  }

  private static Timeline toolTimelines(SessionConfig config, long latency, boolean userTalks) {
    FakeTool lookup =
        FakeTool.readOnly("booking_status", Duration.ofMillis(latency))
            .answering(args -> "{\"departs\":\"09:15\"}");
    FakeToolAgent agent =
        FakeToolAgent.of(
            List.of(lookup),
            (conversation, reply) -> {
              if (!conversation.lastUserText().contains("flight")) {
                return; // the user's "okay" needs no answer
              }
              ToolResult result =
                  reply.call(new ToolCall("s1", "booking_status", "{\"ref\":\"ABC123\"}"));
              reply.text(result.ok() ? "It leaves at nine fifteen." : "I could not check that.");
            });
    long speechEnd = 300 + 1500;
    ScriptedAudio.Builder script =
        ScriptedAudio.builder().silence(300).say("when does my flight leave", 1500);
    if (userTalks) {
      // The tool starts about 400 ms after the user stops (eager end plus the agent's latency).
      long at = speechEnd + 600 + userOffset(latency);
      script.silence(at - speechEnd).say("okay sure", 500);
    }
    ScriptedAudio audio = script.silence(500).build();
    Timeline t =
        EmbeddedSession.builder()
            .agent(agent)
            .config(config)
            .latency(LATENCY)
            .maxTailMillis(9000)
            .build(audio)
            .play(audio, Duration.ofMillis(9000));
    return t;
  }

  /** How far into the wait the user speaks: varied, before, during and after the filler. */
  private static long userOffset(long latency) {
    return 300 + (latency / 400 % 4) * 400;
  }

  private static ToolRun measure(Timeline t, boolean userTalks, long latency) {
    long speechEnd = 300 + 1500;
    long[] userSpeech = {-1, -1};
    if (userTalks) {
      long at = speechEnd + 600 + userOffset(latency);
      userSpeech = new long[] {at, at + 500};
    }
    long toolStart = -1;
    long toolEnd = -1;
    for (SessionEvent e : t.events()) {
      if (e instanceof SessionEvent.ToolCallStarted s && toolStart < 0) {
        toolStart = s.atNanos() / MS;
      } else if (e instanceof SessionEvent.ToolCallEnded end && toolEnd < 0) {
        toolEnd = end.atNanos() / MS;
      }
    }
    // Sound on the line: the user's speech and the agent's, as intervals.
    List<long[]> sound = new ArrayList<>();
    sound.add(new long[] {300, speechEnd});
    if (userSpeech[0] >= 0) {
      sound.add(userSpeech);
    }
    int fillers = 0;
    int overUser = 0;
    boolean maskedBeforeEnd = false;
    long lastFillerEnd = -1;
    long answerStart = -1;
    long started = -1;
    for (SessionEvent e : t.events()) {
      if (e instanceof SessionEvent.AgentSpeechStarted s) {
        started = s.atNanos() / MS;
        if (s.kind() == SpeechKind.FILLER) {
          fillers++;
          if (started < toolEnd) {
            maskedBeforeEnd = true;
          }
          if (userSpeech[0] >= 0 && started >= userSpeech[0] && started < userSpeech[1]) {
            overUser++;
          }
        } else if (s.kind() == SpeechKind.RESPONSE && answerStart < 0) {
          answerStart = started;
        }
      } else if (e instanceof SessionEvent.AgentSpeechEnded end && started >= 0) {
        long ended = end.atNanos() / MS;
        sound.add(new long[] {started, ended});
        if (end.kind() == SpeechKind.FILLER) {
          lastFillerEnd = ended;
        }
        started = -1;
      }
    }
    long answerGap = -1;
    if (lastFillerEnd >= 0 && answerStart >= lastFillerEnd && toolEnd + 430 <= lastFillerEnd) {
      answerGap = answerStart - lastFillerEnd; // the answer was ready while the filler played
    }
    // From the user's last word to the answer: the whole wait, the tool and the agent around it.
    long silence = longestSilence(sound, speechEnd, answerStart < 0 ? toolEnd : answerStart);
    return new ToolRun(fillers, maskedBeforeEnd, overUser, silence, answerGap);
  }

  /** The longest stretch within [from, to) covered by no interval of {@code sound}. */
  private static long longestSilence(List<long[]> sound, long from, long to) {
    List<long[]> sorted = new ArrayList<>(sound);
    sorted.sort((a, b) -> Long.compare(a[0], b[0]));
    long longest = 0;
    long cursor = from;
    // Silence before the tool started counts too: from the user's last word.
    for (long[] span : sorted) {
      if (span[1] <= cursor) {
        continue;
      }
      if (span[0] >= to) {
        break;
      }
      longest = Math.max(longest, span[0] - cursor);
      cursor = Math.max(cursor, span[1]);
    }
    if (cursor < to) {
      longest = Math.max(longest, to - cursor);
    }
    return longest;
  }

  /** User speech end → the agent's first reply audio, for one finished turn. */
  private static long turnLatency(SessionConfig config, String said, boolean withTool) {
    FakeTool search =
        FakeTool.readOnly("search_flights", Duration.ofMillis(400))
            .answering(args -> "{\"flights\":2}");
    FakeToolAgent agent =
        FakeToolAgent.of(
            List.of(search),
            (conversation, reply) -> {
              if (withTool) {
                String quoted = conversation.lastUserText().replace("\"", "'");
                reply.call(new ToolCall("q1", "search_flights", "{\"q\":\"" + quoted + "\"}"));
              }
              reply.text("Sure, here is what I found.");
            });
    long speech = 250L * said.split("\\s+").length;
    ScriptedAudio script =
        ScriptedAudio.builder().silence(300).say(said, speech).silence(500).build();
    Timeline t =
        EmbeddedSession.builder()
            .agent(agent)
            .config(config)
            .latency(LATENCY)
            .maxTailMillis(5000)
            .build(script)
            .play(script, Duration.ofMillis(5000));
    for (SessionEvent.AgentSpeechStarted s : t.all(SessionEvent.AgentSpeechStarted.class)) {
      if (s.kind() == SpeechKind.RESPONSE) {
        return s.atNanos() / MS - (300 + speech);
      }
    }
    return 5000;
  }

  private static long percentile(List<Long> values, int p) {
    if (values.isEmpty()) {
      return -1;
    }
    List<Long> sorted = new ArrayList<>(values);
    sorted.sort(null);
    int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
    return sorted.get(Math.clamp(index, 0, sorted.size() - 1));
  }
}
