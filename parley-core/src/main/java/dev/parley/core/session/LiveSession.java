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

import dev.parley.core.clock.MediaClock;
import dev.parley.core.event.SessionEvent;
import dev.parley.core.frame.Frame;
import dev.parley.core.log.CallMdc;
import dev.parley.core.spi.CallControl;
import dev.parley.core.spi.CallInfo;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import org.jspecify.annotations.Nullable;

/**
 * A session of a live call: its loop runs on one virtual thread that owns all session state and
 * reads the bounded inbox, waking for frames and for its own deadlines.
 *
 * <p>Backpressure is per flow. Caller audio is offered and dropped with a count when the inbox is
 * full, because late audio is worthless; workers park until there is room; control frames wait for
 * room too. Thread-safe: any thread may offer audio or hang up.
 */
public final class LiveSession implements AutoCloseable {
  private final MediaClock clock;
  private final CallInfo call;
  private final BlockingQueue<Frame> inbox;
  private final SessionCore core;
  private final Thread loop;
  private final AtomicLong droppedFrames = new AtomicLong();
  private final LongConsumer frameDelays;

  // Frames of caller audio the loop has finished with: the inbox's worth plus the one in hand.
  private final BlockingQueue<Frame.UserAudio> freeAudio;
  private volatile @Nullable Throwable failure;

  /** The time the loop last acted at; confined to the loop. */
  private long lastActingNanos = Long.MIN_VALUE;

  private LiveSession(
      String name,
      MediaClock clock,
      Components components,
      SessionConfig config,
      Consumer<SessionEvent> listener,
      AudioOutput output,
      LongConsumer frameDelays,
      CallInfo call,
      CallControl control) {
    this.clock = clock;
    this.call = call;
    this.frameDelays = frameDelays;
    this.inbox = new ArrayBlockingQueue<>(config.inboxCapacity());
    this.freeAudio = new ArrayBlockingQueue<>(config.inboxCapacity() + 1);
    ThreadWorker.Inbox workerInbox = inbox::put;
    this.core =
        new SessionCore(
            config,
            components,
            listener,
            output,
            clock.nanos(),
            component -> new ThreadWorker(name, component, workerInbox, clock),
            call,
            control);
    // The loop and its workers log under the MDC of the thread that starts the call (its call id).
    this.loop = Thread.ofVirtual().name(name + "-loop").unstarted(CallMdc.carry(this::run));
  }

  /** Starts a session whose loop runs until the call is hung up. */
  public static LiveSession start(
      String name,
      MediaClock clock,
      Components components,
      SessionConfig config,
      Consumer<SessionEvent> listener,
      AudioOutput output) {
    return start(name, clock, components, config, listener, output, delay -> {});
  }

  /**
   * Starts a session that also reports, for each frame of caller audio, the nanoseconds from its
   * offer to the loop taking it up ({@code frameDelays} runs on the loop and must be quick).
   */
  public static LiveSession start(
      String name,
      MediaClock clock,
      Components components,
      SessionConfig config,
      Consumer<SessionEvent> listener,
      AudioOutput output,
      LongConsumer frameDelays) {
    return start(
        name,
        clock,
        components,
        config,
        listener,
        output,
        frameDelays,
        CallInfo.local(name),
        CallControl.none());
  }

  /**
   * Starts the session of the call {@code call}, whose carrier {@code control} can hang up or
   * transfer: {@code call.callId()} is the id of every {@link dev.parley.core.spi.Conversation} of
   * the session, so agents keep each call's memory apart.
   *
   * @throws IllegalArgumentException if the call has no id
   */
  public static LiveSession start(
      String name,
      MediaClock clock,
      Components components,
      SessionConfig config,
      Consumer<SessionEvent> listener,
      AudioOutput output,
      LongConsumer frameDelays,
      CallInfo call,
      CallControl control) {
    if (call.callId().isBlank()) {
      throw new IllegalArgumentException("a live call needs an id: agents keep memory by it");
    }
    LiveSession session =
        new LiveSession(
            name, clock, components, config, listener, output, frameDelays, call, control);
    session.loop.start();
    return session;
  }

  /** What is known of the call this session serves. */
  public CallInfo call() {
    return call;
  }

  /**
   * Offers one frame of caller audio (16 kHz mono PCM16); the samples are copied into a pooled
   * frame, so a steady stream of equal-length frames allocates nothing. Returns false and counts a
   * drop when the session is behind.
   */
  public boolean offerAudio(short[] samples, int offset, int length) {
    java.util.Objects.checkFromIndexSize(offset, length, samples.length);
    long now = clock.nanos();
    Frame.UserAudio frame = freeAudio.poll();
    if (frame == null || frame.samples().length != length) {
      frame = new Frame.UserAudio(new short[length], now);
    } else {
      frame.restamp(now);
    }
    System.arraycopy(samples, offset, frame.samples(), 0, length);
    if (inbox.offer(frame)) {
      return true;
    }
    freeAudio.offer(frame);
    droppedFrames.incrementAndGet();
    return false;
  }

  /** Frames of caller audio dropped because the session was behind. */
  public long droppedFrames() {
    return droppedFrames.get();
  }

  /**
   * Passes a telephone key press to the session as the user's input; false if the session is too
   * far behind to take it now (the caller may retry or drop it).
   */
  public boolean offerDtmf(char digit) {
    return inbox.offer(new Frame.Dtmf(digit));
  }

  /**
   * Tells the session the caller has heard its audio up to {@code upToNanos}: session-relative, the
   * time base of {@link AudioOutput#play}'s {@code atNanos} (a frame played at {@code atNanos} is
   * heard once {@code upToNanos >= atNanos + 20 ms}), as a telephony {@code mark} echo says.
   * Dropped when the session is behind: a later one says more.
   */
  public void offerHeard(long upToNanos) {
    inbox.offer(new Frame.PlaybackHeard(upToNanos));
  }

  /** Whether the loop is still running. */
  public boolean running() {
    return loop.isAlive();
  }

  /** Ends the call. Returns at once; the loop finishes on its own thread. */
  public void hangup(String reason) throws InterruptedException {
    inbox.put(new Frame.Hangup(reason));
  }

  /** Waits for the loop to finish; true if it did within {@code timeout}. */
  public boolean await(Duration timeout) throws InterruptedException {
    return loop.join(timeout);
  }

  /** Whether the loop died of an unexpected error (a bug); the error, if so. */
  public @Nullable Throwable failure() {
    return failure;
  }

  @Override
  public void close() throws InterruptedException {
    if (loop.isAlive()) {
      hangup("closed");
      loop.join();
    }
  }

  /**
   * The time the loop acts at: the clock, held back to the arrival of the oldest caller audio still
   * waiting in the inbox. A loop that fell behind then decides as one that kept up would have, as
   * the virtual clock does offline: neither a turn's timer nor a recogniser result it reads first
   * ends a turn on a silence the caller had already broken in audio it has not read yet. Never
   * decreases.
   */
  private long actingNanos() {
    lastActingNanos = Math.max(lastActingNanos, Math.min(clock.nanos(), oldestQueuedAudioNanos()));
    return lastActingNanos;
  }

  private long oldestQueuedAudioNanos() {
    Frame head = inbox.peek();
    if (head == null) {
      return Long.MAX_VALUE;
    }
    if (head instanceof Frame.UserAudio audio) {
      return audio.arrivedNanos(); // without an iterator: the loop asks on every turn
    }
    for (Frame frame : inbox) { // a worker's frame in front: the audio behind it, if any
      if (frame instanceof Frame.UserAudio audio) {
        return audio.arrivedNanos();
      }
    }
    return Long.MAX_VALUE;
  }

  private void run() {
    try {
      while (!core.ended()) {
        long now = actingNanos();
        long deadline = core.nextDeadlineNanos();
        if (deadline <= now) {
          core.onTime(now);
          continue;
        }
        Frame frame = inbox.poll();
        if (frame == null) {
          long wait = deadline - clock.nanos();
          if (deadline == SessionCore.NEVER) {
            frame = inbox.take();
          } else if (wait > 0) {
            frame = inbox.poll(wait, TimeUnit.NANOSECONDS);
          }
          if (frame == null) {
            continue;
          }
        }
        // Audio is heard as of its arrival; anything else as of the audio still queued behind it.
        if (frame instanceof Frame.UserAudio audio) {
          lastActingNanos =
              Math.max(lastActingNanos, Math.min(audio.arrivedNanos(), clock.nanos()));
          now = lastActingNanos;
        } else {
          now = actingNanos();
        }
        core.onFrame(frame, now);
        if (frame instanceof Frame.UserAudio audio) {
          frameDelays.accept(clock.nanos() - audio.arrivedNanos());
          freeAudio.offer(audio); // the core copies what it keeps
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException | Error e) {
      failure = e;
    } finally {
      core.closeWorkers();
    }
  }
}
