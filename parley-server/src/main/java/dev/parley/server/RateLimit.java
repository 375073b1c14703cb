package dev.parley.server;

import dev.parley.core.clock.MediaClock;

/**
 * A token bucket of messages per second for one connection: bursts up to the rate, refilled
 * continuously. Confined to the connection's reader (Jetty delivers one message at a time).
 */
final class RateLimit {
  private final MediaClock clock;
  private final double perNano;
  private final double capacity;
  private double tokens;
  private long lastNanos;

  RateLimit(MediaClock clock, int perSecond) {
    this.clock = clock;
    this.perNano = perSecond / 1e9;
    this.capacity = perSecond;
    this.tokens = perSecond;
    this.lastNanos = clock.nanos();
  }

  /** Takes one message; false if the connection is over its rate. */
  boolean take() {
    long now = clock.nanos();
    tokens = Math.min(capacity, tokens + (now - lastNanos) * perNano);
    lastNanos = now;
    if (tokens < 1) {
      return false;
    }
    tokens -= 1;
    return true;
  }
}
