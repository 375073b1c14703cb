package dev.parley.core.clock;

/**
 * A monotonic source of time in nanoseconds, injected into every session so that each timing rule
 * runs the same on the wall clock and on a virtual one.
 *
 * <p>Only differences between readings mean anything; the origin is arbitrary. Implementations are
 * thread-safe.
 */
public interface MediaClock {
  /** The current time in nanoseconds. Never decreases. */
  long nanos();

  /** The clock of live calls, backed by {@link System#nanoTime()}. */
  static MediaClock system() {
    return SystemClock.INSTANCE;
  }
}
