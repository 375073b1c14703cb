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
package dev.parley.agent.langchain4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.langchain4j.memory.chat.MessageWindowChatMemory;
import dev.langchain4j.service.AiServices;
import dev.langchain4j.service.MemoryId;
import dev.langchain4j.service.TokenStream;
import dev.langchain4j.service.UserMessage;
import dev.parley.core.agent.Greeting;
import dev.parley.core.spi.CallInfo;
import dev.parley.core.spi.Conversation;
import dev.parley.core.spi.Conversation.Turn;
import dev.parley.core.spi.ProviderException;
import dev.parley.core.spi.ProviderException.Kind;
import dev.parley.testing.FakeChatServer;
import dev.parley.testing.FakeChatServer.Ending;
import dev.parley.testing.FakeChatServer.Response;
import dev.parley.testing.FakeReply;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * An existing LangChain4j AI Service, built with {@link AiServices} on the real {@code
 * OpenAiStreamingChatModel} against the loopback server, wrapped as a Parley agent.
 */
class AiServiceAgentTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration WAIT = Duration.ofSeconds(10);

  /** The AI Service a LangChain4j user already has. */
  interface Assistant {
    TokenStream chat(@MemoryId String callId, @UserMessage String text);
  }

  private FakeChatServer server = FakeChatServer.replying();
  private final FlightTools flights = new FlightTools();

  @AfterEach
  void stopServer() {
    server.close();
  }

  private Assistant assistant(FakeChatServer s) {
    this.server = s;
    return AiServices.builder(Assistant.class)
        .streamingChatModel(LangChain4jAgentTest.model(s.baseUrl()))
        .chatMemoryProvider(id -> MessageWindowChatMemory.withMaxMessages(20))
        .tools(flights)
        .build();
  }

  /** Answers with a tool call, and with words once the conversation holds the tool's result. */
  static Response route(FakeChatServer.Request request) {
    try {
      JsonNode messages = JSON.readTree(request.body()).path("messages");
      String lastRole = messages.get(messages.size() - 1).path("role").asText();
      return Response.stream(lastRole.equals("tool") ? "text-after-tools.sse" : "tool-call.sse");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Conversation said(String text) {
    return new Conversation("call-7", List.of(new Turn.User(text)));
  }

  @Test
  void aStreamingAiServiceRunsItsOwnToolAndItsAnswerIsSpoken() throws Exception {
    AiServiceAgent agent =
        LangChain4jAgent.fromAiService(assistant(FakeChatServer.start((r, i) -> route(r)))::chat);
    FakeReply reply = new FakeReply();
    agent.respond(said("flights from Chicago to Boston on October seventh for two"), reply);

    assertThat(reply.text())
        .isEqualTo("I found two flights to Boston on October seventh. Shall I book the first?");
    // The service ran the tool itself: the session saw no call, so no effect rules applied.
    assertThat(flights.ran()).containsExactly("search_flights Chicago-Boston 2026-10-07 x2");
    assertThat(reply.calls()).isEmpty();
    assertThat(agent.tools()).isEmpty();
    JsonNode second = JSON.readTree(server.body(1)).path("messages");
    assertThat(second.get(second.size() - 1).path("role").asText()).isEqualTo("tool");
  }

  @Test
  void theMessageSaysWhatTheCallerHeardOfTheReplyTheyCutOffAndTheSessionIsTheMemory()
      throws Exception {
    AiServiceAgent agent =
        AiServiceAgent.streaming(
                assistant(
                        FakeChatServer.replying(
                            Response.stream("text.sse"), Response.stream("text.sse")))
                    ::chat)
            .build();
    agent.respond(said("when is the next train to Boston"), new FakeReply());
    agent.respond(
        new Conversation(
            "call-7",
            List.of(
                new Turn.User("when is the next train to Boston"),
                new Turn.Agent(
                    "Sure! The next train to Boston leaves at ten fifteen.",
                    "Sure! The next",
                    true),
                new Turn.User("no, the one after", LangChain4jAgentTest.upset()))),
        new FakeReply());

    JsonNode m = JSON.readTree(server.body(1)).path("messages");
    List<String> contents = m.findValuesAsText("content");
    // The service's memory (keyed by the session id) holds the first exchange as the model wrote
    // it; the note says how much of it the caller heard.
    assertThat(contents.get(0)).isEqualTo("when is the next train to Boston");
    assertThat(contents.get(1)).isEqualTo("Sure! The next train to Boston leaves at ten fifteen.");
    assertThat(contents.get(2))
        .startsWith(
            "[The caller interrupted your last reply: they heard only \"Sure! The next\", not the"
                + " rest.] [Voice note (how the caller sounded, not their words): the caller"
                + " sounds agitated")
        .endsWith("] no, the one after");
  }

  @Test
  void interruptingAStreamingServiceStopsTheReplyAtOnceAndClosesTheStream() throws Exception {
    AiServiceAgent agent =
        AiServiceAgent.streaming(
                assistant(
                        FakeChatServer.replying(
                            Response.stream("text.sse").endingAfter(4, Ending.STALL)))
                    ::chat)
            .build();
    FakeReply reply = new FakeReply();
    AtomicReference<Throwable> ended = new AtomicReference<>();
    Thread replying =
        Thread.ofVirtual()
            .start(
                () -> {
                  try {
                    agent.respond(said("hi"), reply);
                  } catch (Throwable t) {
                    ended.set(t);
                  }
                });
    assertThat(reply.awaitText("Sure! The", WAIT)).isTrue();
    replying.interrupt();
    assertThat(replying.join(WAIT)).isTrue();
    assertThat(ended.get()).isInstanceOf(InterruptedException.class);
    assertThat(reply.text()).isEqualTo("Sure! The");
    assertThat(server.awaitClientGone(WAIT)).isTrue();
  }

  @Test
  void aServiceFailureIsAProviderExceptionOfItsKind() {
    AiServiceAgent agent =
        AiServiceAgent.streaming(
                assistant(FakeChatServer.replying(Response.error(401, "error-401.json")))::chat)
            .build();
    assertThatThrownBy(() -> agent.respond(said("hi"), new FakeReply()))
        .isInstanceOfSatisfying(
            ProviderException.class, e -> assertThat(e.kind()).isEqualTo(Kind.FATAL))
        .hasMessageContaining("Incorrect API key provided");
    assertThat(server.requests()).hasSize(1);
  }

  @Test
  void aStringServiceIsSpokenWholeWithTheSessionAsMemoryId() throws Exception {
    AiServiceAgent agent =
        AiServiceAgent.blocking((id, text) -> "You said " + text + " on " + id + ".").build();
    FakeReply reply = new FakeReply();
    agent.respond(said("hello"), reply);
    assertThat(reply.deltas()).containsExactly("You said hello on call-7.");
  }

  @Test
  void interruptingAStringServiceReturnsAtOnceAndInterruptsTheCall() throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch stopped = new CountDownLatch(1);
    AiServiceAgent agent =
        AiServiceAgent.blocking(
                (id, text) -> {
                  started.countDown();
                  try {
                    new CountDownLatch(1).await(); // a model that takes forever
                  } finally {
                    stopped.countDown();
                  }
                  return "never";
                })
            .build();
    FakeReply reply = new FakeReply();
    AtomicReference<Throwable> ended = new AtomicReference<>();
    Thread replying =
        Thread.ofVirtual()
            .start(
                () -> {
                  try {
                    agent.respond(said("hi"), reply);
                  } catch (Throwable t) {
                    ended.set(t);
                  }
                });
    assertThat(started.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
    replying.interrupt();
    assertThat(replying.join(WAIT)).isTrue();
    assertThat(ended.get()).isInstanceOf(InterruptedException.class);
    assertThat(stopped.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
    assertThat(reply.deltas()).isEmpty();
  }

  @Test
  void aConversationWithoutACallIdIsRefusedRatherThanSharingOneMemory() throws Exception {
    AiServiceAgent agent =
        AiServiceAgent.streaming(
                assistant(FakeChatServer.replying(Response.stream("text.sse")))::chat)
            .build();
    assertThatThrownBy(
            () -> agent.respond(new Conversation(List.of(new Turn.User("hello"))), new FakeReply()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("memory id");
    assertThat(server.requests()).as("nothing reached the service").isEmpty();
  }

  /** Issue 17: the second call's memory held the first caller's card number. */
  @Test
  void twoCallsNeverShareAMemory() throws Exception {
    AiServiceAgent agent =
        AiServiceAgent.streaming(
                assistant(
                        FakeChatServer.replying(
                            Response.stream("text.sse"), Response.stream("text.sse")))
                    ::chat)
            .build();
    agent.respond(
        new Conversation("call-A", List.of(new Turn.User("my card number is four one one one"))),
        new FakeReply());
    agent.respond(new Conversation("call-B", List.of(new Turn.User("hello"))), new FakeReply());
    JsonNode second = JSON.readTree(server.body(1)).path("messages");
    assertThat(second.findValuesAsText("content")).containsExactly("hello");
  }

  @Test
  void aGeneratedGreetingIsAskedOfTheServiceUnderTheCallsMemory() throws Exception {
    AiServiceAgent agent =
        AiServiceAgent.streaming(
                assistant(
                        FakeChatServer.replying(
                            Response.stream("text.sse"), Response.stream("text.sse")))
                    ::chat)
            .greeting(Greeting.generated())
            .build();
    assertThat(agent.greets()).isTrue();
    FakeReply greeting = new FakeReply();
    agent.greet(CallInfo.local("call-9"), greeting);
    assertThat(greeting.text()).isNotBlank();
    agent.respond(
        new Conversation(
            "call-9",
            List.of(
                new Turn.Agent(greeting.text(), greeting.text(), false),
                new Turn.User("a train to Boston"))),
        new FakeReply());
    List<String> first = JSON.readTree(server.body(0)).path("messages").findValuesAsText("content");
    assertThat(first).containsExactly("[" + Greeting.DEFAULT_INSTRUCTION + "]");
    List<String> second =
        JSON.readTree(server.body(1)).path("messages").findValuesAsText("content");
    assertThat(second).as("the greeting is in the call's memory").hasSize(3);
    assertThat(second.get(2)).isEqualTo("a train to Boston");
  }

  @Test
  void aFixedFirstMessageIsSpokenWithoutAskingTheService() throws Exception {
    AiServiceAgent agent =
        AiServiceAgent.streaming(assistant(FakeChatServer.replying())::chat)
            .greeting(Greeting.text("Thanks for calling the travel desk."))
            .build();
    FakeReply greeting = new FakeReply();
    agent.greet(CallInfo.local("call-9"), greeting);
    assertThat(greeting.text()).isEqualTo("Thanks for calling the travel desk.");
    assertThat(server.requests()).isEmpty();
    assertThat(AiServiceAgent.streaming(assistant(server)::chat).build().greets()).isFalse();
  }
}
