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

import static dev.parley.testing.ScriptedTurn.calls;
import static dev.parley.testing.ScriptedTurn.fails;
import static dev.parley.testing.ScriptedTurn.says;
import static dev.parley.testing.ScriptedTurn.stalls;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.parley.core.agent.Greeting;
import dev.parley.core.event.ToolStatus;
import dev.parley.core.prosody.UserAffect;
import dev.parley.core.spi.Agent;
import dev.parley.core.spi.Conversation;
import dev.parley.core.spi.Conversation.Turn;
import dev.parley.core.spi.ProviderException;
import dev.parley.core.spi.ProviderException.Kind;
import dev.parley.core.tool.Tool;
import dev.parley.core.tool.ToolCall;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What every agent adapter must do, run by each adapter's module against its protocol-faithful fake
 * model: extend this class and say how to build the adapter over its fake ({@link #model()}). The
 * cases speak of a model in {@link ScriptedTurn}s; each fake plays them in its own protocol and
 * reports the messages each request carried as lines ({@link ModelUnderTest#sent}).
 *
 * <p>A real local model follows no script and shows no requests ({@link ModelUnderTest#scripted()}
 * false): it runs the cases about how words arrive, tool rounds, cancellation and failures, with
 * assertions on structure rather than words, and skips the rest.
 */
public abstract class AgentContract {
  /** How long a case waits for another thread; never reached when the adapter works. */
  protected static final Duration WAIT = Duration.ofSeconds(30);

  /** A read-only flight search with a schema, answering one flight. */
  protected static final String SEARCH_SCHEMA =
      "{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\",\"enum\":[\"Paris\","
          + "\"Rome\",\"Oslo\"]},\"passengers\":{\"type\":\"integer\",\"minimum\":1,\"maximum\":9}},"
          + "\"required\":[\"city\",\"passengers\"],\"additionalProperties\":false}";

  private static final String SEARCH_ARGS = "{\"city\":\"Paris\",\"passengers\":2}";
  private static final String FLIGHT =
      "{\"flights\":[{\"flight\":\"PA 210\",\"departs\":\"08:05\"}]}";

  /**
   * The adapter under test over its fake model, for one case.
   *
   * <p>Every agent it builds answers request {@code n} (counted over the agents of one case) with
   * the script's turn {@code n}, and the last turn again for any request past it; it waits out no
   * retry backoff in real time.
   */
  public interface ModelUnderTest extends AutoCloseable {
    /** An agent with {@code tools} and {@code greeting}, over a model playing {@code script}. */
    Agent agent(List<ScriptedTurn> script, List<Tool> tools, Greeting greeting);

    /**
     * The messages request {@code index} carried, one line each: {@code role: content} for system,
     * user, assistant and tool messages, and {@code calls: ID NAME ARGUMENTS} for each tool call
     * the assistant asked for.
     */
    List<String> sent(int index);

    /** How many requests reached the model. */
    int requests();

    /** Whether the model plays the script and its requests can be read. */
    default boolean scripted() {
      return true;
    }

    /**
     * Waits until the model saw the reply go away (the connection closed, the stream cancelled);
     * true if it did within {@code timeout}.
     */
    boolean awaitAbandoned(Duration timeout) throws InterruptedException;

    /** Whether the adapter can open a call with a greeting. */
    default boolean greets() {
      return true;
    }

    /** Whether the adapter tells the model how the caller sounded. */
    default boolean notes() {
      return true;
    }

    @Override
    void close();
  }

  /** A fresh adapter over a fresh fake; closed after the case. */
  protected abstract ModelUnderTest model();

  private @Nullable ModelUnderTest current;

  private ModelUnderTest under() {
    ModelUnderTest m = current;
    if (m == null) {
      m = model();
      current = m;
    }
    return m;
  }

  @AfterEach
  void closeModel() {
    ModelUnderTest m = current;
    if (m != null) {
      m.close();
    }
  }

  private Agent agent(List<ScriptedTurn> script, Tool... tools) {
    return under().agent(script, List.of(tools), Greeting.none());
  }

  private boolean scripted() {
    return under().scripted();
  }

  private static FakeTool search() {
    return FakeTool.readOnly("search_flights", Duration.ZERO)
        .schema(SEARCH_SCHEMA)
        .answering(args -> FLIGHT);
  }

  private static Conversation said(String session, String text) {
    return new Conversation(session, List.of(new Turn.User(text)));
  }

  /** Louder by 6 dB and 3 semitones higher than this caller's usual, and fast. */
  private static UserAffect upset() {
    return new UserAffect(180, 3, 8, 4, -18, 6, 6.2, 4.4, 0.05, 0, 0, -4, 1500, 1800, 2);
  }

  @Test
  void streamsTheModelsWordsToTheReplyAsTheyArrive() throws Exception {
    Agent agent = agent(List.of(says("Sure", "!", " The next train", " leaves at ten.")));
    FakeReply reply = new FakeReply();
    agent.respond(said("s1", "when is the next train"), reply);
    if (scripted()) {
      assertThat(reply.deltas()).containsExactly("Sure", "!", " The next train", " leaves at ten.");
    } else {
      assertThat(reply.deltas()).isNotEmpty().allSatisfy(d -> assertThat(d).isNotEmpty());
    }
    assertThat(reply.calls()).isEmpty();
  }

  @Test
  void runsARoundOfToolCallsThroughTheSessionThenSpeaks() throws Exception {
    FakeTool search = search();
    Agent agent =
        agent(
            List.of(
                calls(new ToolCall("call_1", "search_flights", SEARCH_ARGS)),
                says("Flight PA 210", " leaves at eight.")),
            search);
    FakeReply reply = new FakeReply(List.of(search));
    agent.respond(said("s1", "a flight to Paris for two"), reply);
    assertThat(reply.batches()).hasSize(1);
    ToolCall call = reply.calls().getFirst();
    assertThat(call.name()).isEqualTo("search_flights");
    assertThat(search.invocations()).hasSize(1);
    if (scripted()) {
      assertThat(call).isEqualTo(new ToolCall("call_1", "search_flights", SEARCH_ARGS));
      assertThat(reply.text()).isEqualTo("Flight PA 210 leaves at eight.");
    }
  }

  @Test
  void answersWithTheToolsResultInFrontOfTheModel() throws Exception {
    assumeTrue(scripted(), "the model's requests cannot be read");
    FakeTool search = search();
    Agent agent =
        agent(
            List.of(
                calls(new ToolCall("call_1", "search_flights", SEARCH_ARGS)),
                says("Flight PA 210 it is.")),
            search);
    agent.respond(said("s1", "a flight to Paris for two"), new FakeReply(List.of(search)));
    assertThat(under().requests()).isEqualTo(2);
    List<String> second = under().sent(1);
    assertThat(second).contains("calls: call_1 search_flights " + SEARCH_ARGS);
    assertThat(second.getLast()).isEqualTo("tool: " + FLIGHT);
  }

  @Test
  void parallelToolCallsGoToTheSessionTogetherInOrder() throws Exception {
    assumeTrue(scripted(), "the model follows no script");
    FakeTool search = search();
    FakeTool weather =
        FakeTool.readOnly("get_weather", Duration.ZERO).answering(a -> "{\"sky\":\"clear\"}");
    ToolCall first = new ToolCall("call_a", "search_flights", SEARCH_ARGS);
    ToolCall second = new ToolCall("call_b", "get_weather", "{\"city\":\"Paris\"}");
    Agent agent = agent(List.of(calls(first, second), says("Clear skies.")), search, weather);
    FakeReply reply = new FakeReply(List.of(search, weather));
    agent.respond(said("s1", "flights and weather in Paris"), reply);
    assertThat(reply.batches()).containsExactly(List.of(first, second));
    List<String> sent = under().sent(1);
    assertThat(sent.subList(sent.size() - 2, sent.size()))
        .containsExactly("tool: " + FLIGHT, "tool: {\"sky\":\"clear\"}");
  }

  @Test
  void toolRoundsAreBoundedAndEachCallGetsAFreshId() throws Exception {
    FakeTool search = search();
    // The model asks again and again, reusing its call id.
    Agent agent =
        agent(List.of(calls(new ToolCall("call_1", "search_flights", SEARCH_ARGS))), search);
    FakeReply reply = new FakeReply(List.of(search));
    if (scripted()) {
      assertThatThrownBy(() -> agent.respond(said("s1", "flights"), reply))
          .isInstanceOfSatisfying(
              ProviderException.class, e -> assertThat(e.kind()).isEqualTo(Kind.REJECTED))
          .hasMessageContaining("kept calling tools");
      assertThat(reply.calls()).hasSizeGreaterThan(1);
    } else {
      agent.respond(said("s1", "flights"), reply); // the last round is held to words
    }
    assertThat(reply.calls().stream().map(ToolCall::id).distinct()).hasSize(reply.calls().size());
  }

  @Test
  void aCallIdAlreadyInTheConversationIsNotReused() throws Exception {
    assumeTrue(scripted(), "the model follows no script");
    FakeTool search = search();
    Agent agent =
        agent(
            List.of(calls(new ToolCall("call_1", "search_flights", SEARCH_ARGS)), says("Done.")),
            search);
    FakeReply reply = new FakeReply(List.of(search));
    agent.respond(
        new Conversation(
            "s1",
            List.of(
                new Turn.User("flights"),
                new Turn.Tool("call_1", "search_flights", SEARCH_ARGS, ToolStatus.OK, "{}"),
                new Turn.Agent("None left.", "None left.", false),
                new Turn.User("try again"))),
        reply);
    assertThat(reply.calls().getFirst().id()).isNotEqualTo("call_1");
  }

  @Test
  void aSpeechNoteReachesTheModel() throws Exception {
    assumeTrue(scripted() && under().notes(), "the model is told nothing of the caller's voice");
    Agent agent = agent(List.of(says("Sorry.")));
    agent.respond(
        new Conversation("s1", List.of(new Turn.User("no wait, that is way too early", upset()))),
        new FakeReply());
    assertThat(String.join("\n", under().sent(0)))
        .contains("Voice note")
        .contains("agitated")
        .contains("no wait, that is way too early");
  }

  @Test
  void theModelHearsWhatTheCallerHeardOfAnInterruptedTurn() throws Exception {
    assumeTrue(scripted(), "the model's requests cannot be read");
    Agent agent = agent(List.of(says("Later then.")));
    agent.respond(
        new Conversation(
            "s1",
            List.of(
                new Turn.User("a flight to Paris"),
                new Turn.Agent(
                    "Flight PA 210 leaves at eight. Shall I book it?", "Flight PA 210", true),
                new Turn.User("too early"))),
        new FakeReply());
    List<String> sent = under().sent(0);
    assertThat(sent).contains("assistant: Flight PA 210");
    assertThat(String.join("\n", sent)).doesNotContain("Shall I book it");
  }

  @Test
  void anUndoneCallIsANoteNotASecondCallOfTheSameId() throws Exception {
    assumeTrue(scripted(), "the model's requests cannot be read");
    Agent agent = agent(List.of(says("It is cancelled.")));
    agent.respond(
        new Conversation(
            "s1",
            List.of(
                new Turn.User("book it"),
                new Turn.Tool("b1", "book_flight", "{}", ToolStatus.OK, "{\"booking\":\"PA-1\"}"),
                new Turn.Agent("Booked.", "Booked.", false),
                new Turn.User("actually cancel that"),
                new Turn.Tool(
                    "b1", "book_flight", "{}", ToolStatus.COMPENSATED, "{\"cancelled\":true}"))),
        new FakeReply());
    List<String> sent = under().sent(0);
    assertThat(sent.stream().filter(l -> l.startsWith("calls: b1 "))).hasSize(1);
    assertThat(String.join("\n", sent)).contains("b1 (book_flight) was undone");
  }

  @Test
  void eachConversationKeepsItsOwnMemory() throws Exception {
    assumeTrue(scripted(), "the model's requests cannot be read");
    Agent agent = agent(List.of(says("Noted.")));
    agent.respond(said("call-1", "my name is Ada Lovelace"), new FakeReply());
    agent.respond(said("call-2", "what is my name"), new FakeReply());
    assertThat(String.join("\n", under().sent(0))).contains("Ada Lovelace");
    assertThat(String.join("\n", under().sent(1)))
        .contains("what is my name")
        .doesNotContain("Ada");
  }

  @Test
  void cancellationStopsTheStreamAtOnce() throws Exception {
    Agent agent = agent(List.of(stalls("Sure", "!")));
    FakeReply reply = new FakeReply();
    AtomicReference<Throwable> ended = new AtomicReference<>();
    Thread replying =
        Thread.ofVirtual()
            .start(
                () -> {
                  try {
                    agent.respond(said("s1", "tell me a long story"), reply);
                  } catch (Throwable t) {
                    ended.set(t);
                  }
                });
    assertThat(scripted() ? reply.awaitText("Sure!", WAIT) : reply.awaitAnyText(WAIT)).isTrue();
    replying.interrupt();
    assertThat(replying.join(WAIT)).as("respond returned").isTrue();
    assertThat(ended.get()).isInstanceOf(InterruptedException.class);
    if (scripted()) {
      assertThat(reply.text()).isEqualTo("Sure!");
    }
    assertThat(under().awaitAbandoned(WAIT)).as("the model saw the reply go").isTrue();
  }

  @Test
  void aModelThatIsDownFailsAsUnavailable() {
    Agent agent = agent(List.of(fails(Kind.UNAVAILABLE)));
    assertThatThrownBy(() -> agent.respond(said("s1", "hello"), new FakeReply()))
        .isInstanceOfSatisfying(
            ProviderException.class, e -> assertThat(e.kind()).isEqualTo(Kind.UNAVAILABLE));
  }

  @Test
  void aRefusedKeyFailsAsFatalAndIsNotTriedAgain() {
    assumeTrue(scripted(), "a local model has no key");
    Agent agent = agent(List.of(fails(Kind.FATAL)));
    assertThatThrownBy(() -> agent.respond(said("s1", "hello"), new FakeReply()))
        .isInstanceOfSatisfying(
            ProviderException.class, e -> assertThat(e.kind()).isEqualTo(Kind.FATAL));
    assertThat(under().requests()).isEqualTo(1);
  }

  @Test
  void aRefusedRequestFailsAsRejectedAndIsNotTriedAgain() {
    assumeTrue(scripted(), "the model follows no script");
    Agent agent = agent(List.of(fails(Kind.REJECTED)));
    assertThatThrownBy(() -> agent.respond(said("s1", "hello"), new FakeReply()))
        .isInstanceOfSatisfying(
            ProviderException.class, e -> assertThat(e.kind()).isEqualTo(Kind.REJECTED));
    assertThat(under().requests()).isEqualTo(1);
  }

  @Test
  void aFailureBeforeAnyWordIsTriedAgain() throws Exception {
    assumeTrue(scripted(), "the model follows no script");
    Agent agent = agent(List.of(fails(Kind.TRANSIENT), says("Hello", " again.")));
    FakeReply reply = new FakeReply();
    agent.respond(said("s1", "hello"), reply);
    assertThat(reply.text()).isEqualTo("Hello again.");
    assertThat(under().requests()).isEqualTo(2);
  }

  @Test
  void aFixedGreetingIsSpokenWithoutAskingTheModel() throws Exception {
    Agent agent =
        under().greets()
            ? under()
                .agent(List.of(says("unused")), List.of(), Greeting.text("Thanks for calling."))
            : agent(List.of(says("unused")));
    if (!under().greets()) {
      assertThat(agent.greets()).isFalse();
      return;
    }
    assertThat(agent.greets()).isTrue();
    FakeReply reply = new FakeReply();
    agent.greet(dev.parley.core.spi.CallInfo.local("call-1"), reply);
    assertThat(reply.text()).isEqualTo("Thanks for calling.");
    assertThat(under().requests()).isZero();
  }

  @Test
  void byDefaultTheCallerSpeaksFirst() {
    assertThat(agent(List.of(says("unused"))).greets()).isFalse();
  }
}
