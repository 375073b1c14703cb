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

import dev.parley.core.event.SessionEvent;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;

/**
 * A call's outbound queue: agent audio in pooled frames, and the clears, events, errors and the
 * close that go between them, in order, from the session loop (and transport threads) to the call's
 * writer. Thread-safe; offers never block, so the session loop never waits on a client.
 *
 * <pre>
 *  loop: play ─▶ copy into a free slot ─▶ ring ─▶ writer: poll (due?) ─▶ Peer ─▶ release slot
 *                 (no allocation per frame)       ▲ clear drops queued audio, keeps the rest
 * </pre>
 *
 * <p><b>Pooling.</b> The ring's slots are allocated once, each with a frame's sample buffer; audio
 * is copied into the slot at the tail, and the writer gets the slot at the head, owns it while it
 * writes and gives it back with {@link #release}. No reference counting: exactly one slot is ever
 * out, swapped for a spare, so the ring never waits for it.
 *
 * <p><b>Watermarks</b> (as Netty's {@code WriteBufferWaterMark}). Once {@code high} frames of audio
 * are queued the queue stops being writable and takes no audio until the writer has drained it to
 * {@code low}; audio offered meanwhile is dropped with a count. A client that stops reading thus
 * holds at most {@code high} frames, and one that reads again resumes with a clean gap instead of
 * flapping frame by frame at the bound. Clears, events and the close have {@value #CONTROL_ROOM}
 * slots beyond the audio; should those fill too, the oldest item makes room (an error message is
 * dropped instead), and the close always gets in.
 */
final class OutboundQueue {
  /** Slots beyond the audio bound, for the clears, events and errors between audio frames. */
  static final int CONTROL_ROOM = 64;

  /** No item is due, or the queue is empty: wait for an offer. */
  static final long NEVER = Long.MAX_VALUE;

  private static final int FRAME_SAMPLES = 320;

  /** What an item is. */
  enum Kind {
    AUDIO,
    CLEAR,
    EVENT,
    ERROR,
    CLOSE
  }

  /** When an audio frame is due, for the writer's pacing; called under the queue's lock. */
  interface Pacing {
    /** The local time the frame playing at {@code atNanos} is due; {@code nowNanos} if due now. */
    long dueNanos(long atNanos, long nowNanos);
  }

  /**
   * One slot: reused, so its fields are valid only between {@link #poll} and {@link #release}. An
   * audio item's {@code samples} is exactly its frame.
   */
  static final class Item {
    private Kind kind = Kind.AUDIO;
    private long atNanos;
    private short[] samples = new short[FRAME_SAMPLES];
    private int length;
    private @Nullable SessionEvent event;
    private String code = "";
    private String text = "";
    private int closeCode;

    Kind kind() {
      return kind;
    }

    long atNanos() {
      return atNanos;
    }

    short[] samples() {
      return samples;
    }

    int length() {
      return length;
    }

    SessionEvent event() {
      SessionEvent e = event;
      if (e == null) {
        throw new IllegalStateException("not an event: " + kind);
      }
      return e;
    }

    /** An error's code. */
    String code() {
      return code;
    }

    /** An error's message or the close's reason. */
    String text() {
      return text;
    }

    int closeCode() {
      return closeCode;
    }

    private void forget() {
      event = null;
      code = "";
      text = "";
    }
  }

  private final int high;
  private final int low;
  private final Runnable onDroppedAudio;
  private final Item[] ring;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();

  // All guarded by lock.
  private int head;
  private int count;
  private @Nullable Item spare = new Item();
  private int queuedAudio;
  private boolean writable = true;
  private boolean closeQueued;
  private long dropped;
  private long version;
  private long seenVersion;
  private long nextDueNanos = NEVER;
  private @Nullable String hangup;
  private boolean hangupAsked;

  /**
   * A queue that stops taking audio at {@code high} queued frames and takes it again at {@code
   * low}; {@code onDroppedAudio} runs (under the lock: keep it quick) for each frame dropped.
   */
  OutboundQueue(int high, int low, Runnable onDroppedAudio) {
    if (high < 1 || low < 0 || low >= high) {
      throw new IllegalArgumentException(
          "watermarks need 0 <= low < high and high >= 1, were low " + low + ", high " + high);
    }
    this.high = high;
    this.low = low;
    this.onDroppedAudio = onDroppedAudio;
    this.ring = new Item[high + CONTROL_ROOM];
    for (int i = 0; i < ring.length; i++) {
      ring[i] = new Item();
    }
  }

  /** The usual low watermark for a high one: half of it. */
  static OutboundQueue withHighWatermark(int high, Runnable onDroppedAudio) {
    return new OutboundQueue(high, high / 2, onDroppedAudio);
  }

  // ---- producers: the session loop, transport threads -----------------------------------------

  /**
   * Copies a frame of agent audio in; false (and a count) if the queue is over its high watermark
   * and not yet back under its low one.
   */
  boolean offerAudio(long atNanos, short[] samples, int offset, int length) {
    lock.lock();
    try {
      if (!writable || closeQueued || count == ring.length) {
        dropAudio();
        return false;
      }
      Item item = ring[index(count)];
      if (item.samples.length != length) {
        // Peers get whole arrays; sessions play 20 ms frames, so this is once per slot at most.
        item.samples = new short[length];
      }
      System.arraycopy(samples, offset, item.samples, 0, length);
      item.kind = Kind.AUDIO;
      item.atNanos = atNanos;
      item.length = length;
      count++;
      if (++queuedAudio >= high) {
        writable = false;
      }
      offered();
      return true;
    } finally {
      lock.unlock();
    }
  }

  /** Drops every queued audio frame and queues a clear after what else is queued. */
  void clear() {
    lock.lock();
    try {
      int kept = 0;
      for (int i = 0; i < count; i++) {
        Item item = ring[index(i)];
        if (item.kind != Kind.AUDIO) {
          swap(index(kept++), index(i)); // keeps the order of what stays; slots only move
        }
      }
      count = kept;
      queuedAudio = 0;
      writable = true;
      if (!closeQueued) {
        append(Kind.CLEAR);
      }
    } finally {
      lock.unlock();
    }
  }

  /** Queues a session event; if the queue is full the oldest item makes room. */
  void offerEvent(SessionEvent event) {
    lock.lock();
    try {
      if (closeQueued) {
        return; // nothing goes after the close, so it is never the oldest pushed out
      }
      append(Kind.EVENT).event = event;
    } finally {
      lock.unlock();
    }
  }

  /** Queues an error message for the client; dropped if the queue is full. */
  void offerError(String code, String message) {
    lock.lock();
    try {
      if (count == ring.length || closeQueued) {
        return;
      }
      Item item = append(Kind.ERROR);
      item.code = code;
      item.text = message;
    } finally {
      lock.unlock();
    }
  }

  /** Queues the close, the last item the writer takes; only the first close counts. */
  void close(int code, String reason) {
    lock.lock();
    try {
      if (closeQueued) {
        return;
      }
      Item item = append(Kind.CLOSE);
      item.closeCode = code;
      item.text = reason;
      closeQueued = true;
    } finally {
      lock.unlock();
    }
  }

  /** Asks the writer to hang the session up with {@code reason}; only the first request counts. */
  void requestHangup(String reason) {
    lock.lock();
    try {
      if (!hangupAsked) {
        hangupAsked = true;
        hangup = reason;
        offered();
      }
    } finally {
      lock.unlock();
    }
  }

  // ---- the writer -----------------------------------------------------------------------------

  /** The hang-up asked for, once; null if none is waiting. */
  @Nullable String takeHangup() {
    lock.lock();
    try {
      String reason = hangup;
      hangup = null;
      return reason;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Takes the head item if it is due at {@code nowNanos} ({@code pacing} decides for audio; other
   * items are always due); null if the queue is empty or its head is not due yet (see {@link
   * #nextDueNanos}). The caller owns the item until it {@linkplain #release releases} it, and must
   * before the next poll.
   */
  @Nullable Item poll(long nowNanos, Pacing pacing) {
    lock.lock();
    try {
      seenVersion = version;
      if (count == 0) {
        nextDueNanos = NEVER;
        return null;
      }
      Item item = ring[head];
      if (item.kind == Kind.AUDIO) {
        long due = pacing.dueNanos(item.atNanos, nowNanos);
        if (due > nowNanos) {
          nextDueNanos = due;
          return null;
        }
      }
      Item replacement = spare;
      if (replacement == null) {
        throw new IllegalStateException("the item polled before was not released");
      }
      spare = null;
      ring[head] = replacement;
      head = index(1);
      count--;
      if (item.kind == Kind.AUDIO) {
        audioLeft();
      }
      nextDueNanos = NEVER;
      return item;
    } finally {
      lock.unlock();
    }
  }

  /** When the head, not due at the last {@link #poll}, falls due; {@link #NEVER} if empty. */
  long nextDueNanos() {
    lock.lock();
    try {
      return nextDueNanos;
    } finally {
      lock.unlock();
    }
  }

  /** Gives a polled item's slot back to the pool. */
  void release(Item item) {
    lock.lock();
    try {
      item.forget();
      spare = item;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Waits until something is offered after the last {@link #poll}, or {@code nanos} of real time
   * pass; true if something was.
   */
  boolean awaitOffer(long nanos) throws InterruptedException {
    lock.lock();
    try {
      long left = nanos;
      while (version == seenVersion) {
        if (left <= 0) {
          return false;
        }
        left = changed.awaitNanos(left);
      }
      return true;
    } finally {
      lock.unlock();
    }
  }

  // ---- state, for metrics and tests -----------------------------------------------------------

  /** Audio frames dropped because the queue was over its watermark (or cleared by a full queue). */
  long dropped() {
    lock.lock();
    try {
      return dropped;
    } finally {
      lock.unlock();
    }
  }

  /** Audio frames queued now. */
  int queuedAudio() {
    lock.lock();
    try {
      return queuedAudio;
    } finally {
      lock.unlock();
    }
  }

  /** Whether audio is taken: false from the high watermark until back down to the low one. */
  boolean writable() {
    lock.lock();
    try {
      return writable;
    } finally {
      lock.unlock();
    }
  }

  // ---- under the lock ---------------------------------------------------------------------------

  private Item append(Kind kind) {
    while (count == ring.length) {
      dropOldest();
    }
    Item item = ring[index(count)];
    item.forget();
    item.kind = kind;
    count++;
    offered();
    return item;
  }

  /** Only a client that stopped reading gets here: its oldest item is worth least. */
  private void dropOldest() {
    Item item = ring[head];
    head = index(1);
    count--;
    if (item.kind == Kind.AUDIO) {
      audioLeft();
      dropAudio();
    }
    item.forget();
  }

  private void audioLeft() {
    if (--queuedAudio <= low) {
      writable = true;
    }
  }

  private void dropAudio() {
    dropped++;
    onDroppedAudio.run();
  }

  private void offered() {
    version++;
    changed.signalAll();
  }

  private int index(int offset) {
    return (head + offset) % ring.length;
  }

  private void swap(int a, int b) {
    Item t = ring[a];
    ring[a] = ring[b];
    ring[b] = t;
  }
}
