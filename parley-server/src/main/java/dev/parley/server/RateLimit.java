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

import dev.parley.core.clock.MediaClock;
import java.util.function.LongSupplier;

/**
 * What one connection may send: seconds of audio per second of wall time, and messages per second.
 * Two token buckets, refilled continuously; confined to the connection's reader (Jetty and the
 * AudioSocket reader deliver one message at a time).
 *
 * <p>Audio is charged by its duration, not per message, so a 64 KiB message of two seconds of audio
 * costs a hundred 20 ms frames, and a caller may send about real time ({@link #AUDIO_RATE} of it,
 * to allow for a sender's clock running a little fast) plus a {@link #BURST_NANOS} burst. Every
 * other message costs one message token.
 *
 * <p><b>The server's own lag is not the caller's fault.</b> A server that fell behind reads, when
 * it catches up, everything the caller sent meanwhile in one burst. A plain bucket, capped at its
 * burst, would call that burst abuse and cut every call at once (issue 17: 40 calls closed with
 * 4029 on a busy server). So the credit a caller earns in real time is kept for {@link
 * #LAG_ALLOWANCE_NANOS} beyond the burst, or for as far behind as the server's threads were
 * measured to run ({@link LoadWatch#lagNanos()}) if that is more. The price: a caller silent for
 * five seconds may then send seven seconds of audio at once, which the session's bounded inbox
 * absorbs; what it can never do is send faster than real time for long.
 */
final class RateLimit {
  /** Audio a caller may send per second of wall time: real time and 10 % for clock drift. */
  static final double AUDIO_RATE = 1.1;

  /** Audio a caller may send ahead of real time (network jitter, a client's buffered start). */
  static final long BURST_NANOS = 2_000_000_000L;

  /**
   * How far the server may fall behind its readers before a caller's earned credit is capped: the
   * reader's lag is not always the lag a probe sees (Jetty's selector runs on platform threads the
   * OS may deschedule under load), so a fixed allowance backs the measured one.
   */
  static final long LAG_ALLOWANCE_NANOS = 5_000_000_000L;

  private final MediaClock clock;
  private final LongSupplier serverLagNanos;
  private final double messagesPerNano;
  private final double messageBurst;
  private double audioCredit = BURST_NANOS;
  private double messageCredit;
  private long lastNanos;

  /**
   * A limit of {@code messagesPerSecond} (bursts up to as many) and real-time audio.
   *
   * @param serverLagNanos how far behind the server ran recently, read at each message
   */
  RateLimit(MediaClock clock, int messagesPerSecond, LongSupplier serverLagNanos) {
    this.clock = clock;
    this.serverLagNanos = serverLagNanos;
    this.messagesPerNano = messagesPerSecond / 1e9;
    this.messageBurst = messagesPerSecond;
    this.messageCredit = messagesPerSecond;
    this.lastNanos = clock.nanos();
  }

  /** Takes one control message; false if the connection is over its message rate. */
  boolean message() {
    refill();
    if (messageCredit < 1) {
      return false;
    }
    messageCredit -= 1;
    return true;
  }

  /**
   * Takes one message carrying {@code audioNanos} of audio; false if the connection is over its
   * message rate or sends audio faster than real time beyond the burst.
   */
  boolean audio(long audioNanos) {
    refill();
    if (messageCredit < 1 || audioCredit < audioNanos) {
      return false;
    }
    messageCredit -= 1;
    audioCredit -= audioNanos;
    return true;
  }

  /**
   * Takes {@code audioNanos} of audio for a message already charged with {@link #message()}; false
   * if the connection sends audio faster than real time beyond the burst.
   */
  boolean audioOnly(long audioNanos) {
    refill();
    if (audioCredit < audioNanos) {
      return false;
    }
    audioCredit -= audioNanos;
    return true;
  }

  private void refill() {
    long now = clock.nanos();
    long elapsed = Math.max(0, now - lastNanos);
    lastNanos = now;
    long lag = Math.max(LAG_ALLOWANCE_NANOS, serverLagNanos.getAsLong());
    audioCredit = Math.min(BURST_NANOS + lag * AUDIO_RATE, audioCredit + elapsed * AUDIO_RATE);
    messageCredit =
        Math.min(messageBurst + lag * messagesPerNano, messageCredit + elapsed * messagesPerNano);
  }

  /** The duration of {@code samples} samples at {@code sampleRate}, in nanoseconds. */
  static long nanosOf(long samples, int sampleRate) {
    return samples * 1_000_000_000L / sampleRate;
  }
}
