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

import java.io.IOException;

/**
 * The writing half of a call: takes what is due from the call's {@link OutboundQueue} and hands it
 * to the transport's {@link Call.Peer}, pacing agent audio with the call's {@link FramePacer} so
 * every transport sends its 20 ms frames on the same absolute deadlines. Confined to one thread
 * (the call's writer, or a test's thread driving it on a manual clock); it never reads a clock
 * itself, it is told the time.
 *
 * <p>A write that fails means the client is gone: the writer tells the call once, stops writing and
 * goes on draining the queue until its close, so the session's last events still reach listeners
 * and nothing waits on a dead socket.
 */
final class CallWriter {
  /** The writer has written the close: nothing more will be. */
  static final long CLOSED = Long.MIN_VALUE;

  private static final long NANOS_PER_SAMPLE = 1_000_000_000L / 16_000;

  /** What the writer tells the call about. */
  interface Listener {
    /** A write failed: the client is gone. Called once. */
    void clientGone();
  }

  private final OutboundQueue queue;
  private final Call.Peer peer;
  private final FramePacer pacer = new FramePacer();
  private final OutboundQueue.Pacing pacing;
  private final Listener listener;
  private boolean open = true;

  /**
   * A writer for {@code peer}; {@code paced} false writes audio as soon as it is queued (a call on
   * a virtual clock, which does not move in real time).
   */
  CallWriter(OutboundQueue queue, Call.Peer peer, boolean paced, Listener listener) {
    this.queue = queue;
    this.peer = peer;
    this.pacing = paced ? pacer::dueNanos : (atNanos, nowNanos) -> nowNanos;
    this.listener = listener;
  }

  /** Tells the client the call's id, before anything else is written. */
  void opened(String callId) {
    try {
      peer.opened(callId);
    } catch (IOException | RuntimeException e) {
      gone();
    }
  }

  /**
   * Writes everything due at {@code nowNanos}, in order, and returns when the next item falls due:
   * {@link OutboundQueue#NEVER} if the queue is empty, {@link #CLOSED} once the close is written.
   */
  long writeDue(long nowNanos) {
    OutboundQueue.Item item;
    while ((item = queue.poll(nowNanos, pacing)) != null) {
      try {
        if (write(item)) {
          return CLOSED;
        }
      } finally {
        queue.release(item);
      }
    }
    return queue.nextDueNanos();
  }

  /** Writes one item; true if it was the close. */
  private boolean write(OutboundQueue.Item item) {
    OutboundQueue.Kind kind = item.kind();
    if (kind == OutboundQueue.Kind.CLOSE) {
      if (open) {
        peer.close(item.closeCode(), item.text());
      }
      return true;
    }
    if (kind == OutboundQueue.Kind.CLEAR) {
      pacer.reset(); // the next frame starts a new run at once
    }
    if (!open) {
      return false;
    }
    try {
      switch (kind) {
        case AUDIO -> {
          peer.audio(item.atNanos(), item.samples());
          pacer.sent(item.atNanos(), item.length() * NANOS_PER_SAMPLE);
        }
        case CLEAR -> peer.clear();
        case EVENT -> peer.event(item.event());
        case ERROR -> peer.error(item.code(), item.text());
        case CLOSE -> {}
      }
    } catch (IOException | RuntimeException e) {
      gone();
    }
    return false;
  }

  private void gone() {
    if (open) {
      open = false;
      listener.clientGone();
    }
  }
}
