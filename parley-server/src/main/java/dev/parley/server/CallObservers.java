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

import dev.parley.core.clock.MediaClock;
import dev.parley.core.clock.WallClock;
import dev.parley.core.event.SessionEvent;
import dev.parley.core.session.Components;
import dev.parley.metrics.TurnMetrics;
import dev.parley.metrics.VoiceMeters;
import io.opentelemetry.api.trace.Tracer;
import java.util.Map;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Everything that watches one call for its operators: its log lines ({@link CallLog}), its meters
 * ({@link TurnMetrics}), its spans ({@link CallTracing}), its recording ({@link CallRecording},
 * when recording is on) and the recogniser timing that no event shows ({@link ObservedRecognizer}).
 * Built on the thread that starts the call; its {@link #accept} runs on the call's loop.
 */
final class CallObservers implements Consumer<SessionEvent> {
  private final CallLog log = new CallLog();
  private final TurnMetrics metrics;
  private final CallTracing tracing;
  private final @Nullable CallRecording recording;
  private final Components components;

  CallObservers(
      String callId,
      String transport,
      Map<String, String> carrierIds,
      Components shared,
      VoiceMeters meters,
      Tracer tracer,
      @Nullable Recordings recordings,
      MediaClock clock,
      WallClock wallClock) {
    long originNanos = clock.nanos();
    this.metrics = new TurnMetrics(meters);
    this.tracing =
        new CallTracing(
            tracer,
            callId,
            transport,
            carrierIds,
            shared.agent().name(),
            wallClock.epochMillis() * 1_000_000L);
    this.recording = recordings == null ? null : recordings.start(callId, transport, originNanos);
    this.components =
        shared.withRecognizer(
            new ObservedRecognizer(
                shared.recognizer(), clock, meters, tracer, tracing, originNanos));
    log.started(callId, transport, carrierIds);
  }

  /** The call's components: the shared ones, with its recogniser timed. */
  Components components() {
    return components;
  }

  /** The call's recording, or null when calls are not recorded. */
  @Nullable CallRecording recording() {
    return recording;
  }

  @Override
  public void accept(SessionEvent event) {
    metrics.accept(event);
    tracing.accept(event);
    CallRecording r = recording;
    if (r != null) {
      r.accept(event);
    }
    // Last, so the call's end line follows everything else the call logged.
    log.accept(event);
  }
}
