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

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.core.event.ToolStatus;
import dev.parley.core.frame.Frame;
import dev.parley.core.tool.Tool;
import dev.parley.core.tool.ToolCall;
import dev.parley.core.tool.ToolContext;
import dev.parley.core.tool.ToolEffect;
import dev.parley.core.tool.ToolResult;
import dev.parley.core.tool.ToolSpec;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A reply cancelled while its tool call is being announced: the call never runs, and the redone
 * reply that asks the same runs it afresh instead of waiting on the one that never started (the
 * live call that hung in {@code LiveToolsTest}).
 */
class ToolRuntimeCancelTest {
  private final AtomicInteger invocations = new AtomicInteger();

  private final Tool search =
      new Tool() {
        @Override
        public ToolSpec spec() {
          return new ToolSpec(
              "search",
              "finds",
              "{\"type\":\"object\"}",
              ToolEffect.READ_ONLY,
              Duration.ofSeconds(1));
        }

        @Override
        public String invoke(String argumentsJson, ToolContext context) {
          invocations.incrementAndGet();
          return "{\"found\":1}";
        }
      };

  @Test
  void aReadCancelledAsItIsAnnouncedIsNotReusedByTheRedoneReply() throws Exception {
    ToolRuntime runtime = new ToolRuntime("agent", List.of(search));
    ToolCall call = new ToolCall("c1", "search", "{}");

    assertThatThrownBy(() -> runtime.run(call, ToolRuntime.Reply.fin(1), new InlineOutbox(true)))
        .isInstanceOf(InterruptedException.class);
    assertThat(invocations).hasValue(0);

    ToolResult redone =
        CompletableFuture.supplyAsync(
                () -> {
                  try {
                    return runtime.run(call, ToolRuntime.Reply.fin(2), new InlineOutbox(false));
                  } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                  }
                })
            .get(10, java.util.concurrent.TimeUnit.SECONDS);
    assertThat(redone.status()).isEqualTo(ToolStatus.OK);
    assertThat(redone.reused()).isFalse();
    assertThat(invocations).hasValue(1);
  }

  /** Runs spawned work inline; when {@code cancelled}, the first announcement is interrupted. */
  private static final class InlineOutbox implements Worker.Outbox {
    private boolean cancelled;

    InlineOutbox(boolean cancelled) {
      this.cancelled = cancelled;
    }

    @Override
    public void post(Frame frame) throws InterruptedException {
      if (cancelled && frame instanceof Frame.ToolStarted) {
        cancelled = false;
        throw new InterruptedException("cancelled as the call was announced");
      }
    }

    @Override
    public void charge(long nanos) {}

    @Override
    public void await(long nanos) {}

    @Override
    public long nowNanos() {
      return 0;
    }

    @Override
    public void sync() {}

    @Override
    public void awaitGate(Gate gate) {}

    @Override
    public Worker.Task spawn(Worker.Work work, long timeoutNanos, Worker.Settled settled) {
      Worker.Outcome outcome;
      try {
        outcome = Worker.Outcome.finished(work.run(this), 0);
      } catch (Exception e) {
        outcome = Worker.Outcome.failed(e, 0);
      }
      settled.settled(outcome, this);
      Worker.Outcome done = outcome;
      return new Worker.Task() {
        @Override
        public Worker.Outcome join() {
          return done;
        }

        @Override
        public void cancel() {}
      };
    }
  }
}
