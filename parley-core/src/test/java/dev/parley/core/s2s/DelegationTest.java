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
package dev.parley.core.s2s;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.event.SessionEvent;
import dev.parley.core.event.SpeechKind;
import dev.parley.core.event.ToolStatus;
import dev.parley.core.spi.Agent;
import dev.parley.core.spi.Conversation;
import dev.parley.core.tool.Tool;
import dev.parley.core.tool.ToolCall;
import dev.parley.core.tool.ToolContext;
import dev.parley.core.tool.ToolEffect;
import dev.parley.core.tool.ToolSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/** Delegation's loop side, driven by hand: the test plays the call's loop. */
class DelegationTest {
  private final BlockingQueue<Delegation.Outcome> posted = new LinkedBlockingQueue<>();
  private final List<SessionEvent> emitted = new ArrayList<>();
  private final List<String> said = new ArrayList<>();
  private final Delegation.Sink sink =
      new Delegation.Sink() {
        @Override
        public void emit(SessionEvent event) {
          emitted.add(event);
        }

        @Override
        public void say(String text) {
          said.add(text);
        }
      };

  /** An agent whose answer the test writes. */
  private record Scripted(List<Tool> tools, Script script, List<Conversation> seen)
      implements Agent {
    interface Script {
      void respond(Conversation conversation, Reply reply) throws InterruptedException;
    }

    Scripted(List<Tool> tools, Script script) {
      this(tools, script, new CopyOnWriteArrayList<>());
    }

    @Override
    public String name() {
      return "scripted";
    }

    @Override
    public void respond(Conversation conversation, Reply reply) throws InterruptedException {
      seen.add(conversation);
      script.respond(conversation, reply);
    }
  }

  private static Tool booking(List<String> runs, @Nullable CountDownLatch gate) {
    return new Tool() {
      @Override
      public ToolSpec spec() {
        return new ToolSpec(
            "book",
            "book",
            "{\"type\":\"object\",\"properties\":{\"to\":{\"type\":\"string\"}}}",
            ToolEffect.SIDE_EFFECTING,
            Duration.ofSeconds(5));
      }

      @Override
      public String invoke(String argumentsJson, ToolContext context) throws InterruptedException {
        if (gate != null) {
          invoked.countDown();
          gate.await();
        }
        runs.add(argumentsJson);
        return "{\"ok\":true}";
      }
    };
  }

  /** Plays the loop: handles outcomes until the answer to {@code turn} arrives. */
  private Delegation.Outcome.Answer loopUntilAnswer(Delegation delegation) throws Exception {
    while (true) {
      Delegation.Outcome outcome = posted.poll(10, TimeUnit.SECONDS);
      assertThat(outcome).as("an outcome").isNotNull();
      delegation.onOutcome(outcome, 0, sink);
      if (outcome instanceof Delegation.Outcome.Answer answer) {
        return answer;
      }
    }
  }

  @Test
  void theAgentHearsTheTurnAndWhatWasHeardAndItsToolRunsOnceByContent() throws Exception {
    List<String> runs = new CopyOnWriteArrayList<>();
    Scripted agent =
        new Scripted(
            List.of(booking(runs, null)),
            (conversation, reply) -> {
              reply.call(new ToolCall("a", "book", "{\"to\":\"Boston\"}"));
              reply.call(new ToolCall("b", "book", "{\"to\":\"Boston\"}"));
              reply.text("Booked Boston.");
            });
    Delegation delegation = new Delegation(agent, "call-1", false, posted::add);
    delegation.observe(new SessionEvent.UserTurnEnded(0, "book Boston"));
    loopUntilAnswer(delegation);
    assertThat(runs).containsExactly("{\"to\":\"Boston\"}");
    assertThat(said).containsExactly("Booked Boston.");
    assertThat(emitted)
        .filteredOn(SessionEvent.ToolCallEnded.class::isInstance)
        .singleElement()
        .satisfies(
            e -> assertThat(((SessionEvent.ToolCallEnded) e).status()).isEqualTo(ToolStatus.OK));

    // The caller heard half of it: the next turn's conversation says so.
    delegation.observe(new SessionEvent.AgentSpeechEnded(0, SpeechKind.RESPONSE, "Booked", true));
    delegation.observe(new SessionEvent.UserTurnEnded(0, "thanks"));
    loopUntilAnswer(delegation);
    List<Conversation.Turn> turns = agent.seen().get(1).turns();
    assertThat(turns.getFirst()).isEqualTo(new Conversation.Turn.User("book Boston"));
    assertThat(turns)
        .contains(new Conversation.Turn.Agent("Booked Boston.", "Booked", true))
        .anyMatch(t -> t instanceof Conversation.Turn.Tool tool && tool.id().equals("a"));
    assertThat(agent.seen().get(1).sessionId()).isEqualTo("call-1");
  }

  /** Counted down when a gated tool has started: the test's interruption must come after that. */
  static volatile CountDownLatch invoked = new CountDownLatch(1);

  @Test
  void withCancelOnBargeInAnInterruptionCancelsTheAnswerButNotAStartedTool() throws Exception {
    invoked = new CountDownLatch(1);
    List<String> runs = new CopyOnWriteArrayList<>();
    CountDownLatch toolGate = new CountDownLatch(1);
    CountDownLatch toolStarted = new CountDownLatch(1);
    Scripted agent =
        new Scripted(
            List.of(booking(runs, toolGate)),
            (conversation, reply) -> {
              toolStarted.countDown();
              reply.call(new ToolCall("a", "book", "{\"to\":\"Boston\"}"));
              reply.text("This is never said.");
            });
    Delegation delegation = new Delegation(agent, "call-2", true, posted::add);
    delegation.observe(new SessionEvent.UserTurnEnded(0, "book Boston"));
    assertThat(toolStarted.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(invoked.await(10, TimeUnit.SECONDS)).as("the tool has started").isTrue();
    delegation.observe(new SessionEvent.AgentInterrupted(0, ""));
    toolGate.countDown();
    Delegation.Outcome.Answer answer = loopUntilAnswer(delegation);
    assertThat(answer.text()).isEmpty();
    assertThat(said).isEmpty();
    assertThat(runs).containsExactly("{\"to\":\"Boston\"}"); // the started effect finished
  }

  @Test
  void anAnswerToATurnTheCallerHasGonePastIsNotSpoken() {
    Delegation delegation =
        new Delegation(new Scripted(List.of(), (c, r) -> {}), "call-3", false, o -> {});
    delegation.observe(new SessionEvent.UserTurnEnded(0, "first"));
    delegation.observe(new SessionEvent.UserTurnEnded(0, "second"));
    delegation.onOutcome(new Delegation.Outcome.Answer(1, "to the first"), 0, sink);
    delegation.onOutcome(new Delegation.Outcome.Answer(2, "to the second"), 0, sink);
    assertThat(said).containsExactly("to the second");
  }
}
