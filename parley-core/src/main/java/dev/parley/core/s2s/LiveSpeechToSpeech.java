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

import dev.parley.core.clock.MediaClock;
import dev.parley.core.clock.Sleeper;
import dev.parley.core.event.SessionEvent;
import dev.parley.core.event.ToolStatus;
import dev.parley.core.log.CallMdc;
import dev.parley.core.session.AudioOutput;
import dev.parley.core.spi.Agent;
import dev.parley.core.spi.ProviderException;
import dev.parley.core.tool.Tool;
import dev.parley.core.tool.ToolCall;
import dev.parley.core.tool.ToolContext;
import dev.parley.core.tool.ToolException;
import dev.parley.core.tool.ToolJson;
import dev.parley.core.tool.ToolResult;
import dev.parley.core.tool.ToolSpec;
import dev.parley.core.turn.BargeInPolicy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * A live call with a speech-to-speech model: a {@link SpeechToSpeechSession} on one virtual thread
 * that owns it, fed by a bounded inbox.
 *
 * <p>Caller audio is offered and dropped with a count when the inbox is full (late audio is
 * worthless); model events and tool results wait for room. Tools run on virtual threads of their
 * own, each within its spec's time limit, and post their results back. Thread-safe: any thread may
 * offer audio or hang up.
 */
public final class LiveSpeechToSpeech implements AutoCloseable {
  private sealed interface Input {
    record Audio(short[] samples) implements Input {}

    record Model(ModelEvent event) implements Input {}

    record ToolDone(ToolResult result) implements Input {}

    record HangUp(String reason) implements Input {}

    record Delegated(Delegation.Outcome outcome) implements Input {}
  }

  private final MediaClock clock;
  private final long originNanos;
  private final Consumer<SessionEvent> listener;
  private final @Nullable Delegation delegation;
  private final BlockingQueue<Input> inbox = new ArrayBlockingQueue<>(512);
  private final SpeechToSpeechSession session;
  private final Thread loop;
  private final AtomicLong dropped = new AtomicLong();
  private volatile boolean closed;
  private volatile @Nullable Throwable failure;

  private LiveSpeechToSpeech(
      String name,
      MediaClock clock,
      SpeechToSpeech model,
      SpeechToSpeech.Setup setup,
      List<Tool> tools,
      BargeInPolicy.Settings bargeIn,
      Consumer<SessionEvent> listener,
      AudioOutput output,
      @Nullable Delegate delegate) {
    this.clock = clock;
    this.listener = listener;
    this.delegation =
        delegate == null
            ? null
            : new Delegation(
                delegate.agent(),
                delegate.callId(),
                delegate.cancelOnBargeIn(),
                outcome -> put(new Input.Delegated(outcome)));
    SpeechToSpeech.Connection connection = model.open(setup, event -> put(new Input.Model(event)));
    this.originNanos = clock.nanos();
    Delegation d = delegation;
    Consumer<SessionEvent> observed =
        d == null
            ? listener
            : event -> {
              listener.accept(event);
              d.observe(event);
            };
    this.session =
        new SpeechToSpeechSession(
            connection, tools, bargeIn, output, observed, this::runTool, originNanos, d != null);
    // The loop logs under the call id of the thread that started the call.
    this.loop = Thread.ofVirtual().name(name + "-s2s-loop").unstarted(CallMdc.carry(this::run));
  }

  /**
   * Opens the model's connection and starts the call's loop.
   *
   * @throws ProviderException if the model cannot be reached
   */
  public static LiveSpeechToSpeech start(
      String name,
      MediaClock clock,
      SpeechToSpeech model,
      String instructions,
      List<Tool> tools,
      BargeInPolicy.Settings bargeIn,
      Consumer<SessionEvent> listener,
      AudioOutput output) {
    List<ToolSpec> specs = new ArrayList<>();
    tools.forEach(t -> specs.add(t.spec()));
    LiveSpeechToSpeech call =
        new LiveSpeechToSpeech(
            name,
            clock,
            model,
            new SpeechToSpeech.Setup(instructions, specs),
            tools,
            bargeIn,
            listener,
            output,
            null);
    call.loop.start();
    return call;
  }

  /**
   * Delegation: the user's {@code agent} answers each caller turn and the model only speaks its
   * words.
   *
   * @param agent the user's agent, its tools run by Parley
   * @param callId the call's id, the agent's conversation id
   * @param cancelOnBargeIn whether an interruption cancels the agent's answer in progress too (by
   *     default it does not: the voice stops, the work goes on)
   */
  public record Delegate(Agent agent, String callId, boolean cancelOnBargeIn) {}

  /**
   * Starts a call in which the model is the voice of {@code delegate}'s agent: it is given no tools
   * and is asked to say the agent's words.
   *
   * @throws ProviderException if the model cannot be reached
   */
  public static LiveSpeechToSpeech startDelegated(
      String name,
      MediaClock clock,
      SpeechToSpeech model,
      Delegate delegate,
      BargeInPolicy.Settings bargeIn,
      Consumer<SessionEvent> listener,
      AudioOutput output) {
    LiveSpeechToSpeech call =
        new LiveSpeechToSpeech(
            name,
            clock,
            model,
            new SpeechToSpeech.Setup(VOICE_INSTRUCTIONS, List.of()),
            List.of(),
            bargeIn,
            listener,
            output,
            delegate);
    call.loop.start();
    return call;
  }

  /** What a delegated model is told: it is a voice, not a mind. */
  static final String VOICE_INSTRUCTIONS =
      "You are the voice of an assistant on a phone call. Say exactly the words you are asked to"
          + " say, naturally, and nothing else. Never answer the caller on your own.";

  /** The loop's effects of a delegation outcome at {@code nowNanos}. */
  private Delegation.Sink sink(long nowNanos) {
    return new Delegation.Sink() {
      @Override
      public void emit(SessionEvent event) {
        listener.accept(event);
      }

      @Override
      public void say(String text) {
        session.say(text, nowNanos);
      }
    };
  }

  /**
   * Offers 16 kHz mono PCM16 caller audio; dropped with a count (and false) if the loop is behind.
   */
  public boolean offer(short[] samples, int offset, int length) {
    short[] copy = new short[length];
    System.arraycopy(samples, offset, copy, 0, length);
    if (!inbox.offer(new Input.Audio(copy))) {
      dropped.incrementAndGet();
      return false;
    }
    return true;
  }

  /** Whether the call's loop is still running. */
  public boolean running() {
    return !closed;
  }

  /** What ended the loop if it died of an unexpected failure (a bug), else null. */
  public @Nullable Throwable failure() {
    return failure;
  }

  /** Caller audio dropped because the loop was behind. */
  public long droppedFrames() {
    return dropped.get();
  }

  /** Ends the call. */
  public void hangUp(String reason) {
    put(new Input.HangUp(reason));
  }

  /** Waits up to {@code timeout} for the loop to finish after a hang-up. */
  public boolean awaitEnd(Duration timeout) throws InterruptedException {
    return loop.join(timeout);
  }

  @Override
  public void close() {
    hangUp("closed");
  }

  private void put(Input input) {
    if (closed) {
      return;
    }
    try {
      inbox.put(input);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void run() {
    try {
      while (true) {
        long now = clock.nanos();
        long deadline = session.nextDeadlineNanos();
        Input input =
            deadline == Long.MAX_VALUE
                ? inbox.poll(1, TimeUnit.SECONDS)
                : inbox.poll(Math.max(0, deadline - now), TimeUnit.NANOSECONDS);
        now = clock.nanos();
        if (input != null) {
          switch (input) {
            case Input.Audio audio -> session.userAudio(audio.samples(), 0, audio.samples().length);
            case Input.Model model -> session.onModelEvent(model.event(), now);
            case Input.ToolDone done -> session.onToolEnded(done.result(), now);
            case Input.Delegated delegated -> {
              Delegation d = delegation;
              if (d != null) {
                d.onOutcome(delegated.outcome(), now - originNanos, sink(now));
              }
            }
            case Input.HangUp hangUp -> {
              session.end(hangUp.reason(), now);
              return;
            }
          }
        }
        session.onTime(clock.nanos());
      }
    } catch (InterruptedException e) {
      session.end("interrupted", clock.nanos());
    } catch (RuntimeException | Error e) {
      failure = e;
      throw e;
    } finally {
      closed = true;
    }
  }

  /** Runs one call on a virtual thread within its time limit; the result goes back to the loop. */
  private void runTool(Tool tool, ToolCall call) {
    Thread.ofVirtual()
        .name("s2s-tool-" + call.name())
        .start(CallMdc.carry(() -> put(new Input.ToolDone(invoke(tool, call)))));
  }

  /** Runs one call within its time limit, its arguments checked against its schema first. */
  static ToolResult invoke(Tool tool, ToolCall call) {
    ToolContext context =
        new ToolContext() {
          @Override
          public String callId() {
            return call.id();
          }

          @Override
          public void await(Duration duration) throws InterruptedException {
            Sleeper.system().sleep(duration);
          }
        };
    return invoke(tool, call, context);
  }

  private static ToolResult invoke(Tool tool, ToolCall call, ToolContext context) {
    List<String> problems =
        dev.parley.core.tool.ToolSchema.compile(tool.spec().name(), tool.spec().parametersSchema())
            .violations(call.argumentsJson());
    if (!problems.isEmpty()) {
      return failed(call, "bad arguments: " + String.join("; ", problems));
    }
    java.util.concurrent.FutureTask<String> running =
        new java.util.concurrent.FutureTask<>(() -> tool.invoke(call.argumentsJson(), context));
    Thread.ofVirtual().name("s2s-tool-" + call.id()).start(running);
    try {
      String json = running.get(tool.spec().timeout().toMillis(), TimeUnit.MILLISECONDS);
      return new ToolResult(call, ToolStatus.OK, json, false);
    } catch (TimeoutException e) {
      running.cancel(true);
      return failed(call, "timed out after " + tool.spec().timeout().toMillis() + " ms");
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      return failed(call, cause instanceof ToolException ? cause.getMessage() : "failed: " + cause);
    } catch (InterruptedException e) {
      running.cancel(true);
      Thread.currentThread().interrupt();
      return new ToolResult(call, ToolStatus.CANCELLED, "{\"error\":\"cancelled\"}", false);
    }
  }

  private static ToolResult failed(ToolCall call, @Nullable String message) {
    return new ToolResult(
        call,
        ToolStatus.FAILED,
        "{\"error\":" + ToolJson.quote(String.valueOf(message)) + "}",
        false);
  }
}
