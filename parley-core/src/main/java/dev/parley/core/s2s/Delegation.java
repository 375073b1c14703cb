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

import dev.parley.core.event.SessionEvent;
import dev.parley.core.event.ToolStatus;
import dev.parley.core.log.CallMdc;
import dev.parley.core.spi.Agent;
import dev.parley.core.spi.Conversation;
import dev.parley.core.spi.ProviderException;
import dev.parley.core.tool.Tool;
import dev.parley.core.tool.ToolCall;
import dev.parley.core.tool.ToolResult;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Delegation: the speech model is the voice, the user's own Parley {@link Agent} the mind. On each
 * caller turn the agent answers on a virtual thread of its own, with the call's conversation (the
 * caller's turns, what the caller heard of each answer, every tool call and its result), and its
 * words go to the model to be spoken.
 *
 * <p>Loop-confined except {@link #run}: the session's events are {@linkplain #observe observed} and
 * the agent's outcomes {@linkplain #onOutcome handled} on the call's loop; the agent thread only
 * posts outcomes. Barge-in stops the voice, not the mind: an answer already being worked out goes
 * on (its tools' effects stand and are recorded), and is spoken only if no newer turn has begun,
 * unless {@code cancelOnBargeIn} says an interruption cancels the agent too. Within one answer a
 * tool call with the same id, or the same tool with the same arguments, runs once.
 */
public final class Delegation {
  /** What the agent's thread reports back to the loop. */
  public sealed interface Outcome {
    record ToolStarted(ToolCall call) implements Outcome {}

    record ToolEnded(ToolResult result) implements Outcome {}

    /**
     * The agent's whole answer to turn {@code turn} (empty if it was cancelled or said nothing).
     */
    record Answer(int turn, String text) implements Outcome {}

    record Failed(int turn, String message) implements Outcome {}
  }

  /** Where the loop's effects go: session events, and words for the model to say. */
  public interface Sink {
    void emit(SessionEvent event);

    void say(String text);
  }

  private final Agent agent;
  private final String callId;
  private final boolean cancelOnBargeIn;
  private final Consumer<Outcome> post;
  private final Map<String, Tool> tools = new HashMap<>();
  private final List<Conversation.Turn> turns = new ArrayList<>();
  private int turn;
  private String lastAnswer = "";
  private @Nullable Thread running;

  /**
   * @param agent the user's agent
   * @param callId the call's id, the agent's conversation id
   * @param cancelOnBargeIn whether an interruption cancels the agent's answer in progress too
   * @param post hands an outcome to the call's loop (from the agent's thread)
   */
  public Delegation(Agent agent, String callId, boolean cancelOnBargeIn, Consumer<Outcome> post) {
    this.agent = agent;
    this.callId = callId;
    this.cancelOnBargeIn = cancelOnBargeIn;
    this.post = post;
    for (Tool tool : agent.tools()) {
      tools.put(tool.spec().name(), tool);
    }
  }

  /** A session event, on the loop: the conversation grows and a finished turn starts the agent. */
  public void observe(SessionEvent event) {
    switch (event) {
      case SessionEvent.UserTurnEnded ended when !ended.text().isBlank() -> {
        turns.add(new Conversation.Turn.User(ended.text(), ended.affect()));
        turn++;
        run(turn, List.copyOf(turns));
      }
      case SessionEvent.AgentSpeechEnded spoken -> {
        turns.add(new Conversation.Turn.Agent(lastAnswer, spoken.text(), spoken.interrupted()));
        lastAnswer = "";
      }
      case SessionEvent.AgentInterrupted interrupted -> {
        Thread thread = running;
        if (cancelOnBargeIn && thread != null) {
          thread.interrupt();
        }
      }
      default -> {}
    }
  }

  /** An outcome the agent's thread posted, on the loop. */
  public void onOutcome(Outcome outcome, long atNanos, Sink sink) {
    switch (outcome) {
      case Outcome.ToolStarted started ->
          sink.emit(
              new SessionEvent.ToolCallStarted(
                  atNanos,
                  started.call().id(),
                  started.call().name(),
                  started.call().argumentsJson(),
                  false));
      case Outcome.ToolEnded ended -> {
        ToolCall call = ended.result().call();
        turns.add(
            new Conversation.Turn.Tool(
                call.id(),
                call.name(),
                call.argumentsJson(),
                ended.result().status(),
                ended.result().json()));
        sink.emit(
            new SessionEvent.ToolCallEnded(
                atNanos, call.id(), call.name(), ended.result().status()));
      }
      case Outcome.Answer answer -> {
        // An answer to a turn the caller has since gone past is not spoken; its effects stand.
        if (answer.turn() == turn && !answer.text().isBlank()) {
          lastAnswer = answer.text().strip();
          sink.say(lastAnswer);
        }
      }
      case Outcome.Failed failed ->
          sink.emit(new SessionEvent.ServiceFailed(atNanos, "agent", failed.message()));
    }
  }

  private void run(int number, List<Conversation.Turn> snapshot) {
    running =
        Thread.ofVirtual()
            .name("s2s-delegate-" + number)
            .start(
                CallMdc.carry(
                    () -> {
                      StringBuilder text = new StringBuilder();
                      try {
                        agent.respond(new Conversation(callId, snapshot), new Reply(text));
                        // Cancelled while a started tool finished: the answer is not spoken.
                        boolean cancelled = Thread.currentThread().isInterrupted();
                        post.accept(new Outcome.Answer(number, cancelled ? "" : text.toString()));
                      } catch (InterruptedException e) {
                        post.accept(new Outcome.Answer(number, ""));
                      } catch (ProviderException e) {
                        post.accept(new Outcome.Failed(number, String.valueOf(e.getMessage())));
                      }
                    }));
  }

  /** The agent's reply: text collected, tools run under Parley's rules, each call once. */
  private final class Reply implements Agent.Reply {
    private final StringBuilder text;
    private final Map<String, ToolResult> byId = new HashMap<>();
    private final Map<String, ToolResult> byContent = new HashMap<>();

    Reply(StringBuilder text) {
      this.text = text;
    }

    @Override
    public void text(String delta) {
      text.append(delta);
    }

    @Override
    public ToolResult call(ToolCall call) throws InterruptedException {
      ToolResult same = byId.get(call.id());
      if (same == null) {
        same = byContent.get(call.name() + "\u0000" + call.argumentsJson());
      }
      if (same != null) {
        return new ToolResult(call, same.status(), same.json(), true);
      }
      if (Thread.interrupted()) {
        throw new InterruptedException("the answer was cancelled before " + call.name());
      }
      Tool tool = tools.get(call.name());
      post.accept(new Outcome.ToolStarted(call));
      ToolResult result =
          tool == null
              ? new ToolResult(call, ToolStatus.FAILED, "{\"error\":\"no such tool\"}", false)
              : runToEnd(tool, call);
      byId.put(call.id(), result);
      byContent.put(call.name() + "\u0000" + call.argumentsJson(), result);
      post.accept(new Outcome.ToolEnded(result));
      return result;
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
      ToolResult done = byId.get(callId);
      ToolCall call = done == null ? new ToolCall(callId, "", "{}") : done.call();
      return new ToolResult(
          call,
          ToolStatus.FAILED,
          "{\"error\":\"compensation is not offered in delegation mode\"}",
          false);
    }

    /**
     * Runs a tool within its time limit; a cancellation of the answer does not stop a tool that has
     * started (its effect may be under way), so the wait is not interruptible.
     */
    private ToolResult runToEnd(Tool tool, ToolCall call) {
      FutureTask<ToolResult> task = new FutureTask<>(() -> LiveSpeechToSpeech.invoke(tool, call));
      Thread.ofVirtual().name("s2s-delegate-tool-" + call.name()).start(task);
      boolean interrupted = false;
      try {
        while (true) {
          try {
            return task.get();
          } catch (InterruptedException e) {
            interrupted = true;
          } catch (ExecutionException e) {
            return new ToolResult(
                call,
                ToolStatus.FAILED,
                "{\"error\":"
                    + dev.parley.core.tool.ToolJson.quote("failed: " + e.getCause())
                    + "}",
                false);
          }
        }
      } finally {
        if (interrupted) {
          Thread.currentThread().interrupt();
        }
      }
    }
  }
}
