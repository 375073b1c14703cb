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

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parley.core.event.SessionEvent;
import dev.parley.core.event.SpeechKind;
import dev.parley.core.event.ToolStatus;
import dev.parley.testing.EmbeddedSession;
import dev.parley.testing.FakeChatServer;
import dev.parley.testing.FakeChatServer.Response;
import dev.parley.testing.ScriptedAudio;
import dev.parley.testing.Timeline;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The adapter inside a real session on a manual clock: the caller's words reach LangChain4j's
 * {@code OpenAiStreamingChatModel} over loopback HTTP, the model's tool call runs a {@code @Tool}
 * method through the session's tool runtime and its effect rules, and the answer is spoken.
 */
class LangChain4jAgentSessionTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** A tool call of {@code name} in OpenAI's streaming wire format, arguments in two fragments. */
  private static String toolCallSse(String id, String name, String arguments) {
    String head =
        "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1750160575,"
            + "\"model\":\"gpt-4o-mini-2024-07-18\",\"choices\":[{\"index\":0,\"delta\":";
    String tail = ",\"logprobs\":null,\"finish_reason\":FINISH}]}";
    int half = arguments.length() / 2;
    return "data: "
        + head
        + "{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"index\":0,\"id\":\""
        + id
        + "\",\"type\":\"function\",\"function\":{\"name\":\""
        + name
        + "\",\"arguments\":\"\"}}]}"
        + tail.replace("FINISH", "null")
        + "\n\n"
        + fragment(head, tail, arguments.substring(0, half))
        + fragment(head, tail, arguments.substring(half))
        + "data: "
        + head
        + "{}"
        + tail.replace("FINISH", "\"tool_calls\"")
        + "\n\ndata: [DONE]\n\n";
  }

  private static String fragment(String head, String tail, String part) {
    String quoted = part.replace("\\", "\\\\").replace("\"", "\\\"");
    return "data: "
        + head
        + "{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\""
        + quoted
        + "\"}}]}"
        + tail.replace("FINISH", "null")
        + "\n\n";
  }

  private static String lastRole(FakeChatServer.Request request) {
    try {
      JsonNode messages = JSON.readTree(request.body()).path("messages");
      return messages.get(messages.size() - 1).path("role").asText();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void aCallerAsksAndTheAgentAnswersThroughLangChain4jWithAToolMethod() throws Exception {
    FlightTools flights = new FlightTools();
    try (FakeChatServer server = FakeChatServer.start((r, i) -> AiServiceAgentTest.route(r))) {
      LangChain4jAgent agent =
          LangChain4jAgent.builder(LangChain4jAgentTest.model(server.baseUrl()))
              .tools(flights)
              .readOnly("search_flights", "get_weather")
              .build();
      String said = "find flights from Chicago to Boston on October seventh for two";
      ScriptedAudio script =
          ScriptedAudio.builder().silence(300).say(said, 2400).silence(600).build();
      Timeline t =
          EmbeddedSession.builder()
              .agent(agent)
              .maxTailMillis(8000)
              .build(script)
              .play(script, Duration.ofMillis(8000));

      assertThat(t.all(SessionEvent.ServiceFailed.class)).isEmpty();
      assertThat(t.all(SessionEvent.ToolCallStarted.class))
          .isNotEmpty()
          .allSatisfy(
              s -> {
                assertThat(s.name()).isEqualTo("search_flights");
                assertThat(s.argumentsJson())
                    .isEqualTo(
                        "{\"from\":\"Chicago\",\"to\":\"Boston\",\"date\":\"2026-10-07\",\"passengers\":2}");
              });
      assertThat(t.all(SessionEvent.ToolCallEnded.class))
          .extracting(SessionEvent.ToolCallEnded::status)
          .contains(ToolStatus.OK);
      assertThat(flights.ran()).contains("search_flights Chicago-Boston 2026-10-07 x2");
      SessionEvent.AgentSpeechStarted spoken =
          t.all(SessionEvent.AgentSpeechStarted.class).stream()
              .filter(s -> s.kind() == SpeechKind.RESPONSE)
              .findFirst()
              .orElseThrow();
      assertThat(spoken.text()).startsWith("I found two flights to Boston");
      assertThat(spoken.atNanos())
          .isGreaterThan(t.all(SessionEvent.UserTurnEnded.class).getFirst().atNanos());

      List<JsonNode> bodies = new ArrayList<>();
      for (FakeChatServer.Request r : server.requests()) {
        bodies.add(JSON.readTree(r.body()));
      }
      assertThat(bodies)
          .anySatisfy(
              b -> {
                JsonNode m = b.path("messages");
                assertThat(m.get(m.size() - 1).path("content").asText()).isEqualTo(said);
              });
      assertThat(bodies)
          .anySatisfy(
              b -> {
                JsonNode m = b.path("messages");
                JsonNode last = m.get(m.size() - 1);
                assertThat(last.path("role").asText()).isEqualTo("tool");
                assertThat(last.path("content").asText()).contains("PA 214");
              });
    }
  }

  @Test
  void anUnmarkedToolMethodIsASideEffectThatRunsOnceAndOnlyForTheFinalTurn() throws Exception {
    FlightTools flights = new FlightTools();
    String book = toolCallSse("call_book_1", "book_flight", "{\"flight\":\"PA 214\"}");
    try (FakeChatServer server =
        FakeChatServer.start(
            (r, i) ->
                lastRole(r).equals("tool")
                    ? Response.stream("text-after-tools.sse")
                    : Response.streamOf(book))) {
      LangChain4jAgent agent =
          LangChain4jAgent.builder(LangChain4jAgentTest.model(server.baseUrl()))
              .tools(flights)
              .build();
      ScriptedAudio script =
          ScriptedAudio.builder()
              .silence(300)
              .say("book the afternoon flight please", 1800)
              .silence(600)
              .build();
      Timeline t =
          EmbeddedSession.builder()
              .agent(agent)
              .maxTailMillis(8000)
              .build(script)
              .play(script, Duration.ofMillis(8000));

      assertThat(t.all(SessionEvent.ServiceFailed.class)).isEmpty();
      long finalTurn = t.all(SessionEvent.UserTurnEnded.class).getFirst().atNanos();
      assertThat(t.all(SessionEvent.ToolCallStarted.class))
          .singleElement()
          .satisfies(
              s -> {
                assertThat(s.name()).isEqualTo("book_flight");
                assertThat(s.speculative()).isFalse();
                assertThat(s.atNanos()).isGreaterThanOrEqualTo(finalTurn);
              });
      assertThat(flights.ran()).containsExactly("book_flight PA 214");
      assertThat(t.all(SessionEvent.AgentSpeechStarted.class))
          .anySatisfy(s -> assertThat(s.text()).startsWith("I found two flights"));
    }
  }
}
