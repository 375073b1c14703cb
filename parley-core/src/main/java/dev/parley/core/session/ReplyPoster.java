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
package dev.parley.core.session;

import dev.parley.core.frame.Frame;
import dev.parley.core.spi.Agent;
import dev.parley.core.spi.CallInfo;
import dev.parley.core.spi.Conversation;
import dev.parley.core.spi.ProviderException;
import dev.parley.core.tool.ToolCall;
import dev.parley.core.tool.ToolResult;
import java.util.List;

/**
 * Streams an agent's reply into frames of one response, running its tool calls. Used on the agent
 * worker's thread.
 */
final class ReplyPoster implements Agent.Reply {
  /** The agent worker's job for a reply to {@code conversation}. */
  static Worker.Job respond(
      Agent agent, Conversation conversation, ToolRuntime.Reply context, ToolRuntime tools) {
    long id = context.responseId();
    return out -> {
      try {
        agent.respond(conversation, new ReplyPoster(out, context, tools));
      } catch (RuntimeException e) { // a ProviderException, or a bug in the agent
        // Never a silent dead line: the session ends what was said cleanly and apologises.
        out.post(
            new Frame.AgentFailed(id, ProviderException.kindOf(e), String.valueOf(e.getMessage())));
      } finally {
        out.post(new Frame.AgentDone(id));
      }
    };
  }

  /** The agent worker's job for the greeting of {@code call}; a failed one apologises. */
  static Worker.Job greet(
      Agent agent, CallInfo call, ToolRuntime.Reply context, ToolRuntime tools, String apology) {
    long id = context.responseId();
    return out -> {
      try {
        agent.greet(call, new ReplyPoster(out, context, tools));
      } catch (RuntimeException e) { // a ProviderException, or a bug in the agent
        out.post(
            new Frame.ComponentFailed(
                "agent", ProviderException.kindOf(e), String.valueOf(e.getMessage())));
        out.post(new Frame.AgentText(id, " " + apology));
      } finally {
        out.post(new Frame.AgentDone(id));
      }
    };
  }

  private final Worker.Outbox out;
  private final ToolRuntime.Reply context;
  private final ToolRuntime runtime;

  ReplyPoster(Worker.Outbox out, ToolRuntime.Reply context, ToolRuntime tools) {
    this.out = out;
    this.context = context;
    this.runtime = tools;
  }

  @Override
  public ToolResult call(ToolCall call) throws InterruptedException {
    return runtime.run(call, context, out);
  }

  @Override
  public List<ToolResult> callAll(List<ToolCall> calls) throws InterruptedException {
    return runtime.runAll(calls, context, out);
  }

  @Override
  public ToolResult compensate(String callId) throws InterruptedException {
    return runtime.compensate(callId, context, out);
  }

  @Override
  public void text(String delta) {
    if (!delta.isEmpty()) {
      Synthesis.postQuietly(out, new Frame.AgentText(context.responseId(), delta));
    }
  }

  @Override
  public void expect(String slot) {
    Synthesis.postQuietly(out, new Frame.AgentExpects(context.responseId(), slot));
  }
}
