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

import java.util.concurrent.locks.LockSupport;

/**
 * Waits for deadlines on the system clock, for the few places that must keep real time: feeding a
 * recording into a live session, or a load generator's audio. The only waiting outside a session's
 * inbox that Parley does.
 */
public final class Pacer {
  private final MediaClock clock;

  /** A pacer on {@code clock}, which must be the system clock: a virtual one never moves here. */
  public Pacer(MediaClock clock) {
    if (clock != MediaClock.system()) {
      throw new IllegalArgumentException("a Pacer waits in real time and needs the system clock");
    }
    this.clock = clock;
  }

  /** Returns at or just after {@code deadlineNanos}. */
  public void awaitUntil(long deadlineNanos) throws InterruptedException {
    long remaining;
    while ((remaining = deadlineNanos - clock.nanos()) > 0) {
      LockSupport.parkNanos(remaining);
      if (Thread.interrupted()) {
        throw new InterruptedException();
      }
    }
  }
}
