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

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.event.SessionEvent;
import dev.parley.core.event.SpeechKind;
import dev.parley.core.event.ToolStatus;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A scripted call's events become the span tree, with the events' own times. */
class CallTracingTest {
  private static final long MS = 1_000_000L;
  private static final long ORIGIN = 1_796_600_000_000L * MS;

  private final InMemorySpanExporter exporter = InMemorySpanExporter.create();
  private final SdkTracerProvider provider =
      SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(exporter)).build();

  private CallTracing tracing() {
    return new CallTracing(
        provider.get("test"), "call-1", "twilio", Map.of("callSid", "CA1"), "travel-desk", ORIGIN);
  }

  private SpanData span(String name) {
    return exporter.getFinishedSpanItems().stream()
        .filter(s -> s.getName().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no span " + name));
  }

  @Test
  void aTurnWithAToolCallNestsUnderTheCall() {
    CallTracing t = tracing();
    List.<SessionEvent>of(
            new SessionEvent.UserSpeechStarted(1000 * MS),
            new SessionEvent.UserSpeechEnded(2000 * MS),
            new SessionEvent.UserTurnEnded(2200 * MS, "flights to Boston"),
            new SessionEvent.ToolCallStarted(2300 * MS, "t1", "search_flights", "{}", false),
            new SessionEvent.ToolCallEnded(3300 * MS, "t1", "search_flights", ToolStatus.FAILED),
            new SessionEvent.LatencyBreakdown(
                3500 * MS, 2000 * MS, 2200 * MS, 3400 * MS, 3450 * MS),
            new SessionEvent.AgentSpeechStarted(3500 * MS, SpeechKind.RESPONSE, "Sorry."),
            new SessionEvent.AgentSpeechEnded(4000 * MS, SpeechKind.RESPONSE, "Sorry.", false),
            // The hang-up is stamped before the last audio's scheduled end.
            new SessionEvent.SessionEnded(3990 * MS, "caller hung up"))
        .forEach(t);

    SpanData call = span("call");
    SpanData turn = span("turn");
    SpanData agent = span("invoke_agent travel-desk");
    SpanData tool = span("execute_tool search_flights");
    SpanData synth = span("synthesize");
    assertThat(turn.getParentSpanId()).isEqualTo(call.getSpanId());
    assertThat(agent.getParentSpanId()).isEqualTo(turn.getSpanId());
    assertThat(tool.getParentSpanId()).isEqualTo(agent.getSpanId());
    assertThat(synth.getParentSpanId()).isEqualTo(agent.getSpanId());
    assertThat(turn.getStartEpochNanos()).isEqualTo(ORIGIN + 1000 * MS);
    assertThat(agent.getStartEpochNanos()).isEqualTo(ORIGIN + 2200 * MS);
    assertThat(tool.getEndEpochNanos() - tool.getStartEpochNanos()).isEqualTo(1000 * MS);
    assertThat(tool.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(tool.getAttributes().get(AttributeKey.stringKey("gen_ai.tool.name")))
        .isEqualTo("search_flights");
    assertThat(synth.getStartEpochNanos()).isEqualTo(ORIGIN + 3400 * MS);
    assertThat(synth.getEndEpochNanos()).isEqualTo(ORIGIN + 3450 * MS);
    assertThat(call.getEndEpochNanos()).isEqualTo(ORIGIN + 4000 * MS);
    assertThat(call.getAttributes().get(AttributeKey.stringKey("parley.carrier.callSid")))
        .isEqualTo("CA1");
    assertThat(turn.getAttributes().get(AttributeKey.longKey("parley.response_latency_ms")))
        .isEqualTo(1500);
  }

  @Test
  void aBargeInStartsTheNextTurnWhenTheCallerStartedSpeaking() {
    CallTracing t = tracing();
    List.<SessionEvent>of(
            new SessionEvent.UserSpeechStarted(1000 * MS),
            new SessionEvent.UserTurnEnded(2200 * MS, "hi"),
            new SessionEvent.AgentSpeechStarted(2600 * MS, SpeechKind.RESPONSE, "Hello there"),
            new SessionEvent.UserSpeechStarted(3000 * MS),
            new SessionEvent.AgentInterrupted(3300 * MS, "Hello"),
            new SessionEvent.AgentSpeechEnded(3300 * MS, SpeechKind.RESPONSE, "Hello", true),
            new SessionEvent.UserTurnEnded(4000 * MS, "wait"),
            new SessionEvent.SessionEnded(5000 * MS, "caller hung up"))
        .forEach(t);
    List<SpanData> turns =
        exporter.getFinishedSpanItems().stream().filter(s -> s.getName().equals("turn")).toList();
    assertThat(turns).hasSize(2);
    assertThat(turns.get(0).getAttributes().get(AttributeKey.booleanKey("parley.barge_in")))
        .isTrue();
    assertThat(turns.get(1).getStartEpochNanos()).isEqualTo(ORIGIN + 3000 * MS);
  }
}
