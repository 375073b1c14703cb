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

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parley.core.event.SessionEvent;
import dev.parley.core.event.SpeechKind;
import dev.parley.core.event.ToolStatus;
import dev.parley.core.session.SessionConfig;
import dev.parley.testing.EmbeddedSession;
import dev.parley.testing.FakeChatServer;
import dev.parley.testing.FakeChatServer.Response;
import dev.parley.testing.FakeTool;
import dev.parley.testing.ScriptedAudio;
import dev.parley.testing.Timeline;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The adapter inside a real session on a manual clock: the caller's words reach the model over
 * loopback HTTP, the model's streamed tool call runs through the session's tool runtime, and the
 * model's answer is spoken.
 */
class OpenAiAgentSessionTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Answers with a tool call, and with words once the conversation holds the tool's result. */
  private static Response route(FakeChatServer.Request request) {
    try {
      JsonNode messages = JSON.readTree(request.body()).path("messages");
      String lastRole = messages.get(messages.size() - 1).path("role").asText();
      return Response.stream(lastRole.equals("tool") ? "text-after-tools.sse" : "tool-call.sse");
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void aSpokenReplyWithAToolCallMadeThroughTheAdapter() throws Exception {
    FakeTool search =
        FakeTool.readOnly("search_flights", Duration.ofMillis(300))
            .answering(args -> "{\"flights\":[{\"flight\":\"PA 210\"},{\"flight\":\"PA 214\"}]}");
    try (FakeChatServer server = FakeChatServer.start((request, i) -> route(request))) {
      OpenAiCompatibleAgent agent =
          OpenAiCompatibleAgent.builder(server.baseUrl(), "gpt-4o-mini").tool(search).build();
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
      List<SessionEvent.ToolCallStarted> started = t.all(SessionEvent.ToolCallStarted.class);
      assertThat(started)
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
      SessionEvent.AgentSpeechStarted spoken =
          t.all(SessionEvent.AgentSpeechStarted.class).stream()
              .filter(s -> s.kind() == SpeechKind.RESPONSE)
              .findFirst()
              .orElseThrow();
      assertThat(spoken.text()).startsWith("I found two flights to Boston");
      SessionEvent.UserTurnEnded turn = t.all(SessionEvent.UserTurnEnded.class).getFirst();
      assertThat(spoken.atNanos()).isGreaterThan(turn.atNanos());

      // What the model was sent: the caller's words, then the session's tool result.
      List<JsonNode> bodies = new ArrayList<>();
      for (FakeChatServer.Request r : server.requests()) {
        bodies.add(JSON.readTree(r.body()));
      }
      assertThat(bodies)
          .anySatisfy(
              b -> {
                JsonNode m = b.path("messages");
                assertThat(m.get(m.size() - 1).path("content").asText()).isEqualTo(said);
                assertThat(b.path("tools").get(0).path("function").path("name").asText())
                    .isEqualTo("search_flights");
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
  void aServerThatRefusesTheKeyIsReportedTheApologySpokenAndTheCallGoesOn() {
    try (FakeChatServer server =
        FakeChatServer.start((request, i) -> Response.error(401, "error-401.json"))) {
      OpenAiCompatibleAgent agent =
          OpenAiCompatibleAgent.builder(server.baseUrl(), "gpt-4o-mini").apiKey("sk-bad").build();
      ScriptedAudio script =
          ScriptedAudio.builder().silence(300).say("hello there", 1200).silence(600).build();
      EmbeddedSession session =
          EmbeddedSession.builder().agent(agent).maxTailMillis(4000).build(script);
      Timeline t = session.play(script, Duration.ofMillis(4000));
      assertThat(t.all(SessionEvent.ServiceFailed.class))
          .isNotEmpty()
          .allSatisfy(
              f -> {
                assertThat(f.component()).isEqualTo("agent");
                assertThat(f.message()).contains("HTTP 401").contains("Incorrect API key");
              });
      assertThat(t.all(SessionEvent.AgentSpeechStarted.class))
          .extracting(s -> s.text().strip())
          .contains(SessionConfig.defaults().apology().strip());
      assertThat(t.all(SessionEvent.SessionEnded.class)).isEmpty();
    }
  }
}
