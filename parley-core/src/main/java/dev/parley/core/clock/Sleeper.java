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

/**
 * Waits a duration of real time, for the one kind of wait Parley makes outside a session's clock:
 * an adapter backing off before it retries a remote service. Injected so that tests record the
 * waits instead of sitting through them. Implementations are thread-safe.
 */
@FunctionalInterface
public interface Sleeper {
  /**
   * Returns after {@code duration}, or at once if it is zero or negative.
   *
   * @throws InterruptedException if the waiting thread is interrupted; the wait ends at once
   */
  void sleep(Duration duration) throws InterruptedException;

  /** Waits on the system clock. */
  static Sleeper system() {
    Pacer pacer = new Pacer(MediaClock.system());
    return duration -> {
      if (Thread.interrupted()) {
        throw new InterruptedException();
      }
      if (duration.isPositive()) {
        pacer.awaitUntil(MediaClock.system().nanos() + duration.toNanos());
      }
    };
  }
}
