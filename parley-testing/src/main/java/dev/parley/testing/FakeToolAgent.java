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
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A fake agent whose replies a test scripts against {@link Agent.Reply} directly: which tools it
 * calls, in what order, in parallel or not, and what it says around them. Records every
 * conversation it was shown and every reply it started and finished.
 */
public final class FakeToolAgent implements Agent {
  /** One reply, written by the test. */
  @FunctionalInterface
  public interface Script {
    void respond(Conversation conversation, Reply reply) throws InterruptedException;
  }

  private final List<Tool> tools;
  private final List<ToolCall> prefetch;
  private final Script script;
  private final List<Conversation> seen = Collections.synchronizedList(new ArrayList<>());
  private final List<Conversation> finished = Collections.synchronizedList(new ArrayList<>());

  private FakeToolAgent(List<Tool> tools, List<ToolCall> prefetch, Script script) {
    this.tools = List.copyOf(tools);
    this.prefetch = List.copyOf(prefetch);
    this.script = script;
  }

  /** An agent with {@code tools} that answers every turn with {@code script}. */
  public static FakeToolAgent of(List<Tool> tools, Script script) {
    return new FakeToolAgent(tools, List.of(), script);
  }

  /** This agent, starting {@code calls} when the call starts. */
  public FakeToolAgent prefetching(List<ToolCall> calls) {
    return new FakeToolAgent(tools, calls, script);
  }

  /** The conversations this agent was asked to answer, in order. */
  public List<Conversation> conversations() {
    synchronized (seen) {
      return List.copyOf(seen);
    }
  }

  /** The conversations whose reply ran to its end (not cancelled), in order. */
  public List<Conversation> completed() {
    synchronized (finished) {
      return List.copyOf(finished);
    }
  }

  @Override
  public String name() {
    return "fake-tools";
  }

  @Override
  public List<Tool> tools() {
    return tools;
  }

  @Override
  public List<ToolCall> prefetch() {
    return prefetch;
  }

  @Override
  public void respond(Conversation conversation, Reply reply) throws InterruptedException {
    seen.add(conversation);
    script.respond(conversation, reply);
    finished.add(conversation);
  }
}
