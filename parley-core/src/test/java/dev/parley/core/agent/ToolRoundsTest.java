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
package dev.parley.core.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.core.event.ToolStatus;
import dev.parley.core.spi.Agent;
import dev.parley.core.spi.Conversation;
import dev.parley.core.spi.ProviderException;
import dev.parley.core.spi.ProviderException.Kind;
import dev.parley.core.tool.ToolCall;
import dev.parley.core.tool.ToolResult;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class ToolRoundsTest {
  private static final Conversation SAID =
      new Conversation("s1", List.of(new Conversation.Turn.User("flights to Paris")));

  /** A model answering with the given turns in order, recording the choice of each round. */
  private static final class Scripted implements ToolRounds.Model {
    final Deque<ToolRounds.Turn> turns;
    final List<ToolChoice> choices = new ArrayList<>();
    final List<ChatTranscript.Message> answered = new ArrayList<>();

    Scripted(ToolRounds.Turn... turns) {
      this.turns = new ArrayDeque<>(List.of(turns));
    }

    @Override
    public ToolRounds.Turn turn(ToolChoice choice) {
      choices.add(choice);
      return turns.size() > 1 ? turns.poll() : turns.getFirst();
    }

    @Override
    public void answered(
        ChatTranscript.ToolCalls request, List<ChatTranscript.ToolOutput> results) {
      answered.add(request);
      answered.addAll(results);
    }
  }

  /** Runs every call at once and answers {"ok":true}. */
  private static final class Session implements Agent.Reply {
    final List<List<ToolCall>> batches = new ArrayList<>();

    @Override
    public void text(String delta) {}

    @Override
    public ToolResult call(ToolCall call) {
      return callAll(List.of(call)).getFirst();
    }

    @Override
    public List<ToolResult> callAll(List<ToolCall> calls) {
      batches.add(calls);
      return calls.stream()
          .map(c -> new ToolResult(c, ToolStatus.OK, "{\"ok\":true}", false))
          .toList();
    }

    @Override
    public ToolResult compensate(String callId) {
      throw new UnsupportedOperationException();
    }
  }

  private static ToolRounds.Turn calling(String id) {
    return new ToolRounds.Turn("", List.of(new ToolCall(id, "search", "{}")));
  }

  @Nested
  class Rounds {
    @Test
    void aForcedChoiceHoldsForTheFirstRoundAndTheModelIsFreeAfterAResult() throws Exception {
      Scripted model = new Scripted(calling("c1"), ToolRounds.Turn.words("Found one."));
      new ToolRounds("m", ToolChoice.required(), 5).run(SAID, new Session(), model);
      assertThat(model.choices).containsExactly(ToolChoice.required(), ToolChoice.auto());
    }

    @Test
    void theRoundAfterTheLastAsksForWordsAndAModelThatStillCallsIsRejected() {
      Scripted model = new Scripted(calling("c1"));
      Session session = new Session();
      assertThatThrownBy(() -> new ToolRounds("m", ToolChoice.auto(), 2).run(SAID, session, model))
          .isInstanceOfSatisfying(
              ProviderException.class, e -> assertThat(e.kind()).isEqualTo(Kind.REJECTED))
          .hasMessage("m kept calling tools after 2 rounds, though asked to answer in words");
      assertThat(model.choices)
          .containsExactly(ToolChoice.auto(), ToolChoice.auto(), ToolChoice.none());
      assertThat(session.batches).hasSize(2);
    }

    @Test
    void aRepeatedOrKnownCallIdIsReplacedAndTheResultGoesBackUnderTheNewOne() throws Exception {
      Conversation known =
          new Conversation(
              "s1",
              List.of(
                  new Conversation.Turn.Tool("c1", "search", "{}", ToolStatus.OK, "{}"),
                  new Conversation.Turn.User("again")));
      Scripted model = new Scripted(calling("c1"), ToolRounds.Turn.words("Done."));
      Session session = new Session();
      new ToolRounds("m", ToolChoice.auto(), 5).run(known, session, model);
      String fresh = session.batches.getFirst().getFirst().id();
      assertThat(fresh).startsWith("call_").isNotEqualTo("c1");
      assertThat(model.answered.get(1))
          .isEqualTo(
              new ChatTranscript.ToolOutput(
                  new ToolCall(fresh, "search", "{}"), "{\"ok\":true}", false));
    }

    @Test
    void aCallWithoutAToolNameIsFatal() {
      Scripted model =
          new Scripted(new ToolRounds.Turn("", List.of(new ToolCall("c1", " ", "{}"))));
      assertThatThrownBy(
              () -> new ToolRounds("m", ToolChoice.auto(), 5).run(SAID, new Session(), model))
          .isInstanceOfSatisfying(
              ProviderException.class, e -> assertThat(e.kind()).isEqualTo(Kind.FATAL));
    }
  }

  @Nested
  class RetryPolicy {
    @Test
    void backoffDoublesUpToItsCap() {
      Retries r = new Retries(6, Duration.ofMillis(250), Duration.ofSeconds(1), Duration.ZERO);
      assertThat(List.of(r.backoff(1), r.backoff(2), r.backoff(3), r.backoff(4)))
          .containsExactly(
              Duration.ofMillis(250),
              Duration.ofMillis(500),
              Duration.ofSeconds(1),
              Duration.ofSeconds(1));
    }

    @Test
    void aRetryableFailureIsTriedAgainAfterTheServersWaitThenReportedWithTheTries() {
      List<Duration> slept = new ArrayList<>();
      Retries r = Retries.defaults();
      assertThatThrownBy(
              () ->
                  r.run(
                      slept::add,
                      () -> {
                        throw new Retries.Retryable(
                            Kind.UNAVAILABLE,
                            "HTTP 503",
                            slept.isEmpty() ? Duration.ofSeconds(1) : null,
                            null);
                      }))
          .isInstanceOfSatisfying(
              ProviderException.class, e -> assertThat(e.kind()).isEqualTo(Kind.UNAVAILABLE))
          .hasMessage("HTTP 503 (after 3 tries)");
      assertThat(slept).containsExactly(Duration.ofSeconds(1), Duration.ofMillis(500));
    }

    @Test
    void aServerAskingForALongerWaitThanACallerGivesIsNotWaitedFor() {
      List<Duration> slept = new ArrayList<>();
      assertThatThrownBy(
              () ->
                  Retries.defaults()
                      .run(
                          slept::add,
                          () -> {
                            throw new Retries.Retryable(
                                Kind.TRANSIENT, "HTTP 429", Duration.ofSeconds(60), null);
                          }))
          .hasMessage("HTTP 429; the server asks to wait 60000 ms, too long");
      assertThat(slept).isEmpty();
    }
  }
}
