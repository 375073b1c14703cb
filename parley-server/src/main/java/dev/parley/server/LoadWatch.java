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
import dev.parley.core.clock.Pacer;
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

  /**
   * Probes of a window that may wake later than {@link #MAX_LAG_NANOS} before it counts as
   * overload: one garbage collection, or one descheduling on a shared machine, is not a trend.
   */
  static final int MAX_LATE_PROBES = 2;

  /** Process CPU (share of all cores) past this is overload. */
  static final double MAX_CPU = 0.90;

  /**
   * Calls admitted in one window, at most, once past the unpaced start: a quarter of those active
   * (at least 2). New calls cost most in their first seconds (model state, JIT of a new path), and
   * a window is needed to see what they cost, so a burst of arrivals is let in step by step rather
   * than all before the load shows: a slow start, as TCP's.
   */
  static final double GROWTH_PER_WINDOW = 0.25;

  static final int MIN_STEP = 2;

  /** How long a lag is remembered as credit for the callers' rate limits. */
  static final int LAG_MEMORY_WINDOWS = 5;

  /** A window's figures. */
  record Window(long frames, long lateFrames, long maxLagNanos, int lateProbes, double cpu) {
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
      if (lateProbes > MAX_LATE_PROBES) {
        return "overloaded: threads woke up to " + maxLagNanos / 1_000_000 + " ms late";
      }
      if (cpu > MAX_CPU) {
        return String.format(java.util.Locale.ROOT, "overloaded: CPU at %.0f %%", 100 * cpu);
      }
      return "";
    }
  }

  private final MediaClock clock;
  private final DoubleSupplier cpu;
  private final IdleReclaim idle;
  private final LongAdder frames = new LongAdder();
  private final LongAdder lateFrames = new LongAdder();
  private final java.util.concurrent.atomic.AtomicInteger admittedInWindow =
      new java.util.concurrent.atomic.AtomicInteger();
  private final long[] recentLag = new long[LAG_MEMORY_WINDOWS];
  private final Thread probe;

  // The probe's (published through the volatiles below).
  private long windowEndNanos;
  private long windowMaxLag;
  private int windowLateProbes;
  private int windows;
  private int heldWindows;

  private volatile String overload = "";
  private volatile long lagNanos;
  private volatile Window last = new Window(0, 0, 0, 0, 0);
  private volatile boolean closed;

  LoadWatch(MediaClock clock, DoubleSupplier cpu) {
    this(clock, cpu, IdleReclaim.NONE);
  }

  private LoadWatch(MediaClock clock, DoubleSupplier cpu, IdleReclaim idle) {
    this.clock = clock;
    this.cpu = cpu;
    this.idle = idle;
    this.windowEndNanos = clock.nanos() + WINDOW_NANOS;
    this.probe = Thread.ofVirtual().name("parley-load-watch").unstarted(this::run);
    if (clock == MediaClock.system()) {
      probe.start();
    }
  }

  /**
   * A watch on the real clock; {@code cpu} reads the process's CPU, a share of all cores, and
   * {@code idle} is checked once a window.
   */
  static LoadWatch system(DoubleSupplier cpu, IdleReclaim idle) {
    return new LoadWatch(MediaClock.system(), cpu, idle);
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

  /**
   * Takes a place for one more call in this window's step; false when {@code active} calls already
   * grew by a step in this window. Calls up to {@code unpaced} are never paced.
   */
  boolean step(int active, int unpaced) {
    if (active < unpaced) {
      return true;
    }
    while (true) {
      int taken = admittedInWindow.get();
      // A quarter of those active when the window began, not of those this step let in.
      int allowed = Math.max(MIN_STEP, (int) ((active - taken) * GROWTH_PER_WINDOW));
      if (taken >= allowed) {
        return false;
      }
      if (admittedInWindow.compareAndSet(taken, taken + 1)) {
        return true;
      }
    }
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
    if (nowNanos - dueNanos > MAX_LAG_NANOS) {
      windowLateProbes++;
    }
    // A lag is credited at once, before its window closes: the burst it causes comes right after.
    lagNanos = Math.max(lagNanos, windowMaxLag);
    if (nowNanos < windowEndNanos) {
      return;
    }
    Window w =
        new Window(
            frames.sumThenReset(),
            lateFrames.sumThenReset(),
            windowMaxLag,
            windowLateProbes,
            cpu());
    windowLateProbes = 0;
    admittedInWindow.set(0);
    recentLag[windows++ % recentLag.length] = windowMaxLag;
    windowMaxLag = 0;
    windowEndNanos = nowNanos + WINDOW_NANOS;
    long lag = 0;
    for (long l : recentLag) {
      lag = Math.max(lag, l);
    }
    lagNanos = lag;
    last = w;
    idle.check(nowNanos);
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

  @Override
  public void close() {
    closed = true;
    probe.interrupt();
  }
}
