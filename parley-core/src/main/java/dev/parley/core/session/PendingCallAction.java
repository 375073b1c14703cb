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
package dev.parley.core.session;

import dev.parley.core.spi.CallAction;
import org.jspecify.annotations.Nullable;

/**
 * The call-control action (hang up, transfer) a reply asked for, held until the caller has heard
 * that reply: a telephony transport's mark echoes say when, and without them the audio sent is
 * given a moment to leave the client's buffer. A caller who interrupts the reply cancels it,
 * because the request belongs to the reply's id. Confined to the session loop; reads no clock.
 */
final class PendingCallAction {
  /** Without mark echoes: how long the last audio sent may sit in the client's jitter buffer. */
  static final long UNCONFIRMED_GRACE_NANOS = 300_000_000L;

  /** With mark echoes: the longest wait for the echo of the reply's last audio. */
  static final long HEARD_LIMIT_NANOS = 3_000_000_000L;

  private static final long POLL_NANOS = 20_000_000L;

  private @Nullable CallAction action;
  private long responseId = -1;
  private long playedNanos = SessionCore.NEVER;
  private long wakeNanos = SessionCore.NEVER;
  private boolean running;

  /** Reply {@code id} asks for {@code requested}; a later request of the same reply replaces it. */
  void request(long id, CallAction requested) {
    if (running) {
      return; // one carrier action at a time: the call is already being ended or moved
    }
    action = requested;
    responseId = id;
    playedNanos = SessionCore.NEVER;
    wakeNanos = SessionCore.NEVER;
  }

  /** Reply {@code id} finished playing at {@code atNanos}: its action may now be heard out. */
  void replyFinished(long id, long atNanos) {
    if (action != null && !running && id == responseId) {
      playedNanos = atNanos;
      wakeNanos = atNanos;
    }
  }

  /** When {@link #takeDue} next has something to check. */
  long nextDeadlineNanos() {
    return wakeNanos;
  }

  /**
   * The action to run now, or null. {@code heardUpToNanos} is how far the transport confirmed the
   * caller heard, on the session clock, or {@code Long.MIN_VALUE} without confirmations.
   */
  @Nullable CallAction takeDue(long nowNanos, boolean confirmed, long heardUpToNanos) {
    CallAction due = action;
    if (due == null || running || wakeNanos > nowNanos) {
      return null;
    }
    boolean heard =
        confirmed
            ? heardUpToNanos >= playedNanos || nowNanos >= playedNanos + HEARD_LIMIT_NANOS
            : nowNanos >= playedNanos + UNCONFIRMED_GRACE_NANOS;
    if (!heard) {
      wakeNanos = confirmed ? nowNanos + POLL_NANOS : playedNanos + UNCONFIRMED_GRACE_NANOS;
      return null;
    }
    running = true;
    wakeNanos = SessionCore.NEVER;
    return due;
  }

  /** The carrier is done with the action (or failed): another may be asked for. */
  void done() {
    action = null;
    running = false;
    responseId = -1;
    playedNanos = SessionCore.NEVER;
    wakeNanos = SessionCore.NEVER;
  }
}
