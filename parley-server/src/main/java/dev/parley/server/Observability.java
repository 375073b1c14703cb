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

import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * How a server's calls are observed beyond their logs: an application's own Micrometer registry
 * that gets Parley's meters as well as {@code /metrics}, OpenTelemetry for traces, and recordings
 * of calls. {@link #defaults()} is {@code /metrics} only: no traces, no recordings. Immutable.
 *
 * @param meterRegistry a registry of the embedding application (Spring Boot's, say) that receives
 *     every Parley meter too; null for {@code /metrics} alone
 * @param openTelemetry where call, turn, agent, tool and recogniser spans go; {@link
 *     OpenTelemetry#noop()} for none
 * @param recordings where and how long calls are recorded; null for no recordings
 */
public record Observability(
    @Nullable MeterRegistry meterRegistry,
    OpenTelemetry openTelemetry,
    Recordings.@Nullable Policy recordings) {

  /** Meters on {@code /metrics}; no traces, no recordings. */
  public static Observability defaults() {
    return new Observability(null, OpenTelemetry.noop(), null);
  }

  /** Also registers every Parley meter in {@code registry}. */
  public Observability withMeterRegistry(MeterRegistry registry) {
    return new Observability(registry, openTelemetry, recordings);
  }

  /** Sends spans to {@code openTelemetry}. */
  public Observability withOpenTelemetry(OpenTelemetry openTelemetry) {
    return new Observability(meterRegistry, openTelemetry, recordings);
  }

  /** Records every call as {@code policy} says. */
  public Observability withRecordings(Recordings.Policy policy) {
    return new Observability(meterRegistry, openTelemetry, policy);
  }

  /** The application's own registry, if any. */
  public Optional<MeterRegistry> applicationRegistry() {
    return Optional.ofNullable(meterRegistry);
  }

  /** The recording policy, if calls are recorded. */
  public Optional<Recordings.Policy> recordingPolicy() {
    return Optional.ofNullable(recordings);
  }
}
