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
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.core.event.SessionEvent;
import dev.parley.core.event.SpeechKind;
import dev.parley.core.event.ToolStatus;
import dev.parley.core.session.SessionConfig;
import dev.parley.core.spi.Conversation;
import dev.parley.core.spi.ProviderException;
import dev.parley.core.tool.ToolCall;
import dev.parley.core.tool.ToolEffect;
import dev.parley.core.tool.ToolResult;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The session's tool runtime on a manual clock: faults, limits, parallel calls, the ledger. */
class ToolRuntimeTest {
  private static final long MS = 1_000_000L;

  /** Speculation off, so each test sees one reply per turn. */
  private static final SessionConfig CONFIG =
      SessionConfig.defaults().withSpeculation(new SessionConfig.Speculation(false));

  private static ScriptedAudio turn(String said) {
    return ScriptedAudio.builder().silence(300).say(said, 1200).silence(500).build();
  }

  private static Timeline run(FakeToolAgent agent, ScriptedAudio script, long tailMillis) {
    return EmbeddedSession.builder()
        .agent(agent)
        .config(CONFIG)
        .maxTailMillis(tailMillis)
        .build(script)
        .play(script, Duration.ofMillis(tailMillis));
  }

  private static ToolCall call(String id, String name, String args) {
    return new ToolCall(id, name, args);
  }

  private static long millis(SessionEvent event) {
    return event.atNanos() / MS;
  }

  @Nested
  class Faults {
    private Timeline answerAfter(FakeTool tool, List<ToolResult> results) {
      FakeToolAgent agent =
          FakeToolAgent.of(
              List.of(tool),
              (conversation, reply) -> {
                ToolResult result = reply.call(call("c1", tool.spec().name(), "{}"));
                results.add(result);
                reply.text(result.ok() ? "Found it." : "Sorry, I could not search just now.");
              });
      return run(agent, turn("find flights to Boston"), 8000);
    }

    @Test
    void aToolThatThrowsComesBackFailedAndTheAgentSaysSo() {
      List<ToolResult> results = new CopyOnWriteArrayList<>();
      Timeline t =
          answerAfter(
              FakeTool.readOnly("search", Duration.ofMillis(200))
                  .behaving(FakeTool.Behaviour.THROW),
              results);
      assertThat(results)
          .singleElement()
          .satisfies(
              r -> {
                assertThat(r.status()).isEqualTo(ToolStatus.FAILED);
                assertThat(r.json()).contains("database connection reset");
              });
      assertThat(t.all(SessionEvent.ToolCallEnded.class).getFirst().status())
          .isEqualTo(ToolStatus.FAILED);
      assertThat(t.all(SessionEvent.AgentSpeechStarted.class).getFirst().text())
          .isEqualTo("Sorry, I could not search just now.");
    }

    @Test
    void aToolFailureInWordsReachesTheAgent() {
      List<ToolResult> results = new CopyOnWriteArrayList<>();
      answerAfter(
          FakeTool.readOnly("search", Duration.ofMillis(200))
              .behaving(FakeTool.Behaviour.TOOL_FAILURE),
          results);
      assertThat(results.getFirst().json()).isEqualTo("{\"error\":\"no flights on that date\"}");
    }

    @Test
    void aToolPastItsTimeLimitFailsAtTheLimit() {
      List<ToolResult> results = new CopyOnWriteArrayList<>();
      Timeline t =
          answerAfter(
              FakeTool.readOnly("search", Duration.ofSeconds(5)).timeout(Duration.ofSeconds(1)),
              results);
      assertThat(results.getFirst().json()).contains("timed out after 1000 ms");
      long started = millis(t.all(SessionEvent.ToolCallStarted.class).getFirst());
      long ended = millis(t.all(SessionEvent.ToolCallEnded.class).getFirst());
      assertThat(ended - started).isEqualTo(1000);
      assertThat(t.all(SessionEvent.AgentSpeechStarted.class)).isNotEmpty();
    }

    @Test
    void malformedJsonFromAToolIsAFailureNotAResult() {
      List<ToolResult> results = new CopyOnWriteArrayList<>();
      answerAfter(
          FakeTool.readOnly("search", Duration.ofMillis(100))
              .behaving(FakeTool.Behaviour.MALFORMED),
          results);
      assertThat(results.getFirst().status()).isEqualTo(ToolStatus.FAILED);
      assertThat(results.getFirst().json()).contains("malformed JSON");
    }

    @Test
    void argumentsThatFailTheSchemaAreRejectedBeforeTheToolRuns() {
      FakeTool book =
          FakeTool.sideEffecting("book_flight", Duration.ofMillis(100))
              .schema(
                  """
                  {"type":"object","properties":{
                    "to":{"type":"string"},
                    "passengers":{"type":"integer","minimum":1,"maximum":9}},
                   "required":["to","passengers"]}""");
      List<ToolResult> results = new CopyOnWriteArrayList<>();
      FakeToolAgent agent =
          FakeToolAgent.of(
              List.of(book),
              (conversation, reply) -> {
                results.add(reply.call(call("b1", "book_flight", "{\"passengers\":0}")));
                results.add(
                    reply.call(call("b2", "book_flight", "{\"to\":\"BOS\",\"passengers\":2}")));
                reply.text("Done.");
              });
      run(agent, turn("book it"), 4000);
      assertThat(results.get(0).status()).isEqualTo(ToolStatus.FAILED);
      assertThat(results.get(0).json())
          .contains("$.to is required")
          .contains("$.passengers must be at least 1");
      assertThat(results.get(1).ok()).isTrue();
      assertThat(book.started()).containsExactly("{\"to\":\"BOS\",\"passengers\":2}");
    }

    @Test
    void aBadSchemaFailsAtSessionStartNamingTheTool() {
      FakeTool broken =
          FakeTool.readOnly("search", Duration.ZERO)
              .schema("{\"type\":\"object\",\"properties\":{\"n\":{\"type\":\"int\"}}}");
      FakeToolAgent agent = FakeToolAgent.of(List.of(broken), (c, r) -> r.text("hi"));
      ScriptedAudio script = turn("hello");
      assertThatThrownBy(() -> EmbeddedSession.builder().agent(agent).build(script))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("search")
          .hasMessageContaining("$.n")
          .hasMessageContaining("unknown type int");
    }

    @Test
    void anAgentThatFailsApologisesAndTheCallGoesOn() {
      int[] turns = {0};
      FakeToolAgent agent =
          FakeToolAgent.of(
              List.of(),
              (conversation, reply) -> {
                if (turns[0]++ == 0) {
                  throw new ProviderException(
                      ProviderException.Kind.UNAVAILABLE, "model server down after 3 retries");
                }
                reply.text("Yes, I can hear you.");
              });
      ScriptedAudio script =
          ScriptedAudio.builder()
              .silence(300)
              .say("book a flight", 1200)
              .silence(4000)
              .say("hello are you there", 1200)
              .silence(500)
              .build();
      Timeline t = run(agent, script, 4000);
      List<SessionEvent.AgentSpeechStarted> said = t.all(SessionEvent.AgentSpeechStarted.class);
      assertThat(said.get(0).text()).contains("Sorry, I'm having trouble right now");
      assertThat(said.get(1).text()).isEqualTo("Yes, I can hear you.");
      assertThat(t.all(SessionEvent.ServiceFailed.class))
          .anySatisfy(f -> assertThat(f.component()).isEqualTo("agent"));
    }
  }

  @Nested
  class Parallel {
    @Test
    void parallelCallsTakeTheLongestNotTheSum() {
      FakeTool a = FakeTool.readOnly("a", Duration.ofMillis(1000));
      FakeTool b = FakeTool.readOnly("b", Duration.ofMillis(1500));
      FakeTool c = FakeTool.readOnly("c", Duration.ofMillis(800));
      FakeToolAgent agent =
          FakeToolAgent.of(
              List.of(a, b, c),
              (conversation, reply) -> {
                List<ToolResult> results =
                    reply.callAll(
                        List.of(call("1", "a", "{}"), call("2", "b", "{}"), call("3", "c", "{}")));
                reply.text(results.stream().allMatch(ToolResult::ok) ? "All done." : "Hmm.");
              });
      Timeline t = run(agent, turn("check everything"), 6000);
      var starts = t.all(SessionEvent.ToolCallStarted.class);
      var ends = t.all(SessionEvent.ToolCallEnded.class);
      long t0 = millis(starts.getFirst());
      assertThat(starts).allSatisfy(s -> assertThat(millis(s)).isEqualTo(t0));
      assertThat(ends).extracting(e -> millis(e) - t0).containsExactly(800L, 1000L, 1500L);
      var speech = t.all(SessionEvent.AgentSpeechStarted.class);
      assertThat(speech.getFirst().kind()).isEqualTo(SpeechKind.FILLER); // 1.5 s is slow
      assertThat(speech.getLast().text()).isEqualTo("All done.");
      // The answer was ready at 1.5 s and follows the filler the moment it ends.
      long fillerEnd = millis(t.all(SessionEvent.AgentSpeechEnded.class).getFirst());
      assertThat(fillerEnd - t0).isGreaterThan(1500L);
      assertThat(millis(speech.getLast()) - fillerEnd).isBetween(0L, 20L);
    }
  }

  @Nested
  class SideEffects {
    @Test
    void aSideEffectRunsOncePerCallIdAndIsUndoneOnce() {
      FakeTool book = FakeTool.sideEffecting("book_flight", Duration.ofMillis(300));
      List<ToolResult> results = new CopyOnWriteArrayList<>();
      FakeToolAgent agent =
          FakeToolAgent.of(
              List.of(book),
              (conversation, reply) -> {
                results.add(reply.call(call("b1", "book_flight", "{\"to\":\"NYC\"}")));
                results.add(reply.call(call("b1", "book_flight", "{\"to\":\"NYC\"}")));
                results.add(reply.compensate("b1"));
                results.add(reply.compensate("b1"));
                reply.text("Booked and cancelled.");
              });
      Timeline t = run(agent, turn("book New York"), 4000);
      assertThat(book.invocations()).hasSize(1);
      assertThat(book.compensations()).hasSize(1);
      assertThat(results.get(1).reused()).isTrue();
      assertThat(results.get(2).status()).isEqualTo(ToolStatus.COMPENSATED);
      assertThat(results.get(3).status()).isEqualTo(ToolStatus.COMPENSATED);
      assertThat(t.all(SessionEvent.ToolCallEnded.class))
          .extracting(SessionEvent.ToolCallEnded::status)
          .containsExactly(ToolStatus.OK, ToolStatus.COMPENSATED);
    }

    /**
     * The agent starts talking, then searches (2 s) and books; the user stops it 1 s into the
     * search. The search is cancelled and the booking never starts.
     */
    @Test
    void noSideEffectStartsAfterItsReplyWasInterrupted() {
      FakeTool search = FakeTool.readOnly("search", Duration.ofMillis(2000));
      FakeTool book = FakeTool.sideEffecting("book_flight", Duration.ofMillis(300));
      FakeToolAgent agent =
          FakeToolAgent.of(
              List.of(search, book),
              (conversation, reply) -> {
                if (conversation.lastUserText().contains("wait")) {
                  reply.text("Okay, stopping.");
                  return;
                }
                reply.text("Let me look that up for you and book the best one right away.");
                reply.call(call("s1", "search", "{}"));
                reply.call(call("b1", "book_flight", "{}"));
                reply.text("Booked.");
              });
      // Turn ends near 1.72 s; the reply is heard from 1.9 s; "no wait" at 2.9 s.
      ScriptedAudio script =
          ScriptedAudio.builder()
              .silence(300)
              .say("book the cheapest flight", 1200)
              .silence(1400)
              .say("no wait", 600)
              .silence(500)
              .build();
      Timeline t = run(agent, script, 5000);
      assertThat(t.types()).contains("agent_interrupted");
      assertThat(book.started()).isEmpty();
      assertThat(t.all(SessionEvent.ToolCallEnded.class))
          .singleElement()
          .satisfies(e -> assertThat(e.status()).isEqualTo(ToolStatus.CANCELLED));
      assertThat(t.all(SessionEvent.AgentSpeechStarted.class))
          .extracting(SessionEvent.AgentSpeechStarted::text)
          .doesNotContain("Booked.");
    }

    /** A side effect already running when the user interrupts finishes and is recorded once. */
    @Test
    void aSideEffectFinishingDuringAnInterruptionIsRecordedOnce() {
      FakeTool book = FakeTool.sideEffecting("book_flight", Duration.ofMillis(2000));
      FakeToolAgent agent =
          FakeToolAgent.of(
              List.of(book),
              (conversation, reply) -> {
                if (conversation.lastUserText().contains("wait")) {
                  reply.text("Okay.");
                  return;
                }
                reply.text("Booking your flight now, it takes a moment, please stay on the line.");
                reply.call(call("b1", "book_flight", "{\"to\":\"NYC\"}"));
                reply.text("Booked.");
              });
      ScriptedAudio script =
          ScriptedAudio.builder()
              .silence(300)
              .say("book New York", 1200)
              .silence(1000)
              .say("wait stop that", 1200)
              .silence(500)
              .build();
      Timeline t = run(agent, script, 5000);
      assertThat(t.types()).contains("agent_interrupted");
      assertThat(book.invocations()).hasSize(1);
      assertThat(t.all(SessionEvent.ToolCallEnded.class))
          .singleElement()
          .satisfies(e -> assertThat(e.status()).isEqualTo(ToolStatus.OK));
      Conversation next = agent.conversations().getLast();
      assertThat(next.lastUserText()).contains("wait");
      assertThat(next.turns().stream().filter(Conversation.Turn.Tool.class::isInstance).count())
          .isEqualTo(1);
    }
  }

  @Nested
  class Prefetch {
    @Test
    void prefetchedResultsAreInTheFirstConversation() {
      FakeTool profile =
          FakeTool.readOnly("load_profile", Duration.ofMillis(300))
              .answering(args -> "{\"name\":\"Maria\"}");
      FakeTool book = FakeTool.of("book_flight", ToolEffect.SIDE_EFFECTING, Duration.ZERO);
      FakeToolAgent agent =
          FakeToolAgent.of(List.of(profile, book), (c, r) -> r.text("Hi Maria."))
              .prefetching(
                  List.of(call("p1", "load_profile", "{}"), call("p2", "book_flight", "{}")));
      Timeline t = run(agent, turn("hello"), 3000);
      assertThat(millis(t.all(SessionEvent.ToolCallStarted.class).getFirst())).isZero();
      assertThat(book.started()).isEmpty();
      Conversation first = agent.conversations().getFirst();
      assertThat(first.turns())
          .filteredOn(Conversation.Turn.Tool.class::isInstance)
          .map(Conversation.Turn.Tool.class::cast)
          .extracting(Conversation.Turn.Tool::name, Conversation.Turn.Tool::status)
          .containsExactlyInAnyOrder(
              org.assertj.core.groups.Tuple.tuple("load_profile", ToolStatus.OK),
              org.assertj.core.groups.Tuple.tuple("book_flight", ToolStatus.FAILED));
    }
  }
}
