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

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.core.event.ToolStatus;
import dev.parley.core.spi.Conversation;
import dev.parley.core.spi.Conversation.Turn;
import dev.parley.core.spi.ModelNotes;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Maps a Parley {@link Conversation} to the {@code messages} of a Chat Completions request: the
 * system prompt; each user turn, with a note on how the caller sounded; each agent turn as the
 * words the caller actually heard, with a note when they cut it off; and the session's tool calls
 * as an assistant message with {@code tool_calls} followed by one {@code tool} message per result.
 * Stateless.
 */
final class ChatMessages {
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private ChatMessages() {}

  /** The messages for {@code conversation}, ready for further assistant and tool messages. */
  static ArrayNode of(String systemPrompt, Conversation conversation, NotePlacement notes) {
    Builder b = new Builder(notes);
    if (!systemPrompt.isBlank()) {
      b.out.addObject().put("role", "system").put("content", systemPrompt);
    }
    for (Turn turn : conversation.turns()) {
      switch (turn) {
        case Turn.User user -> {
          b.flushTools();
          ModelNotes.affect(user.affect()).ifPresent(b::note);
          b.user(user.text());
        }
        case Turn.Agent agent -> {
          b.flushTools();
          String heard = agent.heardText().strip();
          if (!heard.isEmpty()) {
            b.out.addObject().put("role", "assistant").put("content", heard);
          }
          ModelNotes.interruption(agent).ifPresent(b::note);
        }
        case Turn.Tool tool -> b.tool(tool);
      }
    }
    b.flushTools();
    return b.out;
  }

  /** An assistant message with {@code text} (may be empty) and {@code calls}. */
  static ObjectNode assistantToolCalls(String text, List<ToolCallJson> calls) {
    ObjectNode message = JSON.objectNode().put("role", "assistant");
    if (text.isEmpty()) {
      message.putNull("content");
    } else {
      message.put("content", text);
    }
    ArrayNode array = message.putArray("tool_calls");
    for (ToolCallJson call : calls) {
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

  /** A {@code tool} message answering call {@code id}. */
  static ObjectNode toolResult(String id, String resultJson) {
    return JSON.objectNode().put("role", "tool").put("tool_call_id", id).put("content", resultJson);
  }

  /** One tool call as it appears in an assistant message. */
  record ToolCallJson(String id, String name, String argumentsJson) {}

  private static final class Builder {
    final ArrayNode out = JSON.arrayNode();
    final NotePlacement notes;
    final List<String> pendingNotes = new ArrayList<>();
    final List<Turn.Tool> pendingTools = new ArrayList<>();
    final Set<String> seenToolIds = new HashSet<>();

    Builder(NotePlacement notes) {
      this.notes = notes;
    }

    void note(String text) {
      switch (notes) {
        case SYSTEM_MESSAGE -> out.addObject().put("role", "system").put("content", text);
        case IN_USER_MESSAGE -> pendingNotes.add(text);
        case OFF -> {}
      }
    }

    void user(String text) {
      StringBuilder content = new StringBuilder();
      for (String n : pendingNotes) {
        content.append('[').append(n).append("] ");
      }
      pendingNotes.clear();
      content.append(text);
      out.addObject().put("role", "user").put("content", content.toString());
    }

    void tool(Turn.Tool tool) {
      if (seenToolIds.contains(tool.id())) {
        flushTools();
        // A second record of one id is its compensation; a tool_calls entry may not repeat an id.
        if (tool.status() == ToolStatus.COMPENSATED) {
          note(ModelNotes.undone(tool));
        }
        return;
      }
      seenToolIds.add(tool.id());
      pendingTools.add(tool);
    }

    void flushTools() {
      if (pendingTools.isEmpty()) {
        return;
      }
      List<ToolCallJson> calls = new ArrayList<>();
      for (Turn.Tool t : pendingTools) {
        calls.add(new ToolCallJson(t.id(), t.name(), t.argumentsJson()));
      }
      out.add(assistantToolCalls("", calls));
      for (Turn.Tool t : pendingTools) {
        String content = t.resultJson();
        if (t.status() != ToolStatus.OK && t.status() != ToolStatus.FAILED) {
          ObjectNode wrapped = JSON.objectNode();
          wrapped.put("status", t.status().name().toLowerCase(Locale.ROOT));
          wrapped.put("detail", t.resultJson());
          content = wrapped.toString();
        }
        out.add(toolResult(t.id(), content));
      }
      pendingTools.clear();
    }
  }
}
