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

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parley.core.agent.Greeting;
import dev.parley.core.spi.Agent;
import dev.parley.core.tool.Tool;
import dev.parley.testing.AgentContract;
import dev.parley.testing.ChatChunks;
import dev.parley.testing.FakeChatServer;
import dev.parley.testing.ScriptedTurn;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** The agent contract, over a loopback server speaking OpenAI's streaming Chat Completions. */
class OpenAiAgentContractTest extends AgentContract {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Override
  protected ModelUnderTest model() {
    List<ScriptedTurn> script = new CopyOnWriteArrayList<>();
    FakeChatServer server =
        FakeChatServer.start(
            (request, index) ->
                ChatChunks.response(script.get(Math.min(index, script.size() - 1))));
    return new ModelUnderTest() {
      @Override
      public Agent agent(List<ScriptedTurn> turns, List<Tool> tools, Greeting greeting) {
        script.clear();
        script.addAll(turns);
        return OpenAiCompatibleAgent.builder(server.baseUrl(), "gpt-4o-mini")
            .tools(tools)
            .greeting(greeting)
            .sleeper(wait -> {}) // backoffs are counted, not waited
            .build();
      }

      @Override
      public List<String> sent(int index) {
        return lines(server.body(index));
      }

      @Override
      public int requests() {
        return server.requests().size();
      }

      @Override
      public boolean awaitAbandoned(Duration timeout) throws InterruptedException {
        return server.awaitClientGone(timeout);
      }

      @Override
      public void close() {
        server.close();
      }
    };
  }

  /** The messages of a request body as the contract's lines. */
  static List<String> lines(String body) {
    JsonNode messages;
    try {
      messages = JSON.readTree(body).path("messages");
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
    List<String> lines = new ArrayList<>();
    for (JsonNode m : messages) {
      String role = m.path("role").asText();
      JsonNode content = m.path("content");
      if (!content.isNull() && !content.isMissingNode()) {
        lines.add(role + ": " + content.asText());
      }
      for (JsonNode call : m.path("tool_calls")) {
        JsonNode fn = call.path("function");
        lines.add(
            "calls: "
                + call.path("id").asText()
                + " "
                + fn.path("name").asText()
                + " "
                + fn.path("arguments").asText());
      }
    }
    return lines;
  }
}
