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

import dev.parley.core.audio.Resampler;
import java.util.Arrays;
import java.util.UUID;

/**
 * Asterisk's AudioSocket protocol as bytes: a message is a kind byte, a big-endian 16-bit payload
 * length and the payload. The first message is the call's UUID; then signed linear 16-bit
 * little-endian 8 kHz audio, DTMF digits and a hang-up arrive, and the agent's audio goes back as
 * 320-byte (20 ms) slin frames. No I/O: the connection reads and writes, this reads the bytes it
 * got and makes the bytes it sends. Malformed input is a {@link ProtocolException} that names the
 * problem: fatal when the framing is lost (a length over {@value #MAX_PAYLOAD}), else only the
 * message is dropped.
 *
 * <p>The static methods are pure; an {@link Encoder} belongs to one call's writer thread.
 */
final class AudioSocketCodec {
  /** Message kinds. */
  static final int KIND_HANGUP = 0x00;

  static final int KIND_UUID = 0x01;
  static final int KIND_DTMF = 0x03;
  static final int KIND_AUDIO = 0x10;
  static final int KIND_ERROR = 0xff;

  /** The error codes Parley sends in an error message's one-byte payload. */
  static final int ERROR_PROTOCOL = 0x80;

  static final int ERROR_BUSY = 0x81;
  static final int ERROR_DRAINING = 0x82;
  static final int ERROR_SERVER = 0x83;

  /** Bytes of a message's header: the kind and the length. */
  static final int HEADER_BYTES = 3;

  /** The largest payload accepted: 128 ms of 8 kHz slin; Asterisk sends 320 bytes. */
  static final int MAX_PAYLOAD = 4096;

  static final int FRAME_SAMPLES = 160;
  static final int FRAME_BYTES = 2 * FRAME_SAMPLES;

  private static final String DTMF_DIGITS = "0123456789*#ABCD";
  private static final long NANOS_PER_16K_SAMPLE = 62_500;
  private static final byte[] HANGUP = {(byte) KIND_HANGUP, 0, 0};

  private AudioSocketCodec() {}

  /** The kind of the message whose header is {@code header}. */
  static int kind(byte[] header) {
    return header[0] & 0xff;
  }

  /**
   * The payload length a header announces.
   *
   * @throws ProtocolException (fatal) if it is over {@value #MAX_PAYLOAD}: the framing cannot be
   *     trusted past it
   */
  static int length(byte[] header) throws ProtocolException {
    int length = ((header[1] & 0xff) << 8) | (header[2] & 0xff);
    if (length > MAX_PAYLOAD) {
      throw ProtocolException.fatal(
          "too_long",
          "a " + length + "-byte message, over the limit of " + MAX_PAYLOAD,
          CloseCodes.PROTOCOL);
    }
    return length;
  }

  /**
   * The call's UUID from the first message.
   *
   * @throws ProtocolException (fatal) if the message is not a 16-byte UUID
   */
  static UUID uuid(int kind, byte[] payload, int length) throws ProtocolException {
    if (kind != KIND_UUID || length != 16) {
      throw ProtocolException.fatal(
          "bad_handshake",
          "the first message must be a 16-byte UUID (kind 0x01), was kind 0x"
              + Integer.toHexString(kind)
              + " of "
              + length
              + " bytes",
          CloseCodes.PROTOCOL);
    }
    return new UUID(longAt(payload, 0), longAt(payload, 8));
  }

  /**
   * Decodes an audio payload of slin (16-bit little-endian) into {@code into}; returns the number
   * of samples.
   *
   * @throws ProtocolException if the payload is empty or holds half a sample
   */
  static int slin(byte[] payload, int length, short[] into) throws ProtocolException {
    if (length == 0 || length % 2 != 0) {
      throw ProtocolException.skip(
          "bad_audio", "an audio payload of " + length + " bytes, not a whole number of samples");
    }
    int n = length / 2;
    for (int i = 0; i < n; i++) {
      into[i] = (short) ((payload[2 * i] & 0xff) | (payload[2 * i + 1] << 8));
    }
    return n;
  }

  /**
   * The key of a DTMF payload.
   *
   * @throws ProtocolException if it is not one byte of {@code 0-9 * # A-D}
   */
  static char dtmf(byte[] payload, int length) throws ProtocolException {
    char digit = length == 1 ? (char) (payload[0] & 0xff) : '\0';
    if (digit == 0 || DTMF_DIGITS.indexOf(digit) < 0) {
      throw ProtocolException.skip(
          "bad_dtmf", "a DTMF payload of " + length + " bytes, not one of 0-9 * # A-D");
    }
    return digit;
  }

  /** A hang-up message. The array is shared: write it, never change it. */
  static byte[] hangup() {
    return HANGUP;
  }

  /** An error message with Parley's one-byte {@code code}. */
  static byte[] error(int code) {
    return new byte[] {(byte) KIND_ERROR, 0, 1, (byte) code};
  }

  /**
   * A converter fed its look-ahead in silence first, so that every frame in gives exactly its share
   * out (160 samples at 8 kHz for 320 at 16 kHz and back) from the first frame on. The price is the
   * filter's half-width (about a millisecond) of delay and of the tail of a stream.
   */
  static Resampler primed(Resampler r) {
    int lookahead = r.lookaheadInputSamples();
    short[] zeros = new short[lookahead];
    short[] discard = new short[r.maxOutputSamples(lookahead) + 1];
    r.process(zeros, 0, lookahead, discard, 0);
    return r;
  }

  private static long longAt(byte[] bytes, int offset) {
    long v = 0;
    for (int i = 0; i < 8; i++) {
      v = (v << 8) | (bytes[offset + i] & 0xff);
    }
    return v;
  }

  /**
   * The agent's side: 16 kHz frames to 8 kHz slin audio messages of exactly 20 ms. Samples that do
   * not fill a message wait for the next frame of the run; a frame not back to back with the last
   * starts a new run and drops them. Confined to one thread; reuses its buffers.
   */
  static final class Encoder {
    private final Resampler down = primed(new Resampler(16_000, 8_000));
    private short[] pending = new short[2 * FRAME_SAMPLES + 8];
    private int pendingCount;
    private byte[] bytes = new byte[2 * (HEADER_BYTES + FRAME_BYTES)];
    private long endNanos = -1;

    /**
     * Encodes a frame that plays at {@code atNanos}; returns how many bytes of whole audio messages
     * are ready in {@link #bytes()} (0 if the frame did not complete one).
     */
    int encode(long atNanos, short[] samples, int length) {
      if (atNanos != endNanos) {
        down.reset();
        primed(down);
        pendingCount = 0;
      }
      endNanos = atNanos + length * NANOS_PER_16K_SAMPLE;
      int room = pendingCount + down.maxOutputSamples(length);
      if (pending.length < room) {
        pending = Arrays.copyOf(pending, room);
      }
      pendingCount += down.process(samples, 0, length, pending, pendingCount);
      int messages = pendingCount / FRAME_SAMPLES;
      int size = messages * (HEADER_BYTES + FRAME_BYTES);
      if (bytes.length < size) {
        bytes = new byte[size];
      }
      int at = 0;
      for (int m = 0; m < messages; m++) {
        bytes[at] = (byte) KIND_AUDIO;
        bytes[at + 1] = (byte) (FRAME_BYTES >>> 8);
        bytes[at + 2] = (byte) FRAME_BYTES;
        at += HEADER_BYTES;
        for (int i = 0; i < FRAME_SAMPLES; i++) {
          short s = pending[m * FRAME_SAMPLES + i];
          bytes[at++] = (byte) s;
          bytes[at++] = (byte) (s >> 8);
        }
      }
      int sent = messages * FRAME_SAMPLES;
      System.arraycopy(pending, sent, pending, 0, pendingCount - sent);
      pendingCount -= sent;
      return size;
    }

    /** The encoded messages; valid up to the count {@link #encode} returned, until the next. */
    byte[] bytes() {
      return bytes;
    }

    /** Forgets the run: after a clear, the next frame starts afresh. */
    void reset() {
      endNanos = -1;
      pendingCount = 0;
    }
  }
}
