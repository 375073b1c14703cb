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

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.event.SessionEvent;
import dev.parley.core.event.SpeechKind;
import dev.parley.core.event.ToolStatus;
import dev.parley.core.session.ModelledLatency;
import dev.parley.core.session.SessionConfig;
import dev.parley.core.spi.Conversation;
import dev.parley.core.tool.ToolCall;
import dev.parley.core.tool.ToolResult;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * Speculative replies on the manual clock: started on the eager end of turn, held until the turn is
 * final, promoted when the words are the same, cancelled and redone when they are not; side effects
 * only ever for the final turn.
 */
class SpeculationTest {
  private static final long MS = 1_000_000L;
  private static final ModelledLatency LATENCY = AgentSuite.LATENCY;

  /** Books the last city the user named, after searching for it. */
  private static FakeToolAgent travelAgent(FakeTool search, FakeTool book, List<ToolResult> seen) {
    return FakeToolAgent.of(
        List.of(search, book),
        (conversation, reply) -> {
          String said = conversation.lastUserText();
          String city =
              said.lastIndexOf("Boston") > said.lastIndexOf("New York") ? "Boston" : "New York";
          String args = "{\"to\":\"" + city + "\"}";
          seen.add(reply.call(new ToolCall("s-" + city, "search_flights", args)));
          if (said.startsWith("book")) {
            seen.add(reply.call(new ToolCall("b-" + city, "book_flight", args)));
          }
          reply.text("Done, " + city + ".");
        });
  }

  private static Timeline play(FakeToolAgent agent, ScriptedAudio script, SessionConfig config) {
    return EmbeddedSession.builder()
        .agent(agent)
        .config(config)
        .latency(LATENCY)
        .maxTailMillis(6000)
        .build(script)
        .play(script, Duration.ofSeconds(6));
  }

  private static long millis(SessionEvent event) {
    return event.atNanos() / MS;
  }

  @Test
  void aSideEffectNeverRunsInADiscardedSpeculativeReply() {
    FakeTool search = FakeTool.readOnly("search_flights", Duration.ofMillis(300));
    FakeTool book = FakeTool.sideEffecting("book_flight", Duration.ofMillis(300));
    List<ToolResult> seen = new CopyOnWriteArrayList<>();
    ScriptedAudio script =
        ScriptedAudio.builder()
            .silence(300)
            .say("book New York", 900)
            .silence(100) // an eager end, and the correction before the turn is final
            .say("no Boston", 600)
            .silence(500)
            .build();
    Timeline t = play(travelAgent(search, book, seen), script, SessionConfig.defaults());

    assertThat(t.all(SessionEvent.UserTurnEagerEnd.class).getFirst().text())
        .isEqualTo("book New York");
    SessionEvent.ToolCallStarted first = t.all(SessionEvent.ToolCallStarted.class).getFirst();
    assertThat(first.name()).isEqualTo("search_flights");
    assertThat(first.speculative()).isTrue();
    assertThat(first.argumentsJson()).contains("New York");
    assertThat(book.started()).containsExactly("{\"to\":\"Boston\"}");
    assertThat(t.all(SessionEvent.AgentSpeechStarted.class))
        .extracting(SessionEvent.AgentSpeechStarted::text)
        .containsExactly("Done, Boston.");
  }

  @Test
  void aPromotedReplyRunsItsSideEffectOnlyOnceTheTurnIsFinal() {
    FakeTool search = FakeTool.readOnly("search_flights", Duration.ofMillis(50));
    FakeTool book = FakeTool.sideEffecting("book_flight", Duration.ofMillis(200));
    List<ToolResult> seen = new CopyOnWriteArrayList<>();
    ScriptedAudio script =
        ScriptedAudio.builder().silence(300).say("book Boston", 700).silence(500).build();
    Timeline t = play(travelAgent(search, book, seen), script, SessionConfig.defaults());

    long eager = millis(t.all(SessionEvent.UserTurnEagerEnd.class).getFirst());
    long end = millis(t.all(SessionEvent.UserTurnEnded.class).getFirst());
    assertThat(eager).isLessThan(end);
    var starts = t.all(SessionEvent.ToolCallStarted.class);
    assertThat(starts)
        .extracting(SessionEvent.ToolCallStarted::name)
        .containsExactly("search_flights", "book_flight");
    assertThat(millis(starts.get(1))).isGreaterThanOrEqualTo(end);
    assertThat(starts.get(1).speculative()).isFalse();
    assertThat(book.invocations()).containsExactly("{\"to\":\"Boston\"}");
    assertThat(t.all(SessionEvent.AgentSpeechStarted.class)).hasSize(1);
  }

  @Test
  void aReadOnlyResultIsReusedWhenTheRedoneReplyAsksTheSame() {
    FakeTool search = FakeTool.readOnly("search_flights", Duration.ofMillis(600));
    FakeTool book = FakeTool.sideEffecting("book_flight", Duration.ofMillis(100));
    List<ToolResult> seen = new CopyOnWriteArrayList<>();
    // "find Boston" reads as finished; "please" right after changes the words, not the search,
    // which goes on running while the reply is redone and is then reused.
    ScriptedAudio script =
        ScriptedAudio.builder()
            .silence(300)
            .say("find Boston", 700)
            .silence(100)
            .say("please", 300)
            .silence(500)
            .build();
    Timeline t = play(travelAgent(search, book, seen), script, SessionConfig.defaults());

    assertThat(search.started()).hasSize(1);
    assertThat(seen.getLast().reused()).isTrue();
    assertThat(seen.getLast().ok()).isTrue();
    assertThat(t.all(SessionEvent.AgentSpeechStarted.class))
        .extracting(SessionEvent.AgentSpeechStarted::text)
        .containsExactly("Done, Boston.");
  }

  @Test
  void speculationSavesTimeOnAFinishedTurn() {
    FakeTool search = FakeTool.readOnly("search_flights", Duration.ofMillis(400));
    FakeTool book = FakeTool.sideEffecting("book_flight", Duration.ofMillis(100));
    ScriptedAudio script =
        ScriptedAudio.builder().silence(300).say("find Boston", 700).silence(500).build();
    long on =
        firstReply(
            play(
                travelAgent(search, book, new CopyOnWriteArrayList<>()),
                script,
                SessionConfig.defaults()));
    long off =
        firstReply(
            play(
                travelAgent(search, book, new CopyOnWriteArrayList<>()),
                script,
                SessionConfig.defaults().withSpeculation(new SessionConfig.Speculation(false))));
    assertThat(off - on).isGreaterThanOrEqualTo(100);
  }

  private static long firstReply(Timeline t) {
    return t.all(SessionEvent.AgentSpeechStarted.class).stream()
        .filter(s -> s.kind() == SpeechKind.RESPONSE)
        .findFirst()
        .map(SpeculationTest::millis)
        .orElseThrow();
  }

  @Test
  void theSameCallGivesTheSameTimelineOnEveryRun() {
    ScriptedAudio script =
        ScriptedAudio.builder()
            .silence(300)
            .say("book New York", 900)
            .silence(100)
            .say("no Boston", 600)
            .silence(500)
            .build();
    String first = runTwice(script);
    String second = runTwice(script);
    assertThat(second).isEqualTo(first);
    assertThat(first).contains("\"speculative\":true").contains("user_turn_resumed");
  }

  private static String runTwice(ScriptedAudio script) {
    FakeTool search = FakeTool.readOnly("search_flights", Duration.ofMillis(1200));
    FakeTool book = FakeTool.sideEffecting("book_flight", Duration.ofMillis(300));
    return play(
            travelAgent(search, book, new CopyOnWriteArrayList<>()),
            script,
            SessionConfig.defaults())
        .toString();
  }

  @Test
  void aDroppedSpeculativeSearchFinishesButStaysOutOfTheConversation() {
    FakeTool search = FakeTool.readOnly("search_flights", Duration.ofMillis(1200));
    FakeTool book = FakeTool.sideEffecting("book_flight", Duration.ofMillis(300));
    ScriptedAudio script =
        ScriptedAudio.builder()
            .silence(300)
            .say("book New York", 900)
            .silence(100)
            .say("no Boston", 600)
            .silence(500)
            .build();
    FakeToolAgent agent = travelAgent(search, book, new CopyOnWriteArrayList<>());
    Timeline t = play(agent, script, SessionConfig.defaults());
    assertThat(search.invocations())
        .containsExactly("{\"to\":\"New York\"}", "{\"to\":\"Boston\"}");
    assertThat(book.started()).containsExactly("{\"to\":\"Boston\"}");
    assertThat(t.all(SessionEvent.ToolCallEnded.class))
        .allSatisfy(e -> assertThat(e.status()).isEqualTo(ToolStatus.OK));
    Conversation last = agent.conversations().getLast();
    assertThat(last.turns())
        .filteredOn(Conversation.Turn.Tool.class::isInstance)
        .map(Conversation.Turn.Tool.class::cast)
        .noneMatch(tool -> tool.argumentsJson().contains("New York"));
  }
}
