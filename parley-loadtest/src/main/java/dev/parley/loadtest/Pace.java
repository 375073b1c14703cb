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

import dev.parley.core.clock.MediaClock;
import dev.parley.core.clock.Pacer;

/**
 * The load generator's time: where it reads the clock and how it waits for the next 20 ms tick.
 * Live runs wait in real time; tests use {@link #unpaced}, which never waits, so a minute of calls
 * runs as fast as the loopback allows.
 */
public interface Pace {
  /** The current time in nanoseconds. */
  long nowNanos();

  /** Returns at or after {@code deadlineNanos}. */
  void awaitUntil(long deadlineNanos) throws InterruptedException;

  /** Real time: the system clock and a {@link Pacer}. */
  static Pace realTime() {
    MediaClock clock = MediaClock.system();
    Pacer pacer = new Pacer(clock);
    return new Pace() {
      @Override
      public long nowNanos() {
        return clock.nanos();
      }

      @Override
      public void awaitUntil(long deadlineNanos) throws InterruptedException {
        pacer.awaitUntil(deadlineNanos);
      }
    };
  }

  /** A clock that jumps to each deadline at once: for tests. */
  static Pace unpaced() {
    dev.parley.core.clock.ManualClock clock = new dev.parley.core.clock.ManualClock();
    return new Pace() {
      @Override
      public long nowNanos() {
        return clock.nanos();
      }

      @Override
      public synchronized void awaitUntil(long deadlineNanos) {
        if (deadlineNanos > clock.nanos()) {
          clock.advanceTo(deadlineNanos);
        }
        Thread.yield(); // let the threads that connect and send get on
      }
    };
  }
}
