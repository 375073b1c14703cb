package dev.parley.core.clock;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A clock that moves only when told to: the clock of tests and of offline runs, where a 30-second
 * call plays out in milliseconds and gives the same timeline every time.
 *
 * <p>Thread-safe. Starts at zero unless given another origin; refuses to go backwards.
 */
public final class ManualClock implements MediaClock {
  private final AtomicLong nanos;

  public ManualClock() {
    this(0);
  }

  public ManualClock(long startNanos) {
    this.nanos = new AtomicLong(startNanos);
  }

  @Override
  public long nanos() {
    return nanos.get();
  }

  /** Moves the clock to {@code deadlineNanos}; a time in the past is an error. */
  public void advanceTo(long deadlineNanos) {
    long now = nanos.get();
    if (deadlineNanos < now) {
      throw new IllegalArgumentException(
          "clock cannot go back from " + now + " ns to " + deadlineNanos + " ns");
    }
    nanos.set(deadlineNanos);
  }

  /** Moves the clock forward by {@code step}. */
  public void advance(Duration step) {
    advanceTo(nanos.get() + step.toNanos());
  }
}
