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
package dev.parley.loadtest;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A load test against a running {@code parley serve}: opens N callers over loopback, each streaming
 * the recording in real time for the given seconds, and builds a {@link LoadReport} from the
 * server's {@code /metrics} and what the callers saw.
 *
 * <p>One ticker thread makes a frame due on every caller each 20 ms (through the {@link Pace});
 * callers connect over a ramp so the server is not hit by N handshakes at once; a sampler scrapes
 * {@code /metrics} every 2 s for CPU, memory and active sessions; a last scrape after the final
 * frame gives frame delay, drops and turn-decision latency, and only then do the callers hang up.
 * Bounded: at most {@link #MAX_SESSIONS} callers and {@link #MAX_SECONDS} seconds, and every wait
 * has a deadline, so a test always ends by itself.
 */
public final class LoadTest {
  /** The most callers one run opens. */
  public static final int MAX_SESSIONS = 2_000;

  /** The longest a caller streams. */
  public static final int MAX_SECONDS = 3_600;

  private static final long TICK_NANOS = 20_000_000L;
  private static final int SAMPLE_EVERY_TICKS = 100;
  private static final long CONNECT_TIMEOUT_MILLIS = 10_000;
  private static final long DRAIN_TIMEOUT_MILLIS = 30_000;
  private static final long CLOSE_TIMEOUT_MILLIS = 10_000;
  private static final double MIB = 1024.0 * 1024.0;

  /** Metric names the server exposes (see {@code parley serve}). */
  static final String ACTIVE = "parley_sessions_active";

  static final String FRAME_DELAY = "parley_frame_delay_seconds";
  static final String DROPPED = "parley_frames_dropped_total";
  static final String TURN_DECISION = "parley_turn_decision_seconds";
  static final String CPU = "process_cpu_usage";
  static final String CPU_TIME = "process_cpu_time_ns_total";
  static final String RSS = "parley_process_rss_bytes";
  static final String THREADS = "jvm_threads_live_threads";
  static final String LIVE_HEAP = "jvm_gc_live_data_size_bytes";

  /**
   * What to run.
   *
   * @param host the server's address, normally {@code 127.0.0.1}
   * @param port the server's port
   * @param sessions concurrent callers, 1 to {@link #MAX_SESSIONS}
   * @param seconds seconds of audio each caller streams, 1 to {@link #MAX_SECONDS}
   * @param transport how callers connect
   * @param audio the recording each caller loops, 16 kHz mono PCM16, at least 1 s
   * @param rampMillis over how long the callers connect
   * @param warmupSeconds how long every caller streams before the measured {@code seconds} begin
   *     (the JIT compiles the server's hot paths meanwhile); not counted in the report
   * @param metricsPort the server's management port, where {@code /metrics} is
   * @param bearer the server's bearer secret, to fetch each browser caller a single-use token from
   *     {@code POST /token}; empty for a loopback server, which needs none
   */
  public record Options(
      String host,
      int port,
      int sessions,
      int seconds,
      Transport transport,
      short[] audio,
      long rampMillis,
      int warmupSeconds,
      int metricsPort,
      String bearer) {
    /**
     * @throws IllegalArgumentException naming the option out of range
     */
    public Options {
      if (port < 1 || port > 65_535) {
        throw new IllegalArgumentException("--port must be 1 to 65535, not " + port);
      }
      if (sessions < 1 || sessions > MAX_SESSIONS) {
        throw new IllegalArgumentException(
            "--sessions must be 1 to " + MAX_SESSIONS + ", not " + sessions);
      }
      if (seconds < 1 || seconds > MAX_SECONDS) {
        throw new IllegalArgumentException(
            "--seconds must be 1 to " + MAX_SECONDS + ", not " + seconds);
      }
      if (rampMillis < 0) {
        throw new IllegalArgumentException("the ramp must not be negative: " + rampMillis);
      }
      if (metricsPort < 1 || metricsPort > 65_535) {
        throw new IllegalArgumentException("--metrics-port must be 1 to 65535, not " + metricsPort);
      }
      if (warmupSeconds < 0 || warmupSeconds > MAX_SECONDS) {
        throw new IllegalArgumentException(
            "--warmup-seconds must be 0 to " + MAX_SECONDS + ", not " + warmupSeconds);
      }
    }

    /** Connects at about 50 callers a second, at least over one second. */
    public static long defaultRampMillis(int sessions) {
      return Math.max(1_000, sessions * 20L);
    }
  }

  private final Options options;
  private final Pace pace;
  private final HttpClient http;
  private final URI metricsUri;
  private final URI socketUri;
  private final URI tokenUri;

  public LoadTest(Options options, Pace pace) {
    this.options = options;
    this.pace = pace;
    this.http =
        HttpClient.newBuilder()
            .connectTimeout(Duration.ofMillis(CONNECT_TIMEOUT_MILLIS))
            .executor(java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor())
            .build();
    String authority = options.host() + ":" + options.port();
    this.metricsUri =
        URI.create("http://" + options.host() + ":" + options.metricsPort() + "/metrics");
    this.socketUri = URI.create("ws://" + authority + options.transport().path());
    this.tokenUri = URI.create("http://" + authority + "/token");
  }

  /**
   * Runs the test.
   *
   * @throws IllegalStateException if the server cannot be reached or its {@code /metrics} cannot be
   *     read, naming the address
   */
  public LoadReport run() throws InterruptedException {
    CallAudio audio = new CallAudio(options.audio());
    PromText idle = scrape();
    int warmupFrames = options.warmupSeconds() * 50;
    int totalFrames = warmupFrames + options.seconds() * 50;
    List<Caller> callers = new ArrayList<>(options.sessions());
    for (int i = 0; i < options.sessions(); i++) {
      callers.add(new Caller(i, options.transport(), audio, totalFrames));
    }
    Samples samples = new Samples();
    long rampTicks = options.rampMillis() * 1_000_000L / TICK_NANOS;
    // The measured window opens once the last caller has connected and warmed up.
    long measureFromTick = rampTicks + warmupFrames + 25;
    long start = pace.nowNanos();
    List<Thread> connecting = new ArrayList<>();
    int launched = 0;
    AtomicBoolean sampling = new AtomicBoolean();
    java.util.concurrent.atomic.AtomicReference<PromText> before =
        new java.util.concurrent.atomic.AtomicReference<>(idle);
    @org.jspecify.annotations.Nullable Thread opening = null;
    long maxTickLateNanos = 0;
    for (long tick = 0; ; tick++) {
      long scheduled = start + tick * TICK_NANOS;
      pace.awaitUntil(scheduled);
      maxTickLateNanos = Math.max(maxTickLateNanos, pace.nowNanos() - scheduled);
      while (launched < callers.size()
          && launched * Math.max(rampTicks, 1) / callers.size() <= tick) {
        Caller caller = callers.get(launched++);
        connecting.add(
            Thread.ofVirtual().name("loadtest-connect-" + launched).start(() -> connect(caller)));
      }
      boolean allDue = launched == callers.size();
      for (Caller caller : callers) {
        caller.tick(tick);
        allDue &= caller.allDue();
      }
      if (tick == measureFromTick && warmupFrames > 0) {
        opening = Thread.ofVirtual().name("loadtest-open").start(() -> before.set(scrapeQuietly()));
      }
      if (tick % SAMPLE_EVERY_TICKS == 0 && sampling.compareAndSet(false, true)) {
        boolean steady = launched == callers.size() && tick > measureFromTick;
        Thread.ofVirtual()
            .name("loadtest-sampler")
            .start(
                () -> {
                  try {
                    samples.add(scrapeQuietly(), steady, pace.nowNanos());
                  } finally {
                    sampling.set(false);
                  }
                });
      }
      if (allDue) {
        break; // bounded: a caller connects within the connect timeout or fails
      }
    }
    for (Thread thread : connecting) {
      thread.join(Duration.ofMillis(CONNECT_TIMEOUT_MILLIS));
    }
    if (opening != null) {
      opening.join(Duration.ofSeconds(15));
    }
    for (Caller caller : callers) {
      caller.awaitStreamed(DRAIN_TIMEOUT_MILLIS);
    }
    PromText after = scrape();
    samples.add(after, false, pace.nowNanos());
    for (Caller caller : callers) {
      caller.hangUp();
    }
    for (Caller caller : callers) {
      if (!caller.awaitClosed(CLOSE_TIMEOUT_MILLIS)) {
        caller.abort();
      }
    }
    PromText opened = before.get();
    if (opened.isEmpty()) {
      opened = idle; // the opening scrape failed: count from the start
    }
    return report(callers, idle, opened, after, samples, maxTickLateNanos);
  }

  private void connect(Caller caller) {
    try {
      String token = options.bearer().isEmpty() ? "" : token();
      caller.connect(http, socketUri, token, CONNECT_TIMEOUT_MILLIS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** A single-use call token from the server's {@code POST /token}; "" if none could be had. */
  private String token() throws InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(tokenUri)
            .timeout(Duration.ofMillis(CONNECT_TIMEOUT_MILLIS))
            .header("Authorization", "Bearer " + options.bearer())
            .POST(HttpRequest.BodyPublishers.noBody())
            .build();
    try {
      HttpResponse<String> response =
          http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      java.util.regex.Matcher m =
          java.util.regex.Pattern.compile("\"token\"\\s*:\\s*\"([^\"]+)\"")
              .matcher(response.body());
      return response.statusCode() == 200 && m.find() ? m.group(1) : "";
    } catch (IOException e) {
      return ""; // the upgrade is then refused, and the caller counted as failed with the reason
    }
  }

  private LoadReport report(
      List<Caller> callers,
      PromText idle,
      PromText before,
      PromText after,
      Samples samples,
      long maxTickLateNanos) {
    int connected = 0;
    int failed = 0;
    int refused = 0;
    String firstFailure = "";
    long framesSent = 0;
    long maxLagFrames = 0;
    long turnEnds = 0;
    long agentBytes = 0;
    for (Caller caller : callers) {
      String failure = caller.failure();
      if (caller.refused()) {
        refused++; // turned away at the door by admission: not a call that failed
        continue;
      }
      if (failure != null) {
        failed++;
        if (firstFailure.isEmpty()) {
          firstFailure = failure;
        }
      }
      if (caller.framesSent() > 0 || failure == null) {
        connected++;
      }
      framesSent += caller.framesSent();
      maxLagFrames = Math.max(maxLagFrames, caller.maxLagFrames());
      turnEnds += caller.turnEnds();
      agentBytes += caller.agentAudioBytes();
    }
    double bytesPerSecond = options.transport() == Transport.WS ? 32_000 : 8_000;
    double rssBefore = idle.value(RSS).orElse(Double.NaN);
    double rssLoad = maxOf(samples.maxRss(), after.value(RSS).orElse(Double.NaN));
    double perSession = (rssLoad - rssBefore) / Math.max(connected, 1) / MIB;
    return new LoadReport(
        options.sessions(),
        options.seconds(),
        connected,
        refused,
        failed,
        firstFailure,
        millis(quantile(after, before, FRAME_DELAY, 0.5)),
        millis(quantile(after, before, FRAME_DELAY, 0.99)),
        millis(max(after, before, FRAME_DELAY)),
        Math.round(after.value(DROPPED).orElse(0) - before.value(DROPPED).orElse(0)),
        millis(quantile(after, before, TURN_DECISION, 0.5)),
        millis(quantile(after, before, TURN_DECISION, 0.99)),
        samples.cpuPercent(after),
        rssLoad / MIB,
        perSession,
        (int) Math.max(samples.maxActive(), after.value(ACTIVE).orElse(0)),
        framesSent,
        Math.max(maxLagFrames * 20, maxTickLateNanos / 1_000_000),
        turnEnds,
        agentBytes / bytesPerSecond / Math.max(connected, 1),
        samples.trend());
  }

  /**
   * The quantile over the measured window when the server publishes histogram buckets, else its
   * summary's (which covers the server's recent past, warm-up included).
   */
  private static OptionalDouble quantile(PromText after, PromText before, String name, double q) {
    OptionalDouble window = after.histogramQuantile(name, q, before);
    return window.isPresent() ? window : after.quantile(name, q);
  }

  /** The largest observation in the window (a bucket's upper bound), else the server's max. */
  private static OptionalDouble max(PromText after, PromText before, String name) {
    OptionalDouble window = after.histogramMax(name, before);
    return window.isPresent() ? window : after.max(name);
  }

  private static double maxOf(double a, double b) {
    return Double.isNaN(a) ? b : Double.isNaN(b) ? a : Math.max(a, b);
  }

  private static double millis(OptionalDouble seconds) {
    return seconds.isPresent() ? seconds.getAsDouble() * 1000 : Double.NaN;
  }

  private PromText scrape() throws InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(metricsUri).timeout(Duration.ofSeconds(10)).GET().build();
    HttpResponse<String> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new IllegalStateException(
          "cannot reach parley serve at " + metricsUri + ": " + describe(e), e);
    }
    if (response.statusCode() != 200) {
      throw new IllegalStateException(
          "GET " + metricsUri + " answered HTTP " + response.statusCode() + ", not 200");
    }
    return PromText.parse(response.body());
  }

  private PromText scrapeQuietly() {
    try {
      return scrape();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return PromText.empty();
    } catch (RuntimeException e) {
      return PromText.empty();
    }
  }

  private static String describe(IOException e) {
    String message = e.getMessage();
    if (e instanceof java.net.ConnectException) {
      return "connection refused (is it running on that port?)";
    }
    return message == null ? e.getClass().getSimpleName() : message;
  }

  /** What the sampler saw while the test ran. Thread-safe. */
  private static final class Samples {
    private double maxRss = Double.NaN;
    private double maxActive;
    private double cpuSum;
    private int cpuCount;
    private final List<double[]> steadySeries = new ArrayList<>();

    synchronized void add(PromText scrape, boolean steady, long atNanos) {
      maxRss = maxOf(maxRss, scrape.value(RSS).orElse(Double.NaN));
      if (steady && scrape.has(RSS)) {
        steadySeries.add(
            new double[] {
              atNanos / 1e9,
              scrape.value(RSS).orElse(Double.NaN) / MIB,
              scrape.value(LIVE_HEAP).orElse(Double.NaN) / MIB,
              scrape.value(THREADS).orElse(Double.NaN),
              scrape.value(CPU_TIME).orElse(Double.NaN)
            });
      }
      maxActive = Math.max(maxActive, scrape.value(ACTIVE).orElse(0));
      OptionalDouble cpu = scrape.value(CPU);
      if (steady && cpu.isPresent()) {
        cpuSum += cpu.getAsDouble();
        cpuCount++;
      }
    }

    synchronized double maxActive() {
      return maxActive;
    }

    synchronized double maxRss() {
      return maxRss;
    }

    /**
     * How resident memory, heap after GC and platform threads moved from the first steady sample to
     * the last: flat over a long run is what a soak test looks for.
     */
    synchronized String trend() {
      if (steadySeries.size() < 2) {
        return "";
      }
      double[] first = steadySeries.getFirst();
      double[] last = steadySeries.getLast();
      return String.format(
          java.util.Locale.ROOT,
          "over %.0f s at full load: RSS %.1f → %.1f MiB, heap after GC %.1f → %.1f MiB,"
              + " platform threads %.0f → %.0f",
          last[0] - first[0],
          first[1],
          last[1],
          first[2],
          last[2],
          first[3],
          last[3]);
    }

    /**
     * The server's CPU over the steady samples, percent of all cores: from its CPU-time counter
     * when it has one, else the mean of its usage gauge, else the last scrape's gauge.
     */
    synchronized double cpuPercent(PromText last) {
      if (steadySeries.size() >= 2) {
        double[] first = steadySeries.getFirst();
        double[] end = steadySeries.getLast();
        double seconds = end[0] - first[0];
        double cpuNanos = end[4] - first[4];
        if (seconds > 0 && !Double.isNaN(cpuNanos)) {
          return 100 * cpuNanos / 1e9 / seconds / Runtime.getRuntime().availableProcessors();
        }
      }
      if (cpuCount > 0) {
        return 100 * cpuSum / cpuCount;
      }
      return 100 * last.value(CPU).orElse(Double.NaN);
    }
  }
}
