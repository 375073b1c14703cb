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
package dev.parley.agent.gguf;

import dev.parley.core.event.ToolStatus;
import dev.parley.core.spi.Agent;
import dev.parley.core.tool.Tool;
import dev.parley.core.tool.ToolCall;
import dev.parley.core.tool.ToolContext;
import dev.parley.core.tool.ToolResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;

/**
 * A reply for tests that records every text delta and tool call, and runs calls on the given tools
 * the way the session's tool runtime would (checking nothing). Thread-safe.
 */
final class RecordingReply implements Agent.Reply {
  final List<String> deltas = new CopyOnWriteArrayList<>();
  final List<ToolCall> calls = new CopyOnWriteArrayList<>();
  final CountDownLatch firstDelta = new CountDownLatch(1);
  private final List<Tool> tools;

  RecordingReply(List<Tool> tools) {
    this.tools = tools;
  }

  RecordingReply() {
    this(List.of());
  }

  String text() {
    return String.join("", deltas);
  }

  @Override
  public void text(String delta) {
    deltas.add(delta);
    firstDelta.countDown();
  }

  @Override
  public ToolResult call(ToolCall call) throws InterruptedException {
    calls.add(call);
    for (Tool tool : tools) {
      if (tool.spec().name().equals(call.name())) {
        try {
          String json =
              tool.invoke(
                  call.argumentsJson(),
                  new ToolContext() {
                    @Override
                    public String callId() {
                      return call.id();
                    }

                    @Override
                    public void await(Duration duration) {}
                  });
          return new ToolResult(call, ToolStatus.OK, json, false);
        } catch (InterruptedException e) {
          throw e;
        } catch (Exception e) {
          return new ToolResult(call, ToolStatus.FAILED, "{\"error\":\"failed\"}", false);
        }
      }
    }
    return new ToolResult(call, ToolStatus.FAILED, "{\"error\":\"unknown tool\"}", false);
  }

  @Override
  public List<ToolResult> callAll(List<ToolCall> calls) throws InterruptedException {
    List<ToolResult> results = new ArrayList<>();
    for (ToolCall call : calls) {
      results.add(call(call));
    }
    return results;
  }

  @Override
  public ToolResult compensate(String callId) {
    throw new UnsupportedOperationException("not in these tests");
  }
}
