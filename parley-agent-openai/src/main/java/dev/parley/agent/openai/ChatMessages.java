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
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.core.agent.ChatTranscript;
import dev.parley.core.agent.ToolChoice;
import dev.parley.core.tool.ToolCall;
import java.util.List;

/**
 * Writes {@link ChatTranscript} messages as the {@code messages} of a Chat Completions request: an
 * assistant message with {@code tool_calls} for each request of calls, one {@code tool} message per
 * result, and the {@code tool_choice} value. Stateless.
 */
final class ChatMessages {
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private ChatMessages() {}

  /** The messages, as JSON, ready for further assistant and tool messages. */
  static ArrayNode of(List<ChatTranscript.Message> transcript) {
    ArrayNode out = JSON.arrayNode();
    for (ChatTranscript.Message m : transcript) {
      add(out, m);
    }
    return out;
  }

  /** Appends one message to {@code out}. */
  static void add(ArrayNode out, ChatTranscript.Message message) {
    switch (message) {
      case ChatTranscript.Instruction i ->
          out.addObject().put("role", "system").put("content", i.text());
      case ChatTranscript.User u -> out.addObject().put("role", "user").put("content", u.text());
      case ChatTranscript.Assistant a ->
          out.addObject().put("role", "assistant").put("content", a.text());
      case ChatTranscript.ToolCalls c -> out.add(assistantToolCalls(c.text(), c.calls()));
      case ChatTranscript.ToolOutput o ->
          out.addObject()
              .put("role", "tool")
              .put("tool_call_id", o.call().id())
              .put("content", o.content());
    }
  }

  /** An assistant message with {@code text} (may be empty) and {@code calls}. */
  private static ObjectNode assistantToolCalls(String text, List<ToolCall> calls) {
    ObjectNode message = JSON.objectNode().put("role", "assistant");
    if (text.isEmpty()) {
      message.putNull("content");
    } else {
      message.put("content", text);
    }
    ArrayNode array = message.putArray("tool_calls");
    for (ToolCall call : calls) {
      array
          .addObject()
          .put("id", call.id())
          .put("type", "function")
          .putObject("function")
          .put("name", call.name())
          .put("arguments", call.argumentsJson());
    }
    return message;
  }

  /** The value of {@code tool_choice} in a request body. */
  static JsonNode toolChoice(ToolChoice choice) {
    String function = choice.function();
    if (function == null) {
      return JSON.textNode(choice.mode().wire());
    }
    ObjectNode node = JSON.objectNode();
    node.put("type", "function");
    node.putObject("function").put("name", function);
    return node;
  }
}
