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
package dev.parley.core.agent;

import dev.parley.core.event.ToolStatus;
import dev.parley.core.spi.Conversation;
import dev.parley.core.spi.Conversation.Turn;
import dev.parley.core.spi.ModelNotes;
import dev.parley.core.tool.ToolCall;
import dev.parley.core.tool.ToolJson;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A {@link Conversation} as the chat messages a model is sent, before any library or wire format:
 * the system prompt, the caller's words, what the caller heard of each agent turn, the tool calls
 * the session ran with their results, and the notes on how the caller sounded, where they cut the
 * agent off and which calls were undone, placed as {@link NotePlacement} says. Each adapter maps
 * these messages to its own types one to one.
 *
 * <p>Two rules every chat API shares are kept here: a tool call id appears in one assistant message
 * only (a second record of an id is its compensation, told as a note), and a result whose status is
 * neither ok nor failed is wrapped as {@code {"status":…,"detail":…}} so the model knows it was
 * cancelled or timed out rather than answered.
 */
public final class ChatTranscript {
  /** One chat message. */
  public sealed interface Message {}

  /** The system prompt, or a note placed as a system message. */
  public record Instruction(String text) implements Message {}

  /** The caller's words, with any notes in square brackets before them. */
  public record User(String text) implements Message {}

  /** What the caller heard of an agent turn. */
  public record Assistant(String text) implements Message {}

  /** An assistant message asking for tool calls, with the words said along with them (or ""). */
  public record ToolCalls(String text, List<ToolCall> calls) implements Message {
    public ToolCalls {
      calls = List.copyOf(calls);
    }
  }

  /**
   * The answer to tool call {@code call}.
   *
   * @param content the tool's own JSON result, or the status wrapper around it
   * @param wrapped whether {@code content} is the status wrapper rather than the tool's JSON
   */
  public record ToolOutput(ToolCall call, String content, boolean wrapped) implements Message {}

  private ChatTranscript() {}

  /**
   * The messages for {@code conversation}, opening with {@code systemPrompt} unless it is blank,
   * ready for further tool calls and results.
   */
  public static List<Message> of(
      String systemPrompt, Conversation conversation, NotePlacement notes) {
    Builder b = new Builder(notes);
    if (!systemPrompt.isBlank()) {
      b.out.add(new Instruction(systemPrompt));
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
            b.out.add(new Assistant(heard));
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

  private static final class Builder {
    final List<Message> out = new ArrayList<>();
    final NotePlacement notes;
    final List<String> pendingNotes = new ArrayList<>();
    final List<Turn.Tool> pendingTools = new ArrayList<>();
    final Set<String> seenToolIds = new HashSet<>();

    Builder(NotePlacement notes) {
      this.notes = notes;
    }

    void note(String text) {
      switch (notes) {
        case SYSTEM_MESSAGE -> out.add(new Instruction(text));
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
      out.add(new User(content.toString()));
    }

    /**
     * Puts notes that came after the last user turn (a compensation recorded since) after the words
     * of that turn, or in a user message of their own if none ends the conversation.
     */
    void flushNotes() {
      if (pendingNotes.isEmpty()) {
        return;
      }
      StringBuilder content = new StringBuilder();
      int last = out.size() - 1;
      if (last >= 0 && out.get(last) instanceof User user) {
        content.append(user.text());
        out.remove(last);
      }
      for (String n : pendingNotes) {
        content.append(content.isEmpty() ? "" : " ").append('[').append(n).append(']');
      }
      pendingNotes.clear();
      out.add(new User(content.toString()));
    }

    void tool(Turn.Tool tool) {
      if (!seenToolIds.add(tool.id())) {
        flushTools();
        // A second record of one id is its compensation; a call id may not repeat.
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
      List<ToolCall> calls = new ArrayList<>();
      for (Turn.Tool t : pendingTools) {
        calls.add(new ToolCall(t.id(), t.name(), t.argumentsJson()));
      }
      out.add(new ToolCalls("", calls));
      for (int i = 0; i < calls.size(); i++) {
        Turn.Tool t = pendingTools.get(i);
        out.add(output(calls.get(i), t.status(), t.resultJson()));
      }
      pendingTools.clear();
    }
  }

  /** The answer to {@code call} that ended with {@code status} and {@code resultJson}. */
  public static ToolOutput output(ToolCall call, ToolStatus status, String resultJson) {
    if (status == ToolStatus.OK || status == ToolStatus.FAILED) {
      return new ToolOutput(call, resultJson, false);
    }
    String wrapped =
        "{\"status\":"
            + ToolJson.quote(status.name().toLowerCase(Locale.ROOT))
            + ",\"detail\":"
            + ToolJson.quote(resultJson)
            + "}";
    return new ToolOutput(call, wrapped, true);
  }
}
