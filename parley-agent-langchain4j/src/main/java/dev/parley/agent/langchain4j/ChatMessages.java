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

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.parley.core.agent.ChatTranscript;
import dev.parley.core.tool.ToolCall;
import java.util.ArrayList;
import java.util.List;

/**
 * Maps {@link ChatTranscript} messages to LangChain4j chat messages: an {@link AiMessage} with
 * {@link ToolExecutionRequest}s for each request of calls, a {@link ToolExecutionResultMessage} per
 * result. Stateless.
 */
final class ChatMessages {
  private ChatMessages() {}

  /** The messages, ready for further AI and tool result messages. */
  static List<ChatMessage> of(List<ChatTranscript.Message> transcript) {
    List<ChatMessage> out = new ArrayList<>(transcript.size());
    for (ChatTranscript.Message m : transcript) {
      out.add(of(m));
    }
    return out;
  }

  /** One message. */
  static ChatMessage of(ChatTranscript.Message message) {
    return switch (message) {
      case ChatTranscript.Instruction i -> SystemMessage.from(i.text());
      case ChatTranscript.User u -> UserMessage.from(u.text());
      case ChatTranscript.Assistant a -> AiMessage.from(a.text());
      case ChatTranscript.ToolCalls c -> {
        List<ToolExecutionRequest> requests = new ArrayList<>(c.calls().size());
        for (ToolCall call : c.calls()) {
          requests.add(
              ToolExecutionRequest.builder()
                  .id(call.id())
                  .name(call.name())
                  .arguments(call.argumentsJson())
                  .build());
        }
        yield c.text().isBlank() ? AiMessage.from(requests) : AiMessage.from(c.text(), requests);
      }
      case ChatTranscript.ToolOutput o ->
          ToolExecutionResultMessage.from(
              o.call().id(), o.call().name(), o.wrapped() ? o.content() : resultText(o.content()));
    };
  }

  /**
   * The text a model is given for a tool's JSON result: a JSON string is given as its text (what
   * LangChain4j gives a model for a {@code @Tool} method returning {@code String}), anything else
   * as JSON.
   */
  static String resultText(String json) {
    return Json.stringValue(json).orElse(json);
  }
}
