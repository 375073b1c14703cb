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
package dev.parley.agent.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parley.core.agent.NotePlacement;
import dev.parley.core.agent.ToolChoice;
import dev.parley.core.event.ToolStatus;
import dev.parley.core.prosody.UserAffect;
import dev.parley.core.spi.CallInfo;
import dev.parley.core.spi.Conversation;
import dev.parley.core.spi.Conversation.Turn;
import dev.parley.core.spi.ProviderException;
import dev.parley.core.spi.ProviderException.Kind;
import dev.parley.core.tool.ToolCall;
import dev.parley.core.tool.ToolEffect;
import dev.parley.testing.FakeChatServer;
import dev.parley.testing.FakeChatServer.Ending;
import dev.parley.testing.FakeChatServer.Response;
import dev.parley.testing.FakeReply;
import dev.parley.testing.FakeTool;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * What is particular to the OpenAI adapter, against a loopback server replaying recorded OpenAI
 * streams: the request body, the message layout, Retry-After, broken and malformed streams. What
 * every adapter does is {@link OpenAiAgentContractTest}.
 */
class OpenAiCompatibleAgentTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration WAIT = Duration.ofSeconds(10);

  private static final String SEARCH_SCHEMA =
      """
      {"type":"object","properties":{"from":{"type":"string"},"to":{"type":"string"},
       "date":{"type":"string"},"passengers":{"type":"integer","minimum":1}},
       "required":["from","to","date","passengers"]}""";

  private final List<Duration> slept = Collections.synchronizedList(new ArrayList<>());
  private FakeChatServer server = FakeChatServer.replying();

  @AfterEach
  void stopServer() {
    server.close();
  }

  private OpenAiCompatibleAgent.Builder agent(FakeChatServer s) {
    this.server = s;
    return OpenAiCompatibleAgent.builder(s.baseUrl(), "gpt-4o-mini").sleeper(slept::add);
  }

  private static Conversation said(String text) {
    return new Conversation("s1", List.of(new Turn.User(text)));
  }

  private JsonNode request(int index) throws Exception {
    return JSON.readTree(server.body(index));
  }

  private static FakeTool search() {
    return FakeTool.readOnly("search_flights", Duration.ZERO)
        .schema(SEARCH_SCHEMA)
        .answering(args -> "{\"flights\":[{\"flight\":\"PA 210\",\"departs\":\"08:05\"}]}");
  }

  static UserAffect upset() {
    // Louder by 6 dB and 3 semitones higher than this caller's usual, fast, with a baseline.
    return new UserAffect(180, 3, 8, 4, -18, 6, 6.2, 4.4, 0.05, 0, 0, -4, 1500, 1800, 2);
  }

  @Nested
  class Greetings {

    @Test
    void aGeneratedGreetingAsksTheModelWithTheInstructionInPlaceOfTheCallersTurn()
        throws Exception {
      OpenAiCompatibleAgent a =
          agent(FakeChatServer.replying(Response.stream("text.sse")))
              .greeting(dev.parley.core.agent.Greeting.generated())
              .build();
      FakeReply reply = new FakeReply();
      a.greet(CallInfo.local("call-1"), reply);
      assertThat(reply.text()).isNotBlank();
      JsonNode messages = request(0).path("messages");
      assertThat(messages.get(messages.size() - 1).path("content").asText())
          .contains(dev.parley.core.agent.Greeting.DEFAULT_INSTRUCTION);
    }
  }

  @Nested
  class Streaming {

    @Test
    void theRequestStreamsTheModelWithTheVoicePromptAndNoToolsWhenThereAreNone() throws Exception {
      OpenAiCompatibleAgent a = agent(FakeChatServer.replying(Response.stream("text.sse"))).build();
      a.respond(said("hello"), new FakeReply());
      JsonNode body = request(0);
      assertThat(body.path("model").asText()).isEqualTo("gpt-4o-mini");
      assertThat(body.path("stream").asBoolean()).isTrue();
      assertThat(body.has("tools")).isFalse();
      assertThat(body.has("tool_choice")).isFalse();
      assertThat(body.path("messages").get(0).path("role").asText()).isEqualTo("system");
      assertThat(body.path("messages").get(0).path("content").asText())
          .isEqualTo(OpenAiCompatibleAgent.VOICE_PROMPT);
      assertThat(body.path("messages").get(1).toString())
          .isEqualTo("{\"role\":\"user\",\"content\":\"hello\"}");
      FakeChatServer.Request r = server.requests().getFirst();
      assertThat(r.path()).isEqualTo("/v1/chat/completions");
      assertThat(r.header("accept")).isEqualTo("text/event-stream");
      assertThat(r.header("authorization")).isEmpty();
    }

    @Test
    void theKeyGoesInTheAuthorizationHeader() throws Exception {
      OpenAiCompatibleAgent a =
          agent(FakeChatServer.replying(Response.stream("text.sse"))).apiKey("sk-test-123").build();
      a.respond(said("hello"), new FakeReply());
      assertThat(server.requests().getFirst().header("authorization"))
          .isEqualTo("Bearer sk-test-123");
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
    void userTurnsCarryAnAffectNoteAndAgentTurnsTheWordsTheCallerHeard() throws Exception {
      OpenAiCompatibleAgent a =
          agent(FakeChatServer.replying(Response.stream("text.sse"))).tool(search()).build();
      a.respond(history(), new FakeReply(List.of(search())));
      JsonNode m = request(0).path("messages");
      List<String> roles = new ArrayList<>();
      m.forEach(n -> roles.add(n.path("role").asText()));
      assertThat(roles)
          .containsExactly(
              "system", "user", "assistant", "tool", "assistant", "system", "system", "user");
      assertThat(m.get(2).path("content").isNull()).isTrue();
      assertThat(m.get(2).path("tool_calls").get(0).toString())
          .isEqualTo(
              "{\"id\":\"call_1\",\"type\":\"function\",\"function\":{\"name\":\"search_flights\","
                  + "\"arguments\":\"{\\\"from\\\":\\\"Chicago\\\",\\\"to\\\":\\\"Boston\\\","
                  + "\\\"date\\\":\\\"2026-10-07\\\",\\\"passengers\\\":1}\"}}");
      assertThat(m.get(3).path("tool_call_id").asText()).isEqualTo("call_1");
      assertThat(m.get(3).path("content").asText())
          .isEqualTo("{\"flights\":[{\"flight\":\"PA 210\"}]}");
      // What the caller heard, not the whole reply the model wrote.
      assertThat(m.get(4).path("content").asText()).isEqualTo("Flight PA 210 leaves");
      assertThat(m.get(5).path("content").asText()).contains("interrupted").contains("heard only");
      assertThat(m.get(6).path("content").asText())
          .startsWith("Voice note")
          .contains(
              "the caller sounds agitated: pitch high, loud, lively intonation, speaking fast");
      assertThat(m.get(7).path("content").asText()).isEqualTo("no wait, that is way too early");
    }

    @Test
    void notesCanGoInsideTheUserMessageForTemplatesThatRefuseLateSystemMessages() throws Exception {
      OpenAiCompatibleAgent a =
          agent(FakeChatServer.replying(Response.stream("text.sse")))
              .tool(search())
              .notes(NotePlacement.IN_USER_MESSAGE)
              .build();
      a.respond(history(), new FakeReply(List.of(search())));
      JsonNode m = request(0).path("messages");
      List<String> roles = new ArrayList<>();
      m.forEach(n -> roles.add(n.path("role").asText()));
      assertThat(roles).containsExactly("system", "user", "assistant", "tool", "assistant", "user");
      assertThat(m.get(5).path("content").asText())
          .startsWith("[The caller interrupted you")
          .contains("] [Voice note")
          .endsWith("] no wait, that is way too early");
    }

    @Test
    void aCalmOrShortTurnGetsNoNote() throws Exception {
      OpenAiCompatibleAgent a = agent(FakeChatServer.replying(Response.stream("text.sse"))).build();
      UserAffect calm =
          new UserAffect(120, 0.2, 4, 0, -22, 0.5, 4.4, 4.4, 0.05, 0, 0, -6, 1500, 1800, 2);
      a.respond(new Conversation(List.of(new Turn.User("yes please", calm))), new FakeReply());
      assertThat(request(0).path("messages")).hasSize(2);
    }
  }

  @Nested
  class Tools {
    @Test
    void toolsGoOutAsFunctionsWithTheirSchemaAndTheConfiguredToolChoice() throws Exception {
      OpenAiCompatibleAgent a =
          agent(FakeChatServer.replying(Response.stream("text.sse")))
              .tool(search())
              .toolChoice(ToolChoice.function("search_flights"))
              .build();
      a.respond(said("flights to Boston"), new FakeReply());
      JsonNode body = request(0);
      JsonNode fn = body.path("tools").get(0);
      assertThat(fn.path("type").asText()).isEqualTo("function");
      assertThat(fn.path("function").path("name").asText()).isEqualTo("search_flights");
      assertThat(fn.path("function").path("description").asText())
          .isEqualTo("A fake search_flights.");
      assertThat(fn.path("function").path("parameters")).isEqualTo(JSON.readTree(SEARCH_SCHEMA));
      assertThat(body.path("tool_choice").toString())
          .isEqualTo("{\"type\":\"function\",\"function\":{\"name\":\"search_flights\"}}");
    }

    @Test
    void aStreamedToolCallIsAssembledRunThroughTheReplyAndItsResultSentBack() throws Exception {
      OpenAiCompatibleAgent a =
          agent(
                  FakeChatServer.replying(
                      Response.stream("tool-call.sse"), Response.stream("text-after-tools.sse")))
              .tool(search())
              .build();
      FakeReply reply = new FakeReply(List.of(search()));
      a.respond(said("from Chicago to Boston on October seventh for two"), reply);

      assertThat(reply.batches())
          .containsExactly(
              List.of(
                  new ToolCall(
                      "call_Xq7m2LrT9bVcN4hJ1kS8dWfE",
                      "search_flights",
                      "{\"from\":\"Chicago\",\"to\":\"Boston\",\"date\":\"2026-10-07\",\"passengers\":2}")));
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
      assertThat(tool.path("content").asText())
          .isEqualTo("{\"flights\":[{\"flight\":\"PA 210\",\"departs\":\"08:05\"}]}");
      assertThat(server.requests()).hasSize(2);
    }

    @Test
    void toolRoundsAreBoundedAndTheLastRoundAsksForWordsOnly() throws Exception {
      OpenAiCompatibleAgent a =
          agent(
                  FakeChatServer.replying(
                      Response.stream("tool-call.sse"),
                      Response.stream("tool-call.sse"),
                      Response.stream("text.sse")))
              .tool(search())
              .maxToolRounds(2)
              .build();
      FakeReply reply = new FakeReply(List.of(search()));
      a.respond(said("flights"), reply);
      assertThat(request(0).path("tool_choice").asText()).isEqualTo("auto");
      assertThat(request(1).path("tool_choice").asText()).isEqualTo("auto");
      assertThat(request(2).path("tool_choice").asText()).isEqualTo("none");
      // The model reused its call id in round two; the session must see a fresh one.
      assertThat(reply.calls()).hasSize(2);
      assertThat(reply.calls().get(1).id()).isNotEqualTo(reply.calls().get(0).id());
      assertThat(reply.text()).endsWith("ten fifteen.");
    }
  }

  @Nested
  class Failures {
    @Test
    void anErrorBodyBecomesAProviderExceptionWithTheServersMessage() {
      OpenAiCompatibleAgent a =
          agent(FakeChatServer.replying(Response.error(401, "error-401.json"))).build();
      assertThatThrownBy(() -> a.respond(said("hi"), new FakeReply()))
          .isInstanceOfSatisfying(
              ProviderException.class, e -> assertThat(e.kind()).isEqualTo(Kind.FATAL))
          .hasMessageContaining("HTTP 401")
          .hasMessageContaining("Incorrect API key provided")
          .hasMessageContaining("check the API key");
      assertThat(server.requests()).hasSize(1);
      assertThat(slept).isEmpty();
    }

    @Test
    void aRateLimitIsRetriedAfterTheRetryAfterTheServerAsks() throws Exception {
      OpenAiCompatibleAgent a =
          agent(
                  FakeChatServer.replying(
                      Response.error(429, "error-429.json").header("Retry-After", "2"),
                      Response.stream("text.sse")))
              .build();
      FakeReply reply = new FakeReply();
      a.respond(said("hi"), reply);
      assertThat(slept).containsExactly(Duration.ofSeconds(2));
      assertThat(reply.text()).startsWith("Sure!");
      assertThat(server.requests()).hasSize(2);
      assertThat(server.body(1)).isEqualTo(server.body(0));
    }

    @Test
    void openAisRetryAfterMillisWinsOverTheSecondsHeader() throws Exception {
      OpenAiCompatibleAgent a =
          agent(
                  FakeChatServer.replying(
                      Response.error(429, "error-429.json")
                          .header("Retry-After", "2")
                          .header("retry-after-ms", "750"),
                      Response.stream("text.sse")))
              .build();
      a.respond(said("hi"), new FakeReply());
      assertThat(slept).containsExactly(Duration.ofMillis(750));
    }

    @Test
    void aRetryAfterLongerThanACallerWaitsGivesUpAtOnceAsTransient() {
      OpenAiCompatibleAgent a =
          agent(
                  FakeChatServer.replying(
                      Response.error(429, "error-429.json").header("Retry-After", "60")))
              .build();
      assertThatThrownBy(() -> a.respond(said("hi"), new FakeReply()))
          .isInstanceOfSatisfying(
              ProviderException.class, e -> assertThat(e.kind()).isEqualTo(Kind.TRANSIENT))
          .hasMessageContaining("Rate limit reached")
          .hasMessageContaining("too long");
      assertThat(slept).isEmpty();
    }

    @Test
    void serverErrorsBackOffExponentiallyThenFailAsUnavailable() {
      OpenAiCompatibleAgent a =
          agent(
                  FakeChatServer.replying(
                      Response.error(500, "error-500.json"),
                      Response.error(502, "error-500.json"),
                      Response.error(503, "error-500.json")))
              .build();
      assertThatThrownBy(() -> a.respond(said("hi"), new FakeReply()))
          .isInstanceOfSatisfying(
              ProviderException.class, e -> assertThat(e.kind()).isEqualTo(Kind.UNAVAILABLE))
          .hasMessageContaining("HTTP 503")
          .hasMessageContaining("after 3 tries");
      assertThat(slept).containsExactly(Duration.ofMillis(250), Duration.ofMillis(500));
      assertThat(server.requests()).hasSize(3);
    }

    @Test
    void aRefusedConnectionIsRetriedThenUnavailable() {
      FakeChatServer gone = FakeChatServer.replying();
      String url = gone.baseUrl();
      gone.close();
      OpenAiCompatibleAgent a = OpenAiCompatibleAgent.builder(url, "m").sleeper(slept::add).build();
      assertThatThrownBy(() -> a.respond(said("hi"), new FakeReply()))
          .isInstanceOfSatisfying(
              ProviderException.class, e -> assertThat(e.kind()).isEqualTo(Kind.UNAVAILABLE))
          .hasMessageContaining("cannot connect to http://127.0.0.1:");
      assertThat(slept).hasSize(2);
    }

    @Test
    void aStreamCutBeforeAnyWordIsRetried() throws Exception {
      OpenAiCompatibleAgent a =
          agent(
                  FakeChatServer.replying(
                      Response.stream("disconnect-before-text.sse").endingAfter(1, Ending.CUT),
                      Response.stream("text.sse")))
              .build();
      FakeReply reply = new FakeReply();
      a.respond(said("hi"), reply);
      assertThat(reply.text()).isEqualTo("Sure! The next train to Boston leaves at ten fifteen.");
      assertThat(slept).containsExactly(Duration.ofMillis(250));
    }

    @Test
    void aStreamCutAfterWordsWereSpokenIsTransientAndNotRetried() {
      OpenAiCompatibleAgent a =
          agent(
                  FakeChatServer.replying(
                      Response.stream("disconnect-after-text.sse").endingAfter(3, Ending.CUT),
                      Response.stream("text.sse")))
              .build();
      FakeReply reply = new FakeReply();
      assertThatThrownBy(() -> a.respond(said("hi"), reply))
          .isInstanceOfSatisfying(
              ProviderException.class, e -> assertThat(e.kind()).isEqualTo(Kind.TRANSIENT))
          .hasMessageContaining("ended before [DONE]");
      assertThat(reply.text()).isEqualTo("Let me");
      assertThat(server.requests()).hasSize(1);
    }

    @Test
    void aMalformedChunkFailsAsFatalQuotingTheChunk() {
      OpenAiCompatibleAgent a =
          agent(FakeChatServer.replying(Response.stream("malformed-chunk.sse"))).build();
      FakeReply reply = new FakeReply();
      assertThatThrownBy(() -> a.respond(said("hi"), reply))
          .isInstanceOfSatisfying(
              ProviderException.class, e -> assertThat(e.kind()).isEqualTo(Kind.FATAL))
          .hasMessageContaining("malformed chunk")
          .hasMessageContaining("\"content\":\" th");
      assertThat(reply.text()).isEqualTo("Okay");
    }

    @Test
    void aJsonBodyInsteadOfAnEventStreamIsAClearFailure() {
      OpenAiCompatibleAgent a =
          agent(
                  FakeChatServer.replying(
                      Response.streamOf(
                          "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"choices\":[]}\n")))
              .build();
      assertThatThrownBy(() -> a.respond(said("hi"), new FakeReply()))
          .isInstanceOf(ProviderException.class)
          .hasMessageContaining("did not answer with an event stream");
    }

    @Test
    void anErrorEventMidStreamIsAProviderException() {
      OpenAiCompatibleAgent a =
          agent(
                  FakeChatServer.replying(
                      Response.streamOf(
                          "data: {\"error\":{\"message\":\"the model is overloaded\","
                              + "\"type\":\"server_error\",\"code\":503}}\n\n")))
              .build();
      assertThatThrownBy(() -> a.respond(said("hi"), new FakeReply()))
          .isInstanceOfSatisfying(
              ProviderException.class, e -> assertThat(e.kind()).isEqualTo(Kind.UNAVAILABLE))
          .hasMessageContaining("the model is overloaded");
    }

    @Test
    void aStreamThatGoesQuietFailsAtTheIdleTimeoutInsteadOfHanging() {
      OpenAiCompatibleAgent a =
          agent(FakeChatServer.replying(Response.stream("text.sse").endingAfter(3, Ending.STALL)))
              .idleTimeout(Duration.ofMillis(100))
              .build();
      FakeReply reply = new FakeReply();
      assertThatThrownBy(() -> a.respond(said("hi"), reply))
          .isInstanceOfSatisfying(
              ProviderException.class, e -> assertThat(e.kind()).isEqualTo(Kind.TRANSIENT))
          .hasMessageContaining("went quiet for more than 100 ms");
      assertThat(reply.text()).isEqualTo("Sure!");
    }
  }

  @Nested
  class Cancellation {

    @Test
    void interruptingABackoffEndsTheWait() throws Exception {
      CompletableFuture<Void> waiting = new CompletableFuture<>();
      OpenAiCompatibleAgent a =
          agent(FakeChatServer.replying(Response.error(503, "error-500.json")))
              .sleeper(
                  d -> {
                    waiting.complete(null);
                    new java.util.concurrent.CountDownLatch(1).await(); // until interrupted
                  })
              .build();
      AtomicReference<Throwable> ended = new AtomicReference<>();
      Thread replying =
          Thread.ofVirtual()
              .start(
                  () -> {
                    try {
                      a.respond(said("hi"), new FakeReply());
                    } catch (Throwable t) {
                      ended.set(t);
                    }
                  });
      waiting.get(WAIT.toSeconds(), TimeUnit.SECONDS);
      replying.interrupt();
      assertThat(replying.join(WAIT)).isTrue();
      assertThat(ended.get()).isInstanceOf(InterruptedException.class);
    }
  }

  @Nested
  class Configuration {
    @Test
    void aMalformedBaseUrlFailsAtConstruction() {
      assertThatThrownBy(() -> OpenAiCompatibleAgent.builder("localhost:11434/v1", "m").build())
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("must start with http:// or https://");
      assertThatThrownBy(() -> OpenAiCompatibleAgent.builder("http://exa mple/v1", "m").build())
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("malformed base URL");
      assertThatThrownBy(() -> OpenAiCompatibleAgent.builder("http:///v1", "m").build())
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("has no host");
    }

    @Test
    void aMissingModelFailsAtConstruction() {
      assertThatThrownBy(
              () -> OpenAiCompatibleAgent.builder("http://localhost:11434/v1", " ").build())
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("no model named");
    }

    @Test
    void aHostedHttpsProviderWithoutAKeyFailsAtConstruction() {
      assertThatThrownBy(
              () ->
                  OpenAiCompatibleAgent.builder(
                          "https://api.groq.com/openai/v1", "llama-3.1-8b-instant")
                      .build())
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("no API key")
          .hasMessageContaining("OPENAI_API_KEY");
      assertThat(
              OpenAiCompatibleAgent.builder("https://api.groq.com/openai/v1", "m")
                  .apiKey("gsk_1")
                  .build())
          .isNotNull();
      assertThat(
              OpenAiCompatibleAgent.builder("https://llm.example.org/v1", "m").noApiKey().build())
          .isNotNull();
    }

    @Test
    void localServersNeedNoKey() {
      for (String url :
          List.of(
              "http://localhost:11434/v1",
              "https://localhost:8443/v1",
              "https://127.0.0.1:8000/v1",
              "https://[::1]:8000/v1",
              "https://10.0.0.7/v1",
              "https://192.168.1.20:8080/v1",
              "https://vllm:8000/v1",
              "https://gpu-box.local/v1",
              "http://api.openai.com/v1")) {
        assertThat(OpenAiCompatibleAgent.builder(url, "m").build()).as(url).isNotNull();
      }
    }

    @Test
    void theEndpointIsTheBaseUrlPlusChatCompletionsWhicheverWayTheUrlWasGiven() {
      assertThat(OpenAiCompatibleAgent.builder("http://localhost:8080/v1/", "m").build().endpoint())
          .hasToString("http://localhost:8080/v1/chat/completions");
      assertThat(
              OpenAiCompatibleAgent.builder("http://localhost:8080/v1/chat/completions", "m")
                  .build()
                  .endpoint())
          .hasToString("http://localhost:8080/v1/chat/completions");
    }

    @Test
    void aToolChoiceNamingNoToolFailsAtConstruction() {
      assertThatThrownBy(
              () ->
                  OpenAiCompatibleAgent.builder("http://localhost:1/v1", "m")
                      .tool(search())
                      .toolChoice(ToolChoice.function("book_flight"))
                      .build())
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("book_flight");
    }

    @Test
    void twoToolsOfOneNameFailAtConstruction() {
      assertThatThrownBy(
              () ->
                  OpenAiCompatibleAgent.builder("http://localhost:1/v1", "m")
                      .tools(
                          List.of(
                              search(),
                              FakeTool.of("search_flights", ToolEffect.READ_ONLY, Duration.ZERO)))
                      .build())
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("two tools are named search_flights");
    }
  }
}
