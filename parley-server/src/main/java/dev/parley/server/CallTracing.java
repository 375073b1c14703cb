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
package dev.parley.server;

import dev.parley.core.event.SessionEvent;
import dev.parley.core.event.SpeechKind;
import dev.parley.core.event.ToolStatus;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * One call's OpenTelemetry spans, built from its session events with the events' own times:
 *
 * <pre>
 *   call                                  (SERVER; call id, transport, carrier ids, end reason)
 *   └─ turn                               (user speech start → the end of the agent's reply)
 *      ├─ recognize                       (from {@link ObservedRecognizer}: finish → final words)
 *      └─ invoke_agent {agent}            (turn end, or a speculative start → end of the reply)
 *         ├─ execute_tool {tool}          (one per tool call; ERROR status when it failed)
 *         └─ synthesize                   (the agent's first text → the synthesiser's first audio)
 * </pre>
 *
 * GenAI semantic-convention attributes where they fit ({@code gen_ai.operation.name}, {@code
 * gen_ai.agent.name}, {@code gen_ai.tool.name}, {@code gen_ai.tool.call.id}); no transcript text
 * (what callers say stays out of traces). Spans are made after the fact, so nothing on the hot path
 * waits for them. Confined to the session's loop, except {@link #turnContext}, which workers read.
 */
final class CallTracing implements Consumer<SessionEvent> {
  static final AttributeKey<String> CALL_ID = AttributeKey.stringKey("parley.call.id");
  static final AttributeKey<String> TRANSPORT = AttributeKey.stringKey("parley.transport");
  static final AttributeKey<String> OPERATION = AttributeKey.stringKey("gen_ai.operation.name");
  static final AttributeKey<String> AGENT = AttributeKey.stringKey("gen_ai.agent.name");
  static final AttributeKey<String> TOOL = AttributeKey.stringKey("gen_ai.tool.name");
  static final AttributeKey<String> TOOL_CALL = AttributeKey.stringKey("gen_ai.tool.call.id");
  static final AttributeKey<String> TOOL_TYPE = AttributeKey.stringKey("gen_ai.tool.type");

  private final Tracer tracer;
  private final String agentName;
  private final long originEpochNanos;
  private final Span call;
  private final Map<String, Span> tools = new HashMap<>();
  private @Nullable Span turn;
  private @Nullable Span agent;
  private int turnIndex;
  private long lastSpeechStartNanos = -1;
  // Speech ends are stamped when their audio finishes playing, which may be just after a hang-up
  // stamps the session's end: the call's span ends at the later of the two, so it holds its turns.
  private long latestEndNanos;
  private boolean bargedIn;
  private volatile Context turnContext;

  /**
   * Opens the call's span at {@code originEpochNanos}, the wall time of the session's start (its
   * events are nanoseconds since then).
   */
  CallTracing(
      Tracer tracer,
      String callId,
      String transport,
      Map<String, String> carrierIds,
      String agentName,
      long originEpochNanos) {
    this.tracer = tracer;
    this.agentName = agentName;
    this.originEpochNanos = originEpochNanos;
    var builder =
        tracer
            .spanBuilder("call")
            .setNoParent()
            .setSpanKind(SpanKind.SERVER)
            .setStartTimestamp(originEpochNanos, TimeUnit.NANOSECONDS)
            .setAttribute(CALL_ID, callId)
            .setAttribute(TRANSPORT, transport)
            .setAttribute(AGENT, agentName);
    carrierIds.forEach((k, v) -> builder.setAttribute("parley.carrier." + k, v));
    this.call = builder.startSpan();
    this.turnContext = Context.root().with(call);
  }

  /** The span new recogniser work belongs to: the current turn, else the call. */
  Context turnContext() {
    return turnContext;
  }

  /** The wall time, in epoch nanoseconds, of a session-relative time. */
  long epochNanos(long sessionNanos) {
    return originEpochNanos + sessionNanos;
  }

  @Override
  public void accept(SessionEvent event) {
    switch (event) {
      case SessionEvent.UserSpeechStarted e -> {
        lastSpeechStartNanos = e.atNanos();
        if (turn == null) {
          openTurn(e.atNanos());
        }
      }
      case SessionEvent.UserTurnEnded e -> {
        Span t = turn;
        if (t == null) {
          // A barge-in's speech started while the previous turn was open; a key press has none.
          t = openTurn(lastSpeechStartNanos >= 0 ? lastSpeechStartNanos : e.atNanos());
        }
        lastSpeechStartNanos = -1;
        if (agent == null) {
          agent = child(t, "invoke_agent " + agentName, e.atNanos());
          agent.setAttribute(OPERATION, "invoke_agent");
          agent.setAttribute(AGENT, agentName);
        }
      }
      case SessionEvent.LatencyBreakdown b -> {
        Span parent = agent != null ? agent : turn;
        if (parent != null && b.firstAudioNanos() >= 0) {
          long from = Math.max(b.firstTokenNanos(), b.turnEndNanos());
          Span s = child(parent, "synthesize", Math.min(from, b.firstAudioNanos()));
          latestEndNanos = Math.max(latestEndNanos, b.firstAudioNanos());
          s.end(epochNanos(b.firstAudioNanos()), TimeUnit.NANOSECONDS);
        }
        if (agent != null && b.firstTokenNanos() >= 0) {
          agent.setAttribute(
              "parley.agent.first_token_ms",
              Math.max(0, b.firstTokenNanos() - b.turnEndNanos()) / 1_000_000);
        }
        if (turn != null && b.userSpeechEndNanos() >= 0) {
          turn.setAttribute(
              "parley.response_latency_ms", (b.atNanos() - b.userSpeechEndNanos()) / 1_000_000);
        }
      }
      case SessionEvent.ToolCallStarted e -> {
        Span parent = agent != null ? agent : turn != null ? turn : call;
        Span s = child(parent, "execute_tool " + e.name(), e.atNanos());
        s.setAttribute(OPERATION, "execute_tool");
        s.setAttribute(TOOL, e.name());
        s.setAttribute(TOOL_CALL, e.id());
        s.setAttribute(TOOL_TYPE, "function");
        s.setAttribute("parley.tool.speculative", e.speculative());
        tools.put(e.id(), s);
      }
      case SessionEvent.ToolCallEnded e -> {
        Span s = tools.remove(e.id());
        if (s != null) {
          if (e.status() == ToolStatus.FAILED) {
            s.setStatus(StatusCode.ERROR, "tool failed");
          }
          s.setAttribute(
              "parley.tool.status", e.status().name().toLowerCase(java.util.Locale.ROOT));
          latestEndNanos = Math.max(latestEndNanos, e.atNanos());
          s.end(epochNanos(e.atNanos()), TimeUnit.NANOSECONDS);
        }
      }
      case SessionEvent.AgentInterrupted e -> bargedIn = true;
      case SessionEvent.AgentSpeechEnded e -> {
        if (e.kind() == SpeechKind.RESPONSE) {
          closeTurn(e.atNanos(), e.interrupted());
        }
      }
      case SessionEvent.ServiceFailed e -> {
        Span s = agent != null ? agent : turn != null ? turn : call;
        s.addEvent(
            "service_failed",
            io.opentelemetry.api.common.Attributes.of(
                AttributeKey.stringKey("parley.component"), e.component()),
            epochNanos(e.atNanos()),
            TimeUnit.NANOSECONDS);
      }
      case SessionEvent.SessionEnded e -> {
        for (Span s : tools.values()) {
          s.end(epochNanos(e.atNanos()), TimeUnit.NANOSECONDS);
        }
        tools.clear();
        closeTurn(e.atNanos(), false);
        call.setAttribute("parley.end_reason", e.reason());
        call.setAttribute("parley.turns", turnIndex);
        call.end(epochNanos(Math.max(e.atNanos(), latestEndNanos)), TimeUnit.NANOSECONDS);
      }
      case SessionEvent.UserSpeechEnded e -> {}
      case SessionEvent.TranscriptPartial e -> {}
      case SessionEvent.UserTurnEagerEnd e -> {}
      case SessionEvent.UserTurnResumed e -> {}
      case SessionEvent.AgentSpeechStarted e -> {}
      case SessionEvent.InterruptionIgnored e -> {}
      case SessionEvent.AgentResumed e -> {}
    }
  }

  private Span openTurn(long atNanos) {
    turnIndex++;
    Span t = child(call, "turn", atNanos);
    t.setAttribute("parley.turn.index", turnIndex);
    turn = t;
    bargedIn = false;
    turnContext = Context.root().with(t);
    return t;
  }

  private void closeTurn(long atNanos, boolean interrupted) {
    latestEndNanos = Math.max(latestEndNanos, atNanos);
    Span a = agent;
    if (a != null) {
      a.setAttribute("parley.interrupted", interrupted);
      a.end(epochNanos(atNanos), TimeUnit.NANOSECONDS);
      agent = null;
    }
    Span t = turn;
    if (t != null) {
      t.setAttribute("parley.barge_in", bargedIn);
      t.end(epochNanos(atNanos), TimeUnit.NANOSECONDS);
      turn = null;
      turnContext = Context.root().with(call);
    }
  }

  private Span child(Span parent, String name, long atNanos) {
    return tracer
        .spanBuilder(name)
        .setParent(Context.root().with(parent))
        .setStartTimestamp(epochNanos(atNanos), TimeUnit.NANOSECONDS)
        .startSpan();
  }
}
