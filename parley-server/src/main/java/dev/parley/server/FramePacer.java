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

/**
 * Outbound pacing, the one place every transport's agent audio is timed: says when each frame is
 * due on the local clock so frames leave on absolute deadlines 20 ms apart, however the session's
 * loop happened to deliver them. Pure: fed times, reads no clock. Owned by one call's writer.
 *
 * <p>A run of audio is frames back to back in session time ({@code atNanos} of one is the end of
 * the one before). The first frame of a run is due at once; each later one {@code atNanos - first}
 * after it, so a run never drifts. A frame more than {@value #MAX_LATE_NANOS} ns late (the loop or
 * the writer stalled) starts the pacing again from now rather than bursting the backlog out, which
 * a phone line would play too fast or drop.
 */
final class FramePacer {
  /** A frame later than this is not caught up by a burst: pacing restarts from it. */
  static final long MAX_LATE_NANOS = 100_000_000L;

  private boolean anchored;
  private long anchorLocalNanos;
  private long anchorAtNanos;
  private long nextAtNanos;

  /**
   * When the frame that plays at {@code atNanos} (session time) is due, in local clock time; at
   * most {@code nowNanos} once it is due. Asking again for the same frame gives the same answer
   * until it is {@link #sent}.
   */
  long dueNanos(long atNanos, long nowNanos) {
    if (!anchored || atNanos != nextAtNanos) {
      anchor(nowNanos, atNanos); // a new run: the first, after a pause or after a clear
    }
    long due = anchorLocalNanos + (atNanos - anchorAtNanos);
    if (nowNanos - due > MAX_LATE_NANOS) {
      anchor(nowNanos, atNanos);
      due = nowNanos;
    }
    return due;
  }

  /** The frame at {@code atNanos}, {@code durationNanos} long, has been written. */
  void sent(long atNanos, long durationNanos) {
    nextAtNanos = atNanos + durationNanos;
  }

  /** Forgets the run: the next frame is due at once (after a clear). */
  void reset() {
    anchored = false;
  }

  private void anchor(long nowNanos, long atNanos) {
    anchored = true;
    anchorLocalNanos = nowNanos;
    anchorAtNanos = atNanos;
    nextAtNanos = atNanos;
  }
}
