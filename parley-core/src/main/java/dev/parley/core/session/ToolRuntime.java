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

import dev.parley.core.event.ToolStatus;
import dev.parley.core.frame.Frame;
import dev.parley.core.spi.CallAction;
import dev.parley.core.spi.CallInfo;
import dev.parley.core.tool.Tool;
import dev.parley.core.tool.ToolCall;
import dev.parley.core.tool.ToolContext;
import dev.parley.core.tool.ToolEffect;
import dev.parley.core.tool.ToolException;
import dev.parley.core.tool.ToolJson;
import dev.parley.core.tool.ToolResult;
import dev.parley.core.tool.ToolSchema;
import dev.parley.core.tool.ToolSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import org.jspecify.annotations.Nullable;

/**
 * Runs an agent's tool calls for one session: checks arguments against each tool's schema before it
 * runs, runs calls in parallel with their time limits, lets a side effect happen at most once per
 * call id and only for a final turn, reuses a read-only result when the same call (same name, same
 * canonical arguments) is asked again in the same turn, and keeps the ledger of completed calls
 * that {@link #compensate} undoes.
 *
 * <p>Called from agent jobs (and the prefetch job) on their worker threads; its maps are concurrent
 * and serve only execution (reuse, once-only side effects, compensation). Every call's start and
 * end reach the loop as facts, {@link Frame.ToolStarted} and {@link Frame.ToolEnded}, and the
 * loop's {@link ToolLedger} alone decides what they mean for the call; it calls {@link #discard}
 * and {@link #forgetReads}. A tool's own failure, time-out, malformed result or rejected arguments
 * come back as a {@code FAILED} result, never as an exception.
 */
final class ToolRuntime {
  private record Registered(Tool tool, ToolSpec spec, ToolSchema schema) {}

  /** One execution of a call, settled once. */
  private static final class Run {
    final ToolCall call;
    final ToolEffect effect;
    final long responseId;
    final String cacheKey;
    final CompletableFuture<ToolResult> result = new CompletableFuture<>();
    volatile long readyAtNanos = SessionCore.NEVER;
    @Nullable CompletableFuture<ToolResult> compensation;

    Run(ToolCall call, ToolEffect effect, long responseId, String cacheKey) {
      this.call = call;
      this.effect = effect;
      this.responseId = responseId;
      this.cacheKey = cacheKey;
    }
  }

  /**
   * The reply a call belongs to.
   *
   * @param responseId the reply's id
   * @param speculative whether the reply started before the user's turn was final
   * @param gate opens when the user's turn is final; side effects wait for it
   */
  record Reply(
      long responseId,
      boolean speculative,
      Gate gate,
      java.util.concurrent.atomic.AtomicBoolean keepReads) {
    static Reply fin(long responseId) {
      return new Reply(
          responseId, false, Gate.opened(), new java.util.concurrent.atomic.AtomicBoolean());
    }
  }

  private final Map<String, Registered> byName = new LinkedHashMap<>();
  private final CallInfo call;
  private final Map<String, Run> ledger = new ConcurrentHashMap<>();
  private final Map<String, Run> reads = new ConcurrentHashMap<>();

  /**
   * Registers an agent's tools, compiling each schema.
   *
   * @throws IllegalArgumentException naming the agent and tool if two tools share a name or a
   *     schema is not usable
   */
  ToolRuntime(String agentName, List<Tool> tools) {
    this(agentName, tools, CallInfo.local(""));
  }

  /** Registers an agent's tools for the call {@code call}, which each tool call can see. */
  ToolRuntime(String agentName, List<Tool> tools, CallInfo call) {
    this.call = call;
    for (Tool tool : tools) {
      ToolSpec spec = tool.spec();
      ToolSchema schema;
      try {
        schema = ToolSchema.compile(spec.name(), spec.parametersSchema());
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("agent " + agentName + ": " + e.getMessage(), e);
      }
      if (byName.put(spec.name(), new Registered(tool, spec, schema)) != null) {
        throw new IllegalArgumentException(
            "agent " + agentName + ": two tools are named " + spec.name());
      }
    }
  }

  /** The effect of tool {@code name}, or null if the agent has no such tool. */
  @Nullable ToolEffect effect(String name) {
    Registered registered = byName.get(name);
    return registered == null ? null : registered.spec().effect();
  }

  /** Runs one call; see {@link #runAll}. */
  ToolResult run(ToolCall call, Reply reply, Worker.Outbox out) throws InterruptedException {
    return runAll(List.of(call), reply, out).getFirst();
  }

  /**
   * Runs {@code calls} in parallel and returns their results in call order. Read-only calls start
   * at once, speculative or not; the others wait until the user's turn is final.
   *
   * @throws InterruptedException if the reply was cancelled: read-only calls still running are
   *     cancelled, side effects already started finish and are reported
   */
  List<ToolResult> runAll(List<ToolCall> calls, Reply reply, Worker.Outbox out)
      throws InterruptedException {
    out.sync();
    List<@Nullable ToolResult> results = new ArrayList<>(calls.size());
    List<@Nullable Run> waitFor = new ArrayList<>(calls.size());
    List<Worker.@Nullable Task> tasks = new ArrayList<>(calls.size());
    List<@Nullable Run> runs = new ArrayList<>(calls.size());
    List<Integer> gated = new ArrayList<>();
    for (int i = 0; i < calls.size(); i++) {
      results.add(null);
      waitFor.add(null);
      tasks.add(null);
      runs.add(null);
    }
    for (int i = 0; i < calls.size(); i++) {
      ToolCall call = calls.get(i);
      Run prior = ledger.get(call.id());
      if (prior != null && prior.effect == ToolEffect.READ_ONLY) {
        results.set(i, reuse(call, prior, reply, out)); // a read of this turn, asked again
        continue;
      }
      if (prior != null) {
        // The same call id again: the first run's result, never a rerun. The loop learns that
        // this reply now waits on it, so the wait is masked.
        out.post(
            new Frame.ToolStarted(
                reply.responseId(),
                call.id(),
                call.name(),
                call.argumentsJson(),
                reply.speculative() && !reply.gate().isOpen()));
        waitFor.set(i, prior);
        continue;
      }
      Registered registered = byName.get(call.name());
      if (registered == null) {
        results.set(i, reject(call, reply, out, "no tool named " + call.name()));
        continue;
      }
      List<String> problems = registered.schema().violations(call.argumentsJson());
      if (!problems.isEmpty()) {
        results.set(
            i, reject(call, reply, out, "arguments rejected: " + String.join("; ", problems)));
        continue;
      }
      ToolEffect effect = registered.spec().effect();
      if (effect == ToolEffect.READ_ONLY) {
        String key = call.name() + ' ' + ToolJson.canonical(call.argumentsJson());
        Run cached = reads.get(key);
        if (cached != null) {
          results.set(i, reuse(call, cached, reply, out));
        } else {
          Run run = new Run(call, effect, reply.responseId(), key);
          runs.set(i, run);
          tasks.set(i, start(run, registered, reply, out));
        }
      } else {
        gated.add(i);
      }
    }
    if (!gated.isEmpty()) {
      out.awaitGate(reply.gate());
      out.sync();
      for (int i : gated) {
        ToolCall call = calls.get(i);
        Registered registered = byName.get(call.name());
        if (registered != null) {
          Run run = new Run(call, registered.spec().effect(), reply.responseId(), "");
          runs.set(i, run);
          Reply fin = new Reply(reply.responseId(), false, Gate.opened(), reply.keepReads());
          tasks.set(i, start(run, registered, fin, out));
        }
      }
    }
    try {
      for (int i = 0; i < calls.size(); i++) {
        Worker.Task task = tasks.get(i);
        Run run = runs.get(i);
        Run prior = waitFor.get(i);
        if (task != null && run != null) {
          task.join();
          results.set(i, await(run, out));
        } else if (prior != null) {
          ToolResult first = await(prior, out);
          results.set(i, new ToolResult(calls.get(i), first.status(), first.json(), true));
        }
      }
    } catch (InterruptedException e) {
      // A side effect already started finishes and is reported. A read-only call finishes too,
      // into the cache, when the reply is being redone for the same turn (the user went on);
      // otherwise it is cancelled. The loop sets keepReads before it interrupts this thread.
      boolean keep = reply.keepReads().get();
      for (int i = 0; i < calls.size(); i++) {
        Worker.Task task = tasks.get(i);
        if (task != null && !keep && effect(calls.get(i).name()) == ToolEffect.READ_ONLY) {
          task.cancel();
        }
      }
      throw e;
    }
    List<ToolResult> done = new ArrayList<>(calls.size());
    for (int i = 0; i < calls.size(); i++) {
      ToolResult result = results.get(i);
      done.add(result == null ? cancelled(calls.get(i)) : result);
    }
    return done;
  }

  /** Runs an agent's prefetch calls at the start of a call: read-only tools only. */
  void prefetch(List<ToolCall> calls, Worker.Outbox out) throws InterruptedException {
    Reply reply = Reply.fin(0);
    List<ToolCall> allowed = new ArrayList<>();
    for (ToolCall call : calls) {
      if (effect(call.name()) == ToolEffect.READ_ONLY || effect(call.name()) == null) {
        allowed.add(call);
      } else {
        reject(call, reply, out, "prefetch runs read-only tools only; " + call.name() + " is not");
      }
    }
    runAll(allowed, reply, out);
  }

  /**
   * Undoes the completed call {@code callId} through its tool's compensation, at most once; a
   * second request returns the first undo's result.
   */
  ToolResult compensate(String callId, Reply reply, Worker.Outbox out) throws InterruptedException {
    Run run = ledger.get(callId);
    ToolCall undo = new ToolCall(callId, run == null ? "unknown" : run.call.name(), "{}");
    if (run == null) {
      return failed(undo, "no call " + callId + " to undo");
    }
    ToolResult done = await(run, out);
    if (!done.ok()) {
      return failed(run.call, "call " + callId + " did not complete; there is nothing to undo");
    }
    Registered registered = byName.get(run.call.name());
    if (registered == null || !registered.tool().compensable()) {
      return failed(run.call, run.call.name() + " cannot be undone");
    }
    CompletableFuture<ToolResult> mine = new CompletableFuture<>();
    CompletableFuture<ToolResult> first;
    synchronized (run) {
      first = run.compensation;
      if (first == null) {
        run.compensation = mine;
      }
    }
    if (first != null) {
      return get(first);
    }
    try {
      out.awaitGate(reply.gate());
      out.sync();
    } catch (InterruptedException e) {
      synchronized (run) {
        run.compensation = null;
      }
      throw e;
    }
    Worker.Task task =
        out.spawn(
            branch ->
                registered
                    .tool()
                    .compensate(
                        run.call.argumentsJson(),
                        done.json(),
                        context(undo, branch, reply.responseId())),
            registered.spec().timeout().toNanos(),
            (outcome, at) -> {
              ToolResult result = settle(run.call, outcome, registered.spec().timeout());
              if (result.ok()) {
                result = new ToolResult(run.call, ToolStatus.COMPENSATED, result.json(), false);
                post(at, reply.responseId(), result);
              } else {
                result =
                    failed(run.call, "could not undo " + run.call.name() + ": " + result.json());
                synchronized (run) {
                  run.compensation = null; // nothing was undone; the agent may try again
                }
              }
              mine.complete(result);
            });
    task.join();
    return get(mine);
  }

  /**
   * The reply {@code responseId} was cancelled at {@code nowNanos}: its read-only calls that had
   * not finished by then are forgotten, as if cut off (on a virtual clock they ran ahead).
   */
  void discard(long responseId, long nowNanos) {
    ledger.values().removeIf(run -> stale(run, responseId, nowNanos));
    reads.values().removeIf(run -> stale(run, responseId, nowNanos));
  }

  private static boolean stale(Run run, long responseId, long nowNanos) {
    return run.responseId == responseId
        && run.effect == ToolEffect.READ_ONLY
        && run.readyAtNanos > nowNanos;
  }

  /** The turn is answered: read-only results are not reused for the next one. */
  void forgetReads() {
    reads.clear();
  }

  private Worker.Task start(Run run, Registered registered, Reply reply, Worker.Outbox out)
      throws InterruptedException {
    ToolCall call = run.call;
    ToolEffect effect = run.effect;
    String cacheKey = run.cacheKey;
    ledger.put(call.id(), run);
    if (effect == ToolEffect.READ_ONLY) {
      reads.put(cacheKey, run);
    }
    try {
      out.post(
          new Frame.ToolStarted(
              reply.responseId(),
              call.id(),
              call.name(),
              call.argumentsJson(),
              reply.speculative() && !reply.gate().isOpen()));
    } catch (InterruptedException e) {
      // Cancelled before it ran: a run left registered but never settled would hold every later
      // ask of the same call (the redone reply reuses reads) waiting for ever.
      ledger.remove(call.id(), run);
      reads.remove(cacheKey, run);
      run.result.complete(cancelled(call));
      throw e;
    }
    Duration timeout = registered.spec().timeout();
    return out.spawn(
        branch ->
            registered
                .tool()
                .invoke(call.argumentsJson(), context(call, branch, reply.responseId())),
        timeout.toNanos(),
        (outcome, at) -> {
          ToolResult result = settle(call, outcome, timeout);
          run.readyAtNanos = outcome.endNanos();
          if (!result.ok() && effect == ToolEffect.READ_ONLY) {
            ledger.remove(call.id(), run); // a read-only call that did not finish may run again
            reads.remove(cacheKey, run);
          }
          run.result.complete(result);
          post(at, reply.responseId(), result);
        });
  }

  /** Serves {@code call} from an earlier identical read-only call of this turn. */
  private ToolResult reuse(ToolCall call, Run cached, Reply reply, Worker.Outbox out)
      throws InterruptedException {
    out.post(
        new Frame.ToolStarted(
            reply.responseId(),
            call.id(),
            call.name(),
            call.argumentsJson(),
            reply.speculative() && !reply.gate().isOpen()));
    ToolResult first = await(cached, out);
    ToolResult result = new ToolResult(call, first.status(), first.json(), true);
    post(out, reply.responseId(), result);
    return result;
  }

  /** Waits for a run's result, in session time: on a virtual clock, until it was ready. */
  private static ToolResult await(Run run, Worker.Outbox out) throws InterruptedException {
    ToolResult result = get(run.result);
    long wait = run.readyAtNanos - out.nowNanos();
    if (wait > 0 && run.readyAtNanos != SessionCore.NEVER) {
      out.await(wait);
    }
    return result;
  }

  private static ToolResult get(CompletableFuture<ToolResult> future) throws InterruptedException {
    try {
      return future.get();
    } catch (ExecutionException e) {
      throw new IllegalStateException(e);
    }
  }

  private ToolResult reject(ToolCall call, Reply reply, Worker.Outbox out, String message)
      throws InterruptedException {
    out.post(
        new Frame.ToolStarted(
            reply.responseId(),
            call.id(),
            call.name(),
            call.argumentsJson(),
            reply.speculative() && !reply.gate().isOpen()));
    ToolResult result = failed(call, message);
    post(out, reply.responseId(), result);
    return result;
  }

  private static ToolResult settle(ToolCall call, Worker.Outcome outcome, Duration timeout) {
    if (outcome.timedOut()) {
      return failed(call, call.name() + " timed out after " + timeout.toMillis() + " ms");
    }
    if (outcome.cancelled()) {
      return cancelled(call);
    }
    Throwable failure = outcome.failure();
    if (failure instanceof ToolException e) {
      return failed(call, String.valueOf(e.getMessage()));
    }
    if (failure != null) {
      return failed(call, call.name() + " failed: " + failure);
    }
    String value = outcome.value();
    if (value == null || value.isBlank()) {
      return failed(call, call.name() + " returned nothing");
    }
    if (!ToolJson.isValid(value)) {
      return failed(call, call.name() + " returned malformed JSON");
    }
    return new ToolResult(call, ToolStatus.OK, value, false);
  }

  private ToolContext context(ToolCall toolCall, Worker.Outbox branch, long responseId) {
    CallInfo info = call;
    return new ToolContext() {
      @Override
      public String callId() {
        return toolCall.id();
      }

      @Override
      public CallInfo call() {
        return info;
      }

      @Override
      public boolean afterReply(CallAction action) {
        try {
          branch.post(new Frame.CallActionRequested(responseId, action));
          return true;
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt(); // cancelled: the reply is gone, and so is the action
          return false;
        }
      }

      @Override
      public void await(Duration duration) throws InterruptedException {
        branch.await(duration.toNanos());
      }
    };
  }

  private static void post(Worker.Outbox out, long responseId, ToolResult result) {
    ToolCall call = result.call();
    try {
      out.post(
          new Frame.ToolEnded(
              responseId,
              call.id(),
              call.name(),
              call.argumentsJson(),
              result.status(),
              result.json()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt(); // the session is closing
    }
  }

  private static ToolResult cancelled(ToolCall call) {
    return new ToolResult(call, ToolStatus.CANCELLED, error("cancelled"), false);
  }

  private static ToolResult failed(ToolCall call, String message) {
    return new ToolResult(call, ToolStatus.FAILED, error(message), false);
  }

  static String error(String message) {
    return "{\"error\":" + ToolJson.quote(message) + "}";
  }
}
