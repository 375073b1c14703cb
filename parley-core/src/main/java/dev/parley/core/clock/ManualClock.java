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
