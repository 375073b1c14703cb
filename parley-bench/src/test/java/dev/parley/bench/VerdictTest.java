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

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.event.SessionEvent;
import dev.parley.core.event.SpeechKind;
import dev.parley.core.event.ToolStatus;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The metric definitions, on calls written event by event. */
class VerdictTest {
  private static final long MS = 1_000_000L;

  private static Scenario scenario(Suite suite, Scenario.Expectation... expectations) {
    return new Scenario(
        suite,
        "s",
        "test.scn",
        1,
        Scenario.Voice.plain(),
        List.of(new Scenario.Step.Say(2, "find flights")),
        List.of(),
        Map.of(),
        List.of(expectations),
        1000);
  }

  /** A call whose user spoke from 0 to 2000 ms, with {@code events} and agent audio spans. */
  private static ScenarioRun call(Scenario s, List<SessionEvent> events, long[]... agentAudio) {
    BitSet audio = new BitSet();
    for (long[] span : agentAudio) {
      for (long at = span[0]; at < span[1]; at += 20) {
        audio.set((int) (at / 20));
      }
    }
    return new ScenarioRun(
        s,
        "default",
        events,
        List.of(
            new SimulatedUser.Span(SimulatedUser.Span.Kind.SPEECH, 0, 2000, "find flights", false)),
        audio,
        List.of(),
        8000,
        java.util.Set.of("search_flights"));
  }

  private static List<SessionEvent> toolCall(
      List<SessionEvent> events,
      String id,
      String name,
      String args,
      long start,
      long end,
      ToolStatus status) {
    events.add(new SessionEvent.ToolCallStarted(start * MS, id, name, args, false));
    events.add(new SessionEvent.ToolCallEnded(end * MS, id, name, status));
    return events;
  }

  @Test
  void aSlowToolMaskedByAFillerGivesTheFdbV3Measures() {
    Scenario s =
        scenario(
            Suite.TOOL_USE,
            new Scenario.Expectation.Tool(
                3, "search_flights", Map.of("to", "Boston", "passengers", "2")));
    List<SessionEvent> events = new ArrayList<>();
    toolCall(
        events,
        "c1",
        "search_flights",
        "{\"to\":\"boston\",\"passengers\":2}",
        2300,
        3300,
        ToolStatus.OK);
    events.add(new SessionEvent.AgentSpeechStarted(2600 * MS, SpeechKind.FILLER, "One moment."));
    events.add(
        new SessionEvent.AgentSpeechEnded(3000 * MS, SpeechKind.FILLER, "One moment.", false));
    events.add(
        new SessionEvent.AgentSpeechStarted(
            3500 * MS, SpeechKind.RESPONSE, "I found three flights to Boston."));
    events.add(
        new SessionEvent.AgentSpeechEnded(
            6000 * MS, SpeechKind.RESPONSE, "I found three flights to Boston.", false));

    Verdict v = Verdict.of(call(s, events, new long[] {2600, 3000}, new long[] {3500, 6000}));

    assertThat(v.passed()).as(v.failures().toString()).isTrue();
    assertThat(v.measures())
        .containsEntry("tools_ok", 1.0)
        .containsEntry("filler", 1.0)
        .containsEntry("took_turn", 1.0)
        .containsEntry("interrupted_user", 0.0)
        .containsEntry("preemptive_tool_call", 0.0)
        .containsEntry("first_word_latency_ms", 600.0)
        .containsEntry("tool_call_latency_ms", 300.0)
        .containsEntry("task_completion_latency_ms", 1500.0)
        .containsEntry("max_silent_gap_ms", 600.0);
  }

  @Test
  void aBookingWithTheStaleValueFailsUnlessItWasCompensated() {
    Scenario s =
        scenario(
            Suite.SELF_CORRECTION,
            new Scenario.Expectation.Tool(3, "book_flight", Map.of("passengers", "2")));
    List<SessionEvent> stale = new ArrayList<>();
    toolCall(stale, "b1", "book_flight", "{\"passengers\":1}", 2300, 2900, ToolStatus.OK);
    toolCall(stale, "b2", "book_flight", "{\"passengers\":2}", 4000, 4600, ToolStatus.OK);
    Verdict kept = Verdict.of(call(s, stale));
    assertThat(kept.passed()).isFalse();
    assertThat(kept.failures())
        .anyMatch(f -> f.contains("stale book_flight with passengers=1 (want 2)"));
    assertThat(kept.measures()).containsEntry("tools_ok", 0.0);

    List<SessionEvent> undone = new ArrayList<>();
    toolCall(undone, "b1", "book_flight", "{\"passengers\":1}", 2300, 2900, ToolStatus.COMPENSATED);
    toolCall(undone, "b2", "book_flight", "{\"passengers\":2}", 4000, 4600, ToolStatus.OK);
    Verdict fixed = Verdict.of(call(s, undone));
    assertThat(fixed.passed()).as(fixed.failures().toString()).isTrue();
    assertThat(fixed.measures()).containsEntry("tools_ok", 1.0);
  }

  @Test
  void aSupersededSearchIsHarmlessButTheLastSearchMustBeRight() {
    Scenario s =
        scenario(
            Suite.SELF_CORRECTION,
            new Scenario.Expectation.Tool(3, "search_flights", Map.of("date", "2026-03-07")));
    List<SessionEvent> events = new ArrayList<>();
    toolCall(
        events, "s1", "search_flights", "{\"date\":\"2026-03-06\"}", 2300, 2900, ToolStatus.OK);
    toolCall(
        events, "s2", "search_flights", "{\"date\":\"2026-03-07\"}", 5000, 5600, ToolStatus.OK);
    assertThat(Verdict.of(call(s, events)).passed()).isTrue();

    List<SessionEvent> wrongLast = new ArrayList<>();
    toolCall(
        wrongLast, "s2", "search_flights", "{\"date\":\"2026-03-07\"}", 2300, 2900, ToolStatus.OK);
    toolCall(
        wrongLast, "s1", "search_flights", "{\"date\":\"2026-03-06\"}", 5000, 5600, ToolStatus.OK);
    Verdict v = Verdict.of(call(s, wrongLast));
    assertThat(v.passed()).isFalse();
    assertThat(v.failures()).anyMatch(f -> f.contains("date=2026-03-06 (want 2026-03-07)"));
  }

  @Test
  void aCallStartedBeforeTheUserEndedIsPreemptiveAndSpeechOverTheUserIsAnInterruption() {
    Scenario s =
        scenario(Suite.TOOL_USE, new Scenario.Expectation.Tool(3, "search_flights", Map.of()));
    List<SessionEvent> events = new ArrayList<>();
    toolCall(events, "c1", "search_flights", "{}", 1500, 2500, ToolStatus.OK);
    events.add(new SessionEvent.AgentSpeechStarted(1800 * MS, SpeechKind.FILLER, "Let me check."));
    events.add(
        new SessionEvent.AgentSpeechEnded(2200 * MS, SpeechKind.FILLER, "Let me check.", false));
    Verdict v = Verdict.of(call(s, events, new long[] {1800, 2200}));
    assertThat(v.measures())
        .containsEntry("preemptive_tool_call", 1.0)
        .containsEntry("interrupted_user", 1.0)
        .containsEntry("tool_call_latency_ms", -500.0)
        .containsEntry("took_turn", 0.0);
  }

  @Test
  void theAgentTakesTheTurnOnlyWithMoreThanThreeWordsOrASecondOfAudio() {
    Scenario s = scenario(Suite.SMOOTH_TURN_TAKING, new Scenario.Expectation.Take(3, 800));
    List<SessionEvent> shortReply = new ArrayList<>();
    shortReply.add(new SessionEvent.AgentSpeechStarted(2400 * MS, SpeechKind.RESPONSE, "Okay."));
    shortReply.add(
        new SessionEvent.AgentSpeechEnded(2800 * MS, SpeechKind.RESPONSE, "Okay.", false));
    Verdict v = Verdict.of(call(s, shortReply, new long[] {2400, 2800}));
    assertThat(v.measures()).containsEntry("took_turn", 0.0);
    assertThat(v.passed()).isFalse();

    List<SessionEvent> longReply = new ArrayList<>();
    longReply.add(
        new SessionEvent.AgentSpeechStarted(
            2400 * MS, SpeechKind.RESPONSE, "Sure, three flights."));
    longReply.add(
        new SessionEvent.AgentSpeechEnded(
            3600 * MS, SpeechKind.RESPONSE, "Sure, three flights.", false));
    Verdict w = Verdict.of(call(s, longReply, new long[] {2400, 3600}));
    assertThat(w.measures()).containsEntry("took_turn", 1.0).containsEntry("latency_ms", 400.0);
    assertThat(w.passed()).isTrue();
  }

  @Test
  void percentilesAreNearestRank() {
    assertThat(SuiteScore.percentile(new double[] {300, 100, 200, 400}, 50)).isEqualTo(200);
    assertThat(SuiteScore.percentile(new double[] {300, 100, 200, 400}, 90)).isEqualTo(400);
    assertThat(SuiteScore.percentile(new double[] {}, 50)).isNull();
  }
}
