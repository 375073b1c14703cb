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
import dev.parley.core.agent.Greeting;
import dev.parley.core.spi.CallInfo;
import dev.parley.core.spi.Conversation;
import dev.parley.core.tool.CallTools;
import dev.parley.core.tool.ToolEffect;
import dev.parley.testing.FakeChatServer;
import dev.parley.testing.FakeChatServer.Response;
import dev.parley.testing.FakeReply;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Parley's own tools (the call-control ones) offered to a LangChain4j model, and the adapter's
 * greetings, over the real {@code OpenAiStreamingChatModel} against the loopback server.
 */
class CallToolsInLangChain4jTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void endCallAndTransferCallReachTheModelWithTheirSchemas() throws Exception {
    try (FakeChatServer server = FakeChatServer.replying(Response.stream("text.sse"))) {
      LangChain4jAgent agent =
          LangChain4jAgent.builder(LangChain4jAgentTest.model(server.baseUrl()))
              .tool(CallTools.endCall())
              .tool(CallTools.transferCall(List.of("+14155550123")))
              .build();
      assertThat(agent.tools())
          .extracting(t -> t.spec().effect())
          .containsOnly(ToolEffect.SIDE_EFFECTING);
      agent.respond(
          new Conversation("call-1", List.of(new Conversation.Turn.User("put me through"))),
          new FakeReply(agent.tools()));
      JsonNode tools = JSON.readTree(server.body(0)).path("tools");
      assertThat(tools.findValuesAsText("name")).containsExactly("end_call", "transfer_call");
      JsonNode transfer = tools.get(1).path("function").path("parameters");
      assertThat(transfer.path("properties").path("target").path("type").asText())
          .isEqualTo("string");
      assertThat(transfer.path("required").get(0).asText()).isEqualTo("target");
    }
  }

  @Test
  void aGeneratedGreetingIsWrittenByTheModel() throws Exception {
    try (FakeChatServer server = FakeChatServer.replying(Response.stream("text.sse"))) {
      LangChain4jAgent agent =
          LangChain4jAgent.builder(LangChain4jAgentTest.model(server.baseUrl()))
              .greeting(Greeting.generated("Greet the caller as the Acme help line."))
              .build();
      assertThat(agent.greets()).isTrue();
      FakeReply reply = new FakeReply();
      agent.greet(CallInfo.local("call-1"), reply);
      assertThat(reply.text()).isNotBlank();
      assertThat(server.body(0)).contains("[Greet the caller as the Acme help line.]");
    }
  }
}
