package dev.parley.server;

import dev.parley.core.clock.MediaClock;
import dev.parley.core.clock.Pacer;
import java.lang.management.ManagementFactory;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.DoubleSupplier;

/**
 * How loaded the process is, measured rather than assumed: the share of caller frames that reached
 * their session late, how late the server's virtual threads wake (scheduler lag: the carriers are
 * busy), and the process's CPU. {@link CallHost} admits a new call only while all three have
 * headroom; the rate limits forgive callers for the lag.
 *
 * <p>Sessions report each frame's delay ({@link #frame}, any thread, lock-free). A probe on a
 * virtual thread of its own (it shares the carriers with the calls, so it is late exactly when they
 * are) wakes every {@link #PROBE_NANOS}, measures how late it woke and, once a window of {@link
 * #WINDOW_NANOS} is full, publishes that window's figures. An overloaded window keeps the verdict
 * for {@link #HOLD_WINDOWS} windows, so admission does not flap. On a virtual clock there is no
 * probe: tests drive {@link #probe} by hand. Thread-safe.
 */
final class LoadWatch implements AutoCloseable {
  static final long PROBE_NANOS = 50_000_000L;
  static final long WINDOW_NANOS = 1_000_000_000L;
  static final int HOLD_WINDOWS = 3;

  /** A frame later than this counts as late: half the 20 ms budget, for headroom. */
  static final long LATE_FRAME_NANOS = 10_000_000L;

  /** More late frames than this share of a window is overload (a p99 over the threshold). */
  static final double MAX_LATE_SHARE = 0.01;

  /** Scheduler lag past this is overload: every call's frames wait that long for a carrier. */
  static final long MAX_LAG_NANOS = 20_000_000L;

  /** Process CPU (share of all cores) past this is overload. */
  static final double MAX_CPU = 0.90;

  /** How long a lag is remembered as credit for the callers' rate limits. */
  static final int LAG_MEMORY_WINDOWS = 5;

  /** A window's figures. */
  record Window(long frames, long lateFrames, long maxLagNanos, double cpu) {
    double lateShare() {
      return frames == 0 ? 0 : (double) lateFrames / frames;
    }

    /** Why this window was overloaded, or the empty string. */
    String overload() {
      if (lateShare() > MAX_LATE_SHARE) {
        return String.format(
            java.util.Locale.ROOT,
            "overloaded: %.1f %% of frames later than %d ms",
            100 * lateShare(),
            LATE_FRAME_NANOS / 1_000_000);
      }
      if (maxLagNanos > MAX_LAG_NANOS) {
        return "overloaded: threads wake " + maxLagNanos / 1_000_000 + " ms late";
      }
      if (cpu > MAX_CPU) {
        return String.format(java.util.Locale.ROOT, "overloaded: CPU at %.0f %%", 100 * cpu);
      }
      return "";
    }
  }

  private final MediaClock clock;
  private final DoubleSupplier cpu;
  private final LongAdder frames = new LongAdder();
  private final LongAdder lateFrames = new LongAdder();
  private final long[] recentLag = new long[LAG_MEMORY_WINDOWS];
  private final Thread probe;

  // The probe's (published through the volatiles below).
  private long windowEndNanos;
  private long windowMaxLag;
  private int windows;
  private int heldWindows;

  private volatile String overload = "";
  private volatile long lagNanos;
  private volatile Window last = new Window(0, 0, 0, 0);
  private volatile boolean closed;

  LoadWatch(MediaClock clock, DoubleSupplier cpu) {
    this.clock = clock;
    this.cpu = cpu;
    this.windowEndNanos = clock.nanos() + WINDOW_NANOS;
    this.probe = Thread.ofVirtual().name("parley-load-watch").unstarted(this::run);
    if (clock == MediaClock.system()) {
      probe.start();
    }
  }

  /** A watch on the real clock reading the JVM's process CPU. */
  static LoadWatch system() {
    return new LoadWatch(MediaClock.system(), LoadWatch::processCpu);
  }

  /** Records one caller frame's delay from the transport to its session loop. */
  void frame(long delayNanos) {
    frames.increment();
    if (delayNanos > LATE_FRAME_NANOS) {
      lateFrames.increment();
    }
  }

  /** Why the process should take no new call now, or the empty string when it has headroom. */
  String overload() {
    return overload;
  }

  /** The most the server's threads ran late over the last few seconds: credit for callers. */
  long lagNanos() {
    return lagNanos;
  }

  /** The last full window's figures. */
  Window lastWindow() {
    return last;
  }

  private void run() {
    Pacer pacer = new Pacer(clock);
    long next = clock.nanos() + PROBE_NANOS;
    try {
      while (!closed) {
        pacer.awaitUntil(next);
        long now = clock.nanos();
        probe(now, next);
        next = now + PROBE_NANOS;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** One probe: it was due at {@code dueNanos} and ran at {@code nowNanos}. On the probe thread. */
  void probe(long nowNanos, long dueNanos) {
    windowMaxLag = Math.max(windowMaxLag, nowNanos - dueNanos);
    // A lag is credited at once, before its window closes: the burst it causes comes right after.
    lagNanos = Math.max(lagNanos, windowMaxLag);
    if (nowNanos < windowEndNanos) {
      return;
    }
    Window w = new Window(frames.sumThenReset(), lateFrames.sumThenReset(), windowMaxLag, cpu());
    recentLag[windows++ % recentLag.length] = windowMaxLag;
    windowMaxLag = 0;
    windowEndNanos = nowNanos + WINDOW_NANOS;
    long lag = 0;
    for (long l : recentLag) {
      lag = Math.max(lag, l);
    }
    lagNanos = lag;
    last = w;
    String why = w.overload();
    if (!why.isEmpty()) {
      heldWindows = HOLD_WINDOWS;
      overload = why;
    } else if (heldWindows > 0 && --heldWindows == 0) {
      overload = "";
    } else if (heldWindows == 0) {
      overload = "";
    }
  }

  private double cpu() {
    double c = cpu.getAsDouble();
    return Double.isNaN(c) || c < 0 ? 0 : c;
  }

  private static double processCpu() {
    if (ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.OperatingSystemMXBean os) {
      return os.getProcessCpuLoad();
    }
    return 0;
  }

  @Override
  public void close() {
    closed = true;
    probe.interrupt();
  }
}
