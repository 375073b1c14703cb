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
package dev.parley.testing;

import dev.parley.core.spi.Agent;
import dev.parley.core.spi.Conversation;
import dev.parley.core.tool.Tool;
import dev.parley.core.tool.ToolCall;
import dev.parley.core.tool.ToolContext;
import dev.parley.core.tool.ToolEffect;
import dev.parley.core.tool.ToolSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Function;

/**
 * A fake agent whose replies a test writes: a function from the user's last words to the reply
 * text, optionally around a tool call. Records every conversation it was shown.
 */
public final class FakeAgent implements Agent {
  private final Function<String, String> replies;
  private final List<Conversation> seen = Collections.synchronizedList(new ArrayList<>());
  private final String toolName;

  private FakeAgent(Function<String, String> replies, String toolName) {
    this.replies = replies;
    this.toolName = toolName;
  }

  /** Replies with {@code replies.apply(lastUserText)}. */
  public static FakeAgent replying(Function<String, String> replies) {
    return new FakeAgent(replies, "");
  }

  /** Replies the same text every turn. */
  public static FakeAgent saying(String text) {
    return replying(said -> text);
  }

  /** Calls tool {@code toolName} with the user's words before every reply. */
  public FakeAgent withTool(String toolName) {
    return new FakeAgent(replies, toolName);
  }

  /** The conversations this agent was asked to answer, in order. */
  public List<Conversation> conversations() {
    synchronized (seen) {
      return List.copyOf(seen);
    }
  }

  @Override
  public String name() {
    return "fake";
  }

  /** With {@link #withTool}, one read-only tool that answers its arguments back at once. */
  @Override
  public List<Tool> tools() {
    if (toolName.isEmpty()) {
      return List.of();
    }
    ToolSpec spec =
        new ToolSpec(
            toolName,
            "Answers its arguments back.",
            "{\"type\":\"object\",\"properties\":{\"query\":{\"type\":\"string\"}}}",
            ToolEffect.READ_ONLY,
            Duration.ofSeconds(10));
    return List.of(
        new Tool() {
          @Override
          public ToolSpec spec() {
            return spec;
          }

          @Override
          public String invoke(String argumentsJson, ToolContext context) {
            return argumentsJson;
          }
        });
  }

  @Override
  public void respond(Conversation conversation, Reply reply) throws InterruptedException {
    seen.add(conversation);
    String said = conversation.lastUserText();
    if (!toolName.isEmpty()) {
      String id = "call-" + seen.size();
      String quoted = said.replace("\\", "\\\\").replace("\"", "\\\"");
      reply.call(new ToolCall(id, toolName, "{\"query\":\"" + quoted + "\"}"));
    }
    reply.text(replies.apply(said));
  }
}
