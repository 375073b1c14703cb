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

import dev.parley.core.event.ToolStatus;
import dev.parley.core.spi.Agent;
import dev.parley.core.tool.Tool;
import dev.parley.core.tool.ToolCall;
import dev.parley.core.tool.ToolContext;
import dev.parley.core.tool.ToolJson;
import dev.parley.core.tool.ToolResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A fake of the session's side of one reply, for testing an agent without a session: records every
 * text delta and every tool call (grouped by the {@code call} or {@code callAll} that asked for
 * them), and runs each call at once on the calling thread through the named {@link Tool}, with no
 * effect rules, speculation or timeouts. Thread-safe.
 */
public final class FakeReply implements Agent.Reply {
  private final Map<String, Tool> tools = new HashMap<>();
  private final List<String> deltas = new ArrayList<>();
  private final List<List<ToolCall>> batches = new ArrayList<>();
  private final List<Watch> watches = new ArrayList<>();
  private final CountDownLatch firstText = new CountDownLatch(1);

  private record Watch(String text, CountDownLatch reached) {}

  /** A reply whose calls run {@code tools}; a call of any other name fails. */
  public FakeReply(List<? extends Tool> tools) {
    for (Tool t : tools) {
      this.tools.put(t.spec().name(), t);
    }
  }

  /** A reply with no tools. */
  public FakeReply() {
    this(List.of());
  }

  @Override
  public synchronized void text(String delta) {
    deltas.add(delta);
    firstText.countDown();
    String now = String.join("", deltas);
    for (Watch w : watches) {
      if (now.equals(w.text())) {
        w.reached().countDown();
      }
    }
  }

  @Override
  public ToolResult call(ToolCall call) throws InterruptedException {
    synchronized (this) {
      batches.add(List.of(call));
    }
    return run(call);
  }

  @Override
  public List<ToolResult> callAll(List<ToolCall> calls) throws InterruptedException {
    synchronized (this) {
      batches.add(List.copyOf(calls));
    }
    List<ToolResult> results = new ArrayList<>(calls.size());
    for (ToolCall c : calls) {
      results.add(run(c));
    }
    return results;
  }

  @Override
  public ToolResult compensate(String callId) {
    return new ToolResult(
        new ToolCall(callId, "", "{}"),
        ToolStatus.FAILED,
        "{\"error\":\"FakeReply does not compensate\"}",
        false);
  }

  private ToolResult run(ToolCall call) throws InterruptedException {
    Tool tool = tools.get(call.name());
    if (tool == null) {
      return new ToolResult(
          call, ToolStatus.FAILED, "{\"error\":\"no tool named " + call.name() + "\"}", false);
    }
    ToolContext context =
        new ToolContext() {
          @Override
          public String callId() {
            return call.id();
          }

          @Override
          public void await(Duration duration) {}
        };
    try {
      return new ToolResult(call, ToolStatus.OK, tool.invoke(call.argumentsJson(), context), false);
    } catch (InterruptedException e) {
      throw e;
    } catch (Exception e) {
      return new ToolResult(
          call,
          ToolStatus.FAILED,
          "{\"error\":" + ToolJson.quote(String.valueOf(e.getMessage())) + "}",
          false);
    }
  }

  /** The text deltas, in order. */
  public synchronized List<String> deltas() {
    return List.copyOf(deltas);
  }

  /** The whole text. */
  public synchronized String text() {
    return String.join("", deltas);
  }

  /** Every tool call asked for, in order. */
  public synchronized List<ToolCall> calls() {
    return batches.stream().flatMap(List::stream).toList();
  }

  /**
   * The calls grouped by the request that made them: one list per {@code call} or {@code callAll}.
   */
  public synchronized List<List<ToolCall>> batches() {
    return List.copyOf(batches);
  }

  /** Waits until the text so far is exactly {@code text}. */
  public boolean awaitText(String text, Duration timeout) throws InterruptedException {
    CountDownLatch reached = new CountDownLatch(1);
    synchronized (this) {
      if (text().equals(text)) {
        return true;
      }
      watches.add(new Watch(text, reached));
    }
    return reached.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
  }

  /** Waits until some text has arrived. */
  public boolean awaitAnyText(Duration timeout) throws InterruptedException {
    return firstText.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
  }
}
