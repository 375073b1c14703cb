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
import dev.parley.core.event.ToolStatus;
import dev.parley.core.spi.Conversation;
import dev.parley.core.spi.Conversation.Turn;
import dev.parley.core.spi.ModelNotes;
import dev.parley.core.tool.ToolJson;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Maps a Parley {@link Conversation} to LangChain4j {@link ChatMessage}s: the system prompt; each
 * user turn as a {@link UserMessage}, with a note on how the caller sounded; each agent turn as an
 * {@link AiMessage} of the words the caller actually heard, with a note when they cut it off; and
 * the session's tool calls as an {@link AiMessage} with tool execution requests followed by one
 * {@link ToolExecutionResultMessage} per result. Stateless.
 */
final class ChatMessages {
  private ChatMessages() {}

  /** The messages for {@code conversation}, ready for further AI and tool result messages. */
  static List<ChatMessage> of(String systemPrompt, Conversation conversation, NotePlacement notes) {
    Builder b = new Builder(notes);
    if (!systemPrompt.isBlank()) {
      b.out.add(SystemMessage.from(systemPrompt));
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
            b.out.add(AiMessage.from(heard));
          }
          ModelNotes.interruption(agent).ifPresent(b::note);
        }
        case Turn.Tool tool -> b.tool(tool);
      }
    }
    b.flushTools();
    b.flushNotes();
    return b.out;
  }

  /**
   * The text a model is given for a tool's JSON result: a JSON string is given as its text (what
   * LangChain4j gives a model for a {@code @Tool} method returning {@code String}), anything else
   * as JSON.
   */
  static String resultText(String json) {
    return Json.stringValue(json).orElse(json);
  }

  private static final class Builder {
    final List<ChatMessage> out = new ArrayList<>();
    final NotePlacement notes;
    final List<String> pendingNotes = new ArrayList<>();
    final List<Turn.Tool> pendingTools = new ArrayList<>();
    final Set<String> seenToolIds = new HashSet<>();

    Builder(NotePlacement notes) {
      this.notes = notes;
    }

    void note(String text) {
      switch (notes) {
        case SYSTEM_MESSAGE -> out.add(SystemMessage.from(text));
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
      out.add(UserMessage.from(content.toString()));
    }

    /**
     * Puts notes that came after the last user turn (a compensation recorded since) after the words
     * of that turn, or in a message of their own if no user message ends the conversation.
     */
    void flushNotes() {
      if (pendingNotes.isEmpty()) {
        return;
      }
      StringBuilder content = new StringBuilder();
      int last = out.size() - 1;
      if (last >= 0 && out.get(last) instanceof UserMessage user && user.hasSingleText()) {
        content.append(user.singleText());
        out.remove(last);
      }
      for (String n : pendingNotes) {
        content.append(content.isEmpty() ? "" : " ").append('[').append(n).append(']');
      }
      pendingNotes.clear();
      out.add(UserMessage.from(content.toString()));
    }

    void tool(Turn.Tool tool) {
      if (!seenToolIds.add(tool.id())) {
        flushTools();
        // A second record of one id is its compensation; a request id may not repeat.
        if (tool.status() == ToolStatus.COMPENSATED) {
          note(ModelNotes.undone(tool));
        }
        return;
      }
      pendingTools.add(tool);
    }

    void flushTools() {
      if (pendingTools.isEmpty()) {
        return;
      }
      List<ToolExecutionRequest> requests = new ArrayList<>();
      for (Turn.Tool t : pendingTools) {
        requests.add(
            ToolExecutionRequest.builder()
                .id(t.id())
                .name(t.name())
                .arguments(t.argumentsJson())
                .build());
      }
      out.add(AiMessage.from(requests));
      for (Turn.Tool t : pendingTools) {
        String content = resultText(t.resultJson());
        if (t.status() != ToolStatus.OK && t.status() != ToolStatus.FAILED) {
          content =
              "{\"status\":"
                  + ToolJson.quote(t.status().name().toLowerCase(Locale.ROOT))
                  + ",\"detail\":"
                  + ToolJson.quote(t.resultJson())
                  + "}";
        }
        out.add(ToolExecutionResultMessage.from(t.id(), t.name(), content));
      }
      pendingTools.clear();
    }
  }
}
