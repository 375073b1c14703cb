package dev.parley.server;

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

/**
 * The server's meters, in a Prometheus registry that {@code /metrics} scrapes. The names are a
 * contract (the load generator and dashboards read them): {@code parley_sessions_active}, {@code
 * parley_sessions_rejected_total}, {@code parley_frame_delay_seconds}, {@code
 * parley_frames_dropped_total{direction}}, {@code parley_turn_decision_seconds}, {@code
 * parley_protocol_errors_total{transport}}, {@code parley_process_rss_bytes}, {@code
 * process_cpu_usage} and the JVM thread, memory and GC meters.
 *
 * <p>Thread-safe. {@link #registry()} is public so others can add meters (per-turn latency, for
 * instance) that appear on the same endpoint. {@link #publishTo} adds a host application's registry
 * (Spring Boot's, say): every {@code parley.*} meter, those already made and those to come, records
 * into it as well; the JVM and process meters stay on Parley's own registry, since a host has its
 * own.
 */
public final class ServerMetrics {
  private static final Path STATUS = Path.of("/proc/self/status");

  private final PrometheusMeterRegistry prometheus;
  // Parley's meters register here: Prometheus always, and any registry added by publishTo.
  private final CompositeMeterRegistry registry;
  private final Counter rejected;
  private final Counter droppedIn;
  private final Counter droppedOut;
  private final Timer frameDelay;
  private final Timer turnDecision;

  /** Meters on a new Prometheus registry; {@code active} says how many calls are running. */
  public ServerMetrics(IntSupplier active) {
    this.prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    this.registry = new CompositeMeterRegistry();
    registry.add(prometheus);
    new ProcessorMetrics().bindTo(prometheus);
    new JvmThreadMetrics().bindTo(prometheus);
    new JvmMemoryMetrics().bindTo(prometheus);
    @SuppressWarnings("resource") // lives as long as the registry
    JvmGcMetrics gc = new JvmGcMetrics();
    gc.bindTo(prometheus);
    // A strong reference: Micrometer holds gauge objects weakly, and a lambda nobody else keeps
    // is collected at the first GC, after which the gauge reads NaN.
    Gauge.builder("parley.sessions.active", active, IntSupplier::getAsInt)
        .description("Calls running now, over every transport")
        .strongReference(true)
        .register(registry);
    Gauge.builder("parley.process.rss.bytes", ServerMetrics::residentBytes)
        .description("Resident set size of the process (VmRSS)")
        .register(registry);
    this.rejected =
        Counter.builder("parley.sessions.rejected")
            .description("Calls refused: over the maximum, draining, or not authorised")
            .register(registry);
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
    this.turnDecision =
        Timer.builder("parley.turn.decision")
            .description("From the user's end of speech to the end-of-turn decision")
            .publishPercentiles(0.5, 0.99)
            .distributionStatisticExpiry(Duration.ofMinutes(1))
            .publishPercentileHistogram()
            .minimumExpectedValue(Duration.ofMillis(10))
            .maximumExpectedValue(Duration.ofSeconds(30))
            .register(registry);
  }

  /** The registry behind {@code /metrics}: add meters here. */
  public MeterRegistry registry() {
    return registry;
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

  void rejected() {
    rejected.increment();
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

  void turnDecision(long nanos) {
    turnDecision.record(Math.max(0, nanos), TimeUnit.NANOSECONDS);
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
