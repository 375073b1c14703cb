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

import dev.parley.metrics.VoiceMeters;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import org.jspecify.annotations.Nullable;

/**
 * The server's meters, in a Prometheus registry that {@code /metrics} scrapes. The names are a
 * contract (the load generator and dashboards read them): {@code parley_sessions_active}, {@code
 * parley_sessions_rejected_total{reason}}, {@code parley_calls_failed_total{reason}}, {@code
 * parley_load_late_frame_share}, {@code parley_load_scheduler_lag_seconds}, {@code
 * parley_load_overloaded}, {@code parley_frame_delay_seconds}, {@code
 * parley_frames_dropped_total{direction}}, {@code parley_protocol_errors_total{transport}}, {@code
 * parley_process_rss_bytes}, {@code process_cpu_usage} and the JVM thread, memory and GC meters;
 * the calls' response latency, stages and counters are {@link VoiceMeters} ({@code
 * parley_response_latency_seconds}, {@code parley_turn_decision_seconds} and the rest).
 *
 * <p>Thread-safe. {@link #registry()} is public so others can add meters that appear on the same
 * endpoint. An application's own registry (Spring Boot's, say), given at construction or through
 * {@link #publishTo}, receives every {@code parley.*} meter as well, those already made and those
 * to come; the JVM and process meters stay on Parley's own registry, since a host binds its own.
 */
public final class ServerMetrics {
  private static final Path STATUS = Path.of("/proc/self/status");

  private final PrometheusMeterRegistry prometheus;
  // Parley's meters register here: Prometheus always, and any registry added by publishTo.
  private final CompositeMeterRegistry registry;
  private final VoiceMeters voice;
  private final Counter droppedIn;
  private final Counter droppedOut;
  private final Timer frameDelay;

  /** Meters on a new Prometheus registry; {@code active} says how many calls are running. */
  public ServerMetrics(IntSupplier active) {
    this(active, null);
  }

  /**
   * Meters on a new Prometheus registry and, when not null, on the application's {@code also};
   * {@code active} says how many calls are running.
   */
  public ServerMetrics(IntSupplier active, @Nullable MeterRegistry also) {
    this.prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    this.registry = new CompositeMeterRegistry();
    registry.add(prometheus);
    new ProcessorMetrics().bindTo(prometheus);
    new JvmThreadMetrics().bindTo(prometheus);
    new JvmMemoryMetrics().bindTo(prometheus);
    @SuppressWarnings("resource") // lives as long as the registry
    JvmGcMetrics gc = new JvmGcMetrics();
    gc.bindTo(prometheus);
    if (also != null) {
      registry.add(also);
    }
    // A strong reference: Micrometer holds gauge objects weakly, and a lambda nobody else keeps
    // is collected at the first GC, after which the gauge reads NaN.
    Gauge.builder("parley.sessions.active", active, IntSupplier::getAsInt)
        .description("Calls running now, over every transport")
        .strongReference(true)
        .register(registry);
    Gauge.builder("parley.process.rss.bytes", ServerMetrics::residentBytes)
        .description("Resident set size of the process (VmRSS)")
        .register(registry);
    for (CallHost.Refusal r : CallHost.Refusal.values()) {
      rejected(r.tag(), 0); // every reason present from the start, so rates read from zero
    }
    this.droppedIn =
        Counter.builder("parley.frames.dropped")
            .tag("direction", "in")
            .description("Audio frames dropped because a session or its client was behind")
            .register(registry);
    this.droppedOut =
        Counter.builder("parley.frames.dropped")
            .tag("direction", "out")
            .description("Audio frames dropped because a session or its client was behind")
            .register(registry);
    this.frameDelay =
        Timer.builder("parley.frame.delay")
            .description("From a caller audio frame reaching the transport to its session loop")
            .publishPercentiles(0.5, 0.99)
            .distributionStatisticExpiry(Duration.ofMinutes(1))
            // Cumulative buckets too, so a load test can take quantiles over exactly its own
            // window (the difference of two scrapes) rather than the last minute.
            .publishPercentileHistogram()
            .minimumExpectedValue(Duration.ofNanos(50_000))
            .maximumExpectedValue(Duration.ofSeconds(10))
            .register(registry);
    this.voice = new VoiceMeters(registry);
  }

  /** The registry behind {@code /metrics} (and the application's, if given): add meters here. */
  public MeterRegistry registry() {
    return registry;
  }

  /** The calls' voice meters: response latency, its stages, barge-ins, failures. */
  public VoiceMeters voice() {
    return voice;
  }

  /**
   * Records every Parley meter into {@code host} too, from now on: meters made so far are added to
   * it at once, later ones when they are made. {@code /metrics} keeps serving Parley's own
   * Prometheus registry.
   */
  public void publishTo(MeterRegistry host) {
    registry.add(host);
  }

  /** The Prometheus text exposition of every meter. */
  public String scrape() {
    return prometheus.scrape();
  }

  /**
   * The process's recent CPU use, a share of all cores (Micrometer's {@code process.cpu.usage},
   * which reads the JVM's operating-system bean); 0 where the JVM does not say.
   */
  double processCpu() {
    io.micrometer.core.instrument.Gauge cpu = prometheus.find("process.cpu.usage").gauge();
    double value = cpu == null ? 0 : cpu.value();
    return Double.isNaN(value) ? 0 : value;
  }

  /** Counts a refused call; {@code reason} is a {@link CallHost.Refusal#tag()}. */
  void rejected(String reason) {
    rejected(reason, 1);
  }

  private void rejected(String reason, double count) {
    Counter.builder("parley.sessions.rejected")
        .tag("reason", reason)
        .description("Calls refused: at capacity, overloaded, draining, unauthorised, forbidden")
        .register(registry)
        .increment(count);
  }

  /** Counts a call that ended in failure; {@code reason} is a short fixed word. */
  void callFailed(String reason) {
    Counter.builder("parley.calls.failed")
        .tag("reason", reason)
        .description("Calls ended by a failure: protocol, rate, slow client, server error")
        .register(registry)
        .increment();
  }

  /** Publishes what admission reads, so a dashboard shows why calls are refused. */
  void watchLoad(LoadWatch load) {
    Gauge.builder("parley.load.late.frame.share", load, l -> l.lastWindow().lateShare())
        .description("Share of caller frames later than 10 ms over the last second")
        .strongReference(true)
        .register(registry);
    Gauge.builder("parley.load.scheduler.lag.seconds", load, l -> l.lagNanos() / 1e9)
        .description("How late the server's virtual threads woke, most over the last seconds")
        .strongReference(true)
        .register(registry);
    Gauge.builder("parley.load.overloaded", load, l -> l.overload().isEmpty() ? 0 : 1)
        .description("1 while admission refuses new calls for load")
        .strongReference(true)
        .register(registry);
  }

  void droppedIn() {
    droppedIn.increment();
  }

  void droppedOut() {
    droppedOut.increment();
  }

  void frameDelay(long nanos) {
    frameDelay.record(Math.max(0, nanos), TimeUnit.NANOSECONDS);
  }

  void protocolError(String transport) {
    Counter.builder("parley.protocol.errors")
        .tag("transport", transport)
        .description("Malformed, unknown or out-of-order messages from clients")
        .register(registry)
        .increment();
  }

  /** VmRSS from {@code /proc/self/status}, in bytes; NaN where there is no procfs. */
  static double residentBytes() {
    try {
      for (String line : Files.readAllLines(STATUS, StandardCharsets.US_ASCII)) {
        if (line.startsWith("VmRSS:")) {
          String[] parts = line.substring(6).strip().split("\\s+");
          return Long.parseLong(parts[0]) * 1024.0;
        }
      }
    } catch (IOException | RuntimeException e) {
      return Double.NaN;
    }
    return Double.NaN;
  }
}
