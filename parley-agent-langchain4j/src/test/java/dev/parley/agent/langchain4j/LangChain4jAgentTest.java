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
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.openai.OpenAiStreamingChatModel;
import dev.parley.core.agent.NotePlacement;
import dev.parley.core.event.ToolStatus;
import dev.parley.core.prosody.UserAffect;
import dev.parley.core.spi.Conversation;
import dev.parley.core.spi.Conversation.Turn;
import dev.parley.core.spi.ProviderException;
import dev.parley.core.spi.ProviderException.Kind;
import dev.parley.core.tool.Tool;
import dev.parley.core.tool.ToolCall;
import dev.parley.core.tool.ToolEffect;
import dev.parley.core.tool.ToolSchema;
import dev.parley.testing.FakeChatServer;
import dev.parley.testing.FakeChatServer.Ending;
import dev.parley.testing.FakeChatServer.Response;
import dev.parley.testing.FakeReply;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The adapter around LangChain4j's real {@link OpenAiStreamingChatModel}, pointed at a loopback
 * server replaying OpenAI's streaming wire format: LangChain4j's HTTP client, SSE parsing and tool
 * call assembly all run for real, and so do the {@code @Tool} methods, through LangChain4j's own
 * executor. What every adapter does is {@link LangChain4jAgentContractTest}.
 */
class LangChain4jAgentTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration WAIT = Duration.ofSeconds(10);

  private final List<Duration> slept = Collections.synchronizedList(new ArrayList<>());
  private FakeChatServer server = FakeChatServer.replying();

  @AfterEach
  void stopServer() {
    server.close();
  }

  private LangChain4jAgent.Builder agent(FakeChatServer s) {
    this.server = s;
    return LangChain4jAgent.builder(model(s.baseUrl())).sleeper(slept::add);
  }

  static OpenAiStreamingChatModel model(String baseUrl) {
    return OpenAiStreamingChatModel.builder()
        .baseUrl(baseUrl)
        .apiKey("sk-test")
        .modelName("gpt-4o-mini")
        .timeout(Duration.ofSeconds(10))
        .build();
  }

  private static Conversation said(String text) {
    return new Conversation("s1", List.of(new Turn.User(text)));
  }

  private JsonNode request(int index) throws Exception {
    return JSON.readTree(server.body(index));
  }

  private static List<String> roles(JsonNode messages) {
    List<String> roles = new ArrayList<>();
    messages.forEach(n -> roles.add(n.path("role").asText()));
    return roles;
  }

  static UserAffect upset() {
    // Louder by 6 dB and 3 semitones higher than this caller's usual, fast, with a baseline.
    return new UserAffect(180, 3, 8, 4, -18, 6, 6.2, 4.4, 0.05, 0, 0, -4, 1500, 1800, 2);
  }

  /** Runs {@code respond} on a thread of its own, as the session does. */
  private static Thread replying(
      LangChain4jAgent a, FakeReply reply, AtomicReference<Throwable> ended) {
    return Thread.ofVirtual()
        .start(
            () -> {
              try {
                a.respond(said("hi"), reply);
              } catch (Throwable t) {
                ended.set(t);
              }
            });
  }

  @Nested
  class Streaming {

    @Test
    void theRequestStreamsWithTheVoicePromptAndTheCallersWordsAndNoToolsWhenThereAreNone()
        throws Exception {
      LangChain4jAgent a = agent(FakeChatServer.replying(Response.stream("text.sse"))).build();
      a.respond(said("hello"), new FakeReply());
      JsonNode body = request(0);
      assertThat(body.path("model").asText()).isEqualTo("gpt-4o-mini");
      assertThat(body.path("stream").asBoolean()).isTrue();
      assertThat(body.has("tools")).isFalse();
      JsonNode m = body.path("messages");
      assertThat(roles(m)).containsExactly("system", "user");
      assertThat(m.get(0).path("content").asText()).isEqualTo(LangChain4jAgent.VOICE_PROMPT);
      assertThat(m.get(1).path("content").asText()).isEqualTo("hello");
      assertThat(server.requests().getFirst().header("authorization")).isEqualTo("Bearer sk-test");
    }

    @Test
    void aModelThatDoesNotStreamPartialsIsSpokenFromItsCompleteResponse() throws Exception {
      StreamingChatModel whole =
          new StreamingChatModel() {
            @Override
            public void doChat(ChatRequest request, StreamingChatResponseHandler handler) {
              handler.onCompleteResponse(
                  ChatResponse.builder().aiMessage(AiMessage.from("All in one piece.")).build());
            }
          };
      FakeReply reply = new FakeReply();
      LangChain4jAgent.builder(whole).build().respond(said("hi"), reply);
      assertThat(reply.deltas()).containsExactly("All in one piece.");
    }
  }

  @Nested
  class TheConversation {
    private Conversation history() {
      return new Conversation(
          "s1",
          List.of(
              new Turn.User("find me a flight from Chicago to Boston on October seventh"),
              new Turn.Tool(
                  "call_1",
                  "search_flights",
                  "{\"from\":\"Chicago\",\"to\":\"Boston\",\"date\":\"2026-10-07\",\"passengers\":1}",
                  ToolStatus.OK,
                  "{\"flights\":[{\"flight\":\"PA 210\"}]}"),
              new Turn.Agent(
                  "Flight PA 210 leaves at eight oh five. Shall I book it?",
                  "Flight PA 210 leaves",
                  true),
              new Turn.User("no wait, that is way too early", upset())));
    }

    @Test
    void agentTurnsAreWhatTheCallerHeardAndNotesGoInTheNextUserMessage() throws Exception {
      LangChain4jAgent a =
          agent(FakeChatServer.replying(Response.stream("text.sse")))
              .tools(new FlightTools())
              .build();
      a.respond(history(), new FakeReply());
      JsonNode m = request(0).path("messages");
      assertThat(roles(m))
          .containsExactly("system", "user", "assistant", "tool", "assistant", "user");
      JsonNode call = m.get(2).path("tool_calls").get(0);
      assertThat(call.path("id").asText()).isEqualTo("call_1");
      assertThat(call.path("function").path("name").asText()).isEqualTo("search_flights");
      assertThat(call.path("function").path("arguments").asText()).contains("\"Chicago\"");
      assertThat(m.get(3).path("tool_call_id").asText()).isEqualTo("call_1");
      assertThat(m.get(3).path("content").asText())
          .isEqualTo("{\"flights\":[{\"flight\":\"PA 210\"}]}");
      // What the caller heard, not the whole reply the model wrote.
      assertThat(m.get(4).path("content").asText()).isEqualTo("Flight PA 210 leaves");
      assertThat(m.get(5).path("content").asText())
          .startsWith("[The caller interrupted you: they heard only the words above")
          .contains(
              "] [Voice note (how the caller sounded, not their words): the caller sounds"
                  + " agitated: pitch high, loud, lively intonation, speaking fast")
          .endsWith("] no wait, that is way too early");
    }

    @Test
    void notesCanBeSystemMessagesBeforeTheTurnForProvidersThatKeepTheirPlace() throws Exception {
      LangChain4jAgent a =
          agent(FakeChatServer.replying(Response.stream("text.sse")))
              .notes(NotePlacement.SYSTEM_MESSAGE)
              .build();
      a.respond(history(), new FakeReply());
      JsonNode m = request(0).path("messages");
      assertThat(roles(m))
          .containsExactly(
              "system", "user", "assistant", "tool", "assistant", "system", "system", "user");
      assertThat(m.get(5).path("content").asText()).contains("heard only");
      assertThat(m.get(6).path("content").asText()).startsWith("Voice note");
      assertThat(m.get(7).path("content").asText()).isEqualTo("no wait, that is way too early");
    }
  }

  @Nested
  class Tools {
    @Test
    void toolMethodsBecomeParleyToolsWithLangChain4jsSchemaAndSideEffectsUnlessMarked() {
      LangChain4jAgent a =
          agent(FakeChatServer.replying())
              .tools(new FlightTools())
              .readOnly("search_flights", "get_weather")
              .toolTimeout("search_flights", Duration.ofSeconds(3))
              .build();
      assertThat(a.tools())
          .extracting(t -> t.spec().name())
          .containsExactly("book_flight", "search_flights", "get_weather");
      Tool search = a.tools().get(1);
      assertThat(search.spec().description())
          .isEqualTo("Finds flights between two cities on a date");
      assertThat(search.spec().effect()).isEqualTo(ToolEffect.READ_ONLY);
      assertThat(search.spec().timeout()).isEqualTo(Duration.ofSeconds(3));
      assertThat(a.tools().get(0).spec().effect()).isEqualTo(ToolEffect.SIDE_EFFECTING);
      assertThat(a.tools().get(0).spec().timeout()).isEqualTo(Duration.ofSeconds(10));
      // Parley's runtime checks the arguments against the schema LangChain4j derived.
      ToolSchema schema = ToolSchema.compile("search_flights", search.spec().parametersSchema());
      assertThat(schema.violations("{\"from\":\"Chicago\",\"to\":\"Boston\",\"date\":\"x\"}"))
          .containsExactly("$.passengers is required");
      assertThat(
              schema.violations(
                  "{\"from\":\"Chicago\",\"to\":\"Boston\",\"date\":\"x\",\"passengers\":\"two\"}"))
          .singleElement()
          .asString()
          .contains("$.passengers");
    }

    @Test
    void theToolsGoToTheModelAsLangChain4jDescribesThem() throws Exception {
      LangChain4jAgent a =
          agent(FakeChatServer.replying(Response.stream("text.sse")))
              .tools(new FlightTools())
              .build();
      a.respond(said("flights to Boston"), new FakeReply());
      JsonNode tools = request(0).path("tools");
      assertThat(tools).hasSize(3);
      JsonNode search = tools.get(1).path("function");
      assertThat(search.path("name").asText()).isEqualTo("search_flights");
      assertThat(
              search
                  .path("parameters")
                  .path("properties")
                  .path("from")
                  .path("description")
                  .asText())
          .isEqualTo("departure city");
      assertThat(search.path("parameters").path("required").toString())
          .isEqualTo("[\"from\",\"to\",\"date\",\"passengers\"]");
      assertThat(request(0).path("tool_choice").asText()).isEqualTo("auto");
    }

    @Test
    void aStreamedToolCallRunsTheToolMethodAndItsResultGoesBackToTheModel() throws Exception {
      FlightTools flights = new FlightTools();
      LangChain4jAgent a =
          agent(
                  FakeChatServer.replying(
                      Response.stream("tool-call.sse"), Response.stream("text-after-tools.sse")))
              .tools(flights)
              .build();
      FakeReply reply = new FakeReply(a.tools());
      a.respond(said("from Chicago to Boston on October seventh for two"), reply);

      assertThat(reply.batches())
          .containsExactly(
              List.of(
                  new ToolCall(
                      "call_Xq7m2LrT9bVcN4hJ1kS8dWfE",
                      "search_flights",
                      "{\"from\":\"Chicago\",\"to\":\"Boston\",\"date\":\"2026-10-07\",\"passengers\":2}")));
      assertThat(flights.ran()).containsExactly("search_flights Chicago-Boston 2026-10-07 x2");
      assertThat(reply.text())
          .isEqualTo("I found two flights to Boston on October seventh. Shall I book the first?");
      JsonNode second = request(1).path("messages");
      JsonNode assistant = second.get(second.size() - 2);
      assertThat(assistant.path("role").asText()).isEqualTo("assistant");
      assertThat(assistant.path("tool_calls").get(0).path("id").asText())
          .isEqualTo("call_Xq7m2LrT9bVcN4hJ1kS8dWfE");
      JsonNode tool = second.get(second.size() - 1);
      assertThat(tool.path("role").asText()).isEqualTo("tool");
      assertThat(tool.path("tool_call_id").asText()).isEqualTo("call_Xq7m2LrT9bVcN4hJ1kS8dWfE");
      assertThat(tool.path("content").asText()).contains("\"PA 214\"");
      assertThat(server.requests()).hasSize(2);
    }

    @Test
    void parallelToolCallsGoToTheSessionTogetherAndEachResultBackUnderItsId() throws Exception {
      ToolSpecification status =
          ToolSpecification.builder()
              .name("booking_status")
              .description("Whether a booking is confirmed")
              .parameters(
                  JsonObjectSchema.builder()
                      .addStringProperty("booking")
                      .required("booking")
                      .build())
              .build();
      List<String> asked = Collections.synchronizedList(new ArrayList<>());
      LangChain4jAgent a =
          agent(
                  FakeChatServer.replying(
                      Response.stream("parallel-tool-calls.sse"), Response.stream("text.sse")))
              .tools(new FlightTools())
              .tool(
                  status,
                  (request, memoryId) -> {
                    asked.add(request.arguments());
                    return "{\"status\":\"confirmed\"}";
                  })
              .readOnly("get_weather", "booking_status")
              .build();
      FakeReply reply = new FakeReply(a.tools());
      a.respond(said("weather in Boston and is PA-4471 confirmed"), reply);
      assertThat(reply.batches())
          .singleElement()
          .satisfies(
              batch ->
                  assertThat(batch)
                      .containsExactly(
                          new ToolCall(
                              "call_Ab3dE5fG7hJ9kL1mN3pQ5rS7",
                              "get_weather",
                              "{\"city\": \"Boston\"}"),
                          new ToolCall(
                              "call_Tu9vW1xY3zA5bC7dE9fG1hJ3",
                              "booking_status",
                              "{\"booking\": \"PA-4471\"}")));
      assertThat(asked).containsExactly("{\"booking\": \"PA-4471\"}");
      JsonNode m = request(1).path("messages");
      assertThat(m.get(m.size() - 3).path("tool_calls")).hasSize(2);
      // A String result reaches the model as the text LangChain4j would give it, not as JSON.
      assertThat(m.get(m.size() - 2).path("tool_call_id").asText())
          .isEqualTo("call_Ab3dE5fG7hJ9kL1mN3pQ5rS7");
      assertThat(m.get(m.size() - 2).path("content").asText())
          .isEqualTo("clear skies in Boston, 18 degrees");
      assertThat(m.get(m.size() - 1).path("content").asText())
          .isEqualTo("{\"status\":\"confirmed\"}");
    }

    @Test
    void aToolThatThrowsIsAFailedResultTheModelHearsAbout() throws Exception {
      Tool book =
          agent(FakeChatServer.replying()).tools(new FlightTools()).build().tools().getFirst();
      FakeReply reply = new FakeReply(List.of(book));
      var result = reply.call(new ToolCall("c1", "book_flight", "{\"flight\":\" \"}"));
      assertThat(result.status()).isEqualTo(ToolStatus.FAILED);
      assertThat(result.json()).isEqualTo("{\"error\":\"no flight given\"}");
      var booked = reply.call(new ToolCall("c2", "book_flight", "{\"flight\":\"PA 210\"}"));
      assertThat(booked.json()).isEqualTo("{\"flight\":\"PA 210\",\"reference\":\"PA-4471\"}");
    }

    @Test
    void aMarkForAToolTheAgentDoesNotHaveFailsAtConstruction() {
      assertThatThrownBy(
              () ->
                  agent(FakeChatServer.replying())
                      .tools(new FlightTools())
                      .readOnly("searchFlights")
                      .build())
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("no tool named searchFlights")
          .hasMessageContaining("search_flights");
      assertThatThrownBy(
              () ->
                  agent(FakeChatServer.replying())
                      .tools(new FlightTools(), new FlightTools())
                      .build())
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("two tools are named");
      assertThatThrownBy(() -> agent(FakeChatServer.replying()).tools(new Object()).build())
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("no @Tool methods");
    }
  }

  @Nested
  class Cancellation {
    @Test
    void interruptingTheReplyStopsItAtOnceAndClosesTheStream() throws Exception {
      LangChain4jAgent a =
          agent(FakeChatServer.replying(Response.stream("text.sse").endingAfter(4, Ending.STALL)))
              .build();
      FakeReply reply = new FakeReply();
      AtomicReference<Throwable> ended = new AtomicReference<>();
      Thread thread = replying(a, reply, ended);
      assertThat(server.awaitStalled(WAIT)).isTrue();
      assertThat(reply.awaitText("Sure! The", WAIT)).isTrue();
      thread.interrupt();
      assertThat(thread.join(WAIT)).isTrue();
      assertThat(ended.get()).isInstanceOf(InterruptedException.class);
      assertThat(reply.text()).isEqualTo("Sure! The");
      assertThat(server.awaitClientGone(WAIT))
          .as("LangChain4j's streaming handle closed the connection")
          .isTrue();
    }

    @Test
    void aModelThatCannotBeCancelledHasItsLateCallbacksDropped() throws Exception {
      CountDownLatch first = new CountDownLatch(1);
      CountDownLatch cancelled = new CountDownLatch(1);
      CountDownLatch finished = new CountDownLatch(1);
      StreamingChatModel stubborn =
          new StreamingChatModel() {
            @Override
            public void doChat(ChatRequest request, StreamingChatResponseHandler handler) {
              Thread.ofVirtual()
                  .start(
                      () -> {
                        handler.onPartialResponse("Let me");
                        first.countDown();
                        try {
                          cancelled.await();
                        } catch (InterruptedException e) {
                          return;
                        }
                        handler.onPartialResponse(" check that.");
                        handler.onCompleteResponse(
                            ChatResponse.builder()
                                .aiMessage(AiMessage.from("Let me check that."))
                                .build());
                        finished.countDown();
                      });
            }
          };
      LangChain4jAgent a = LangChain4jAgent.builder(stubborn).build();
      FakeReply reply = new FakeReply();
      AtomicReference<Throwable> ended = new AtomicReference<>();
      Thread thread = replying(a, reply, ended);
      assertThat(first.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
      assertThat(reply.awaitText("Let me", WAIT)).isTrue();
      thread.interrupt();
      assertThat(thread.join(WAIT)).isTrue();
      assertThat(ended.get()).isInstanceOf(InterruptedException.class);
      cancelled.countDown();
      assertThat(finished.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
      assertThat(reply.text()).isEqualTo("Let me");
    }
  }

  @Nested
  class Failures {

    @Test
    void aRefusedKeyIsFatalAndNotTriedAgain() {
      LangChain4jAgent a =
          agent(FakeChatServer.replying(Response.error(401, "error-401.json"))).build();
      assertThatThrownBy(() -> a.respond(said("hi"), new FakeReply()))
          .isInstanceOfSatisfying(
              ProviderException.class, e -> assertThat(e.kind()).isEqualTo(Kind.FATAL))
          .hasMessageContaining("Incorrect API key provided")
          .hasMessageContaining("check the API key");
      assertThat(server.requests()).hasSize(1);
      assertThat(slept).isEmpty();
    }

    @Test
    void aRefusedConnectionIsTriedAgainThenUnavailable() {
      FakeChatServer gone = FakeChatServer.replying();
      String url = gone.baseUrl();
      gone.close();
      LangChain4jAgent a = LangChain4jAgent.builder(model(url)).sleeper(slept::add).build();
      assertThatThrownBy(() -> a.respond(said("hi"), new FakeReply()))
          .isInstanceOfSatisfying(
              ProviderException.class, e -> assertThat(e.kind()).isEqualTo(Kind.UNAVAILABLE));
      assertThat(slept).hasSize(1);
    }

    @Test
    void aStreamCutBeforeAnyWordIsTriedAgain() throws Exception {
      LangChain4jAgent a =
          agent(
                  FakeChatServer.replying(
                      Response.stream("disconnect-before-text.sse").endingAfter(1, Ending.CUT),
                      Response.stream("text.sse")))
              .build();
      FakeReply reply = new FakeReply();
      a.respond(said("hi"), reply);
      assertThat(reply.text()).isEqualTo("Sure! The next train to Boston leaves at ten fifteen.");
      assertThat(slept).containsExactly(Duration.ofMillis(250));
      assertThat(server.requests()).hasSize(2);
    }

    @Test
    void aStreamCutAfterWordsEndsTheReplyWithThoseWordsAndIsNotTriedAgain() throws Exception {
      // LangChain4j's OpenAI module completes a broken-off stream as if it had ended: the words
      // spoken stand (they cannot be unsaid), and nothing is sent again.
      LangChain4jAgent a =
          agent(
                  FakeChatServer.replying(
                      Response.stream("disconnect-after-text.sse").endingAfter(3, Ending.CUT),
                      Response.stream("text.sse")))
              .build();
      FakeReply reply = new FakeReply();
      a.respond(said("hi"), reply);
      assertThat(reply.text()).isEqualTo("Let me");
      assertThat(server.requests()).hasSize(1);
    }

    @Test
    void aModelThatGoesQuietFailsAtTheIdleTimeoutInsteadOfHanging() {
      LangChain4jAgent a =
          agent(FakeChatServer.replying(Response.stream("text.sse").endingAfter(3, Ending.STALL)))
              .idleTimeout(Duration.ofMillis(300))
              .retries(1, Duration.ZERO)
              .build();
      FakeReply reply = new FakeReply();
      assertThatThrownBy(() -> a.respond(said("hi"), reply))
          .isInstanceOfSatisfying(
              ProviderException.class, e -> assertThat(e.kind()).isEqualTo(Kind.TRANSIENT))
          .hasMessageContaining("went quiet for more than 300 ms after the reply had begun");
      assertThat(reply.text()).isEqualTo("Sure!");
    }
  }
}
