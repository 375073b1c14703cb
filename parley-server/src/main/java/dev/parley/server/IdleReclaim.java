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

import java.util.function.IntSupplier;

/**
 * Gives the memory a burst of calls used back to the operating system once the server has been
 * quiet for {@link #QUIET_NANOS}: one full collection, once per quiet spell that followed calls.
 *
 * <p>Why: a collector gives committed heap back only after it collects the whole heap, and a server
 * whose last calls ended allocates nothing, so nothing would start that collection: the process
 * would keep its load-time size (issue 17's soak: 466 MB after the calls, 288 MB idle). The
 * launcher runs G1 with a small initial heap (G1 uncommits down to it) and {@code
 * -XX:TrimNativeHeapInterval} (the C heap's free pages go back too). Run on the load watch's probe,
 * once a window; not thread-safe beyond that one caller.
 */
final class IdleReclaim {
  /** Quiet this long after the last call before reclaiming: a gap between calls is not idleness. */
  static final long QUIET_NANOS = 10_000_000_000L;

  /** Reclaims nothing: for virtual clocks and tests of other things. */
  static final IdleReclaim NONE = new IdleReclaim(() -> 1, () -> {});

  private final IntSupplier active;
  private final Runnable reclaim;
  private boolean callsSinceReclaim;
  private long quietSinceNanos = -1;

  /**
   * @param active the calls in progress now
   * @param reclaim what gives the memory back (in the server, a full collection)
   */
  IdleReclaim(IntSupplier active, Runnable reclaim) {
    this.active = active;
    this.reclaim = reclaim;
  }

  /**
   * The server's own reclaim: a full collection of the heap (a no-op under -XX:+DisableExplicitGC).
   */
  static IdleReclaim fullCollection(IntSupplier active) {
    return new IdleReclaim(active, System::gc);
  }

  /** Looks at the server at {@code nowNanos}; reclaims when it has been quiet long enough. */
  void check(long nowNanos) {
    if (active.getAsInt() > 0) {
      callsSinceReclaim = true;
      quietSinceNanos = -1;
      return;
    }
    if (!callsSinceReclaim) {
      return; // nothing was used since the last reclaim (or since start)
    }
    if (quietSinceNanos < 0) {
      quietSinceNanos = nowNanos;
    } else if (nowNanos - quietSinceNanos >= QUIET_NANOS) {
      callsSinceReclaim = false;
      quietSinceNanos = -1;
      reclaim.run();
    }
  }
}
