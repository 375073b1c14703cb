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

import dev.parley.core.spi.Agent;
import dev.parley.core.spi.CallInfo;
import dev.parley.core.spi.Conversation;
import dev.parley.core.tool.Tool;
import dev.parley.core.tool.ToolCall;
import java.util.List;

/**
 * Another agent that opens every call with a fixed line ({@code serve --greeting TEXT}): the line
 * is spoken as the call connects, interruptible like any reply, and everything else is the wrapped
 * agent's. Thread-safe if the wrapped agent is.
 */
public final class GreetingAgent implements Agent {
  private final Agent agent;
  private final String greeting;

  /**
   * An agent that says {@code greeting} first, then is {@code agent}.
   *
   * @throws IllegalArgumentException if {@code greeting} is blank
   */
  public GreetingAgent(Agent agent, String greeting) {
    if (greeting.isBlank()) {
      throw new IllegalArgumentException("a greeting must say something");
    }
    this.agent = agent;
    this.greeting = greeting.strip();
  }

  @Override
  public String name() {
    return agent.name();
  }

  @Override
  public List<Tool> tools() {
    return agent.tools();
  }

  @Override
  public List<String> phraseHints() {
    return agent.phraseHints();
  }

  @Override
  public List<ToolCall> prefetch() {
    return agent.prefetch();
  }

  @Override
  public boolean greets() {
    return true;
  }

  @Override
  public void greet(CallInfo call, Reply reply) {
    reply.text(greeting);
  }

  @Override
  public void respond(Conversation conversation, Reply reply) throws InterruptedException {
    agent.respond(conversation, reply);
  }
}
