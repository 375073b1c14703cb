package dev.parley.core.clock;

/**
 * Calendar time in milliseconds since the epoch, for the few things that must agree with other
 * machines (the expiry of a signed token). Session timing never uses it: that is {@link
 * MediaClock}. Implementations are thread-safe; tests pass a lambda.
 */
@FunctionalInterface
public interface WallClock {
  /** Milliseconds since 1970-01-01T00:00Z. */
  long epochMillis();

  /** The system's calendar clock. */
  static WallClock system() {
    return System::currentTimeMillis;
  }
}
