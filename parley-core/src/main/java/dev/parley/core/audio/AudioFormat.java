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
package dev.parley.core.audio;

import java.util.Objects;

/**
 * A PCM audio format: sample rate, channel count and sample encoding.
 *
 * <p>Immutable and thread-safe. Samples of several channels are interleaved, one sample per channel
 * in each block. Inside a session Parley uses {@link #SESSION}: 16 kHz mono PCM16 in {@value
 * #FRAME_MILLIS} ms frames of {@value #FRAME_SAMPLES} samples.
 *
 * @param sampleRate blocks per second, in hertz, from 1 to {@value #MAX_SAMPLE_RATE}
 * @param channels interleaved channels, from 1 to {@value #MAX_CHANNELS}
 * @param encoding how each sample is stored
 */
public record AudioFormat(int sampleRate, int channels, Encoding encoding) {

  /** The sample rate of session audio, in hertz. */
  public static final int SESSION_RATE = 16_000;

  /** The duration of one session frame, in milliseconds. */
  public static final int FRAME_MILLIS = 20;

  /** The samples in one session frame: {@value #FRAME_MILLIS} ms at {@value #SESSION_RATE} Hz. */
  public static final int FRAME_SAMPLES = 320;

  /** The highest sample rate accepted, in hertz. */
  public static final int MAX_SAMPLE_RATE = 384_000;

  /** The most channels accepted. */
  public static final int MAX_CHANNELS = 8;

  /** Session audio: 16 kHz mono PCM16. */
  public static final AudioFormat SESSION = new AudioFormat(SESSION_RATE, 1, Encoding.PCM16);

  private static final int SESSION_SAMPLES_PER_MILLI = SESSION_RATE / 1000;

  /** How one sample is stored. */
  public enum Encoding {
    /** Signed 16-bit linear PCM, little-endian in byte form. */
    PCM16(2),
    /** IEEE 754 32-bit float, nominally in [-1, 1], little-endian in byte form. */
    FLOAT32(4),
    /** ITU-T G.711 μ-law, one byte per sample. */
    MULAW(1),
    /** ITU-T G.711 A-law, one byte per sample. */
    ALAW(1);

    private final int bytesPerSample;

    Encoding(int bytesPerSample) {
      this.bytesPerSample = bytesPerSample;
    }

    /** The bytes one sample of one channel takes. */
    public int bytesPerSample() {
      return bytesPerSample;
    }
  }

  /**
   * Validates the format.
   *
   * @throws IllegalArgumentException if the rate or channel count is out of range
   */
  public AudioFormat {
    Objects.requireNonNull(encoding, "encoding");
    checkSampleRate(sampleRate);
    checkChannels(channels);
  }

  static void checkSampleRate(int sampleRate) {
    if (sampleRate < 1 || sampleRate > MAX_SAMPLE_RATE) {
      throw new IllegalArgumentException(
          "sample rate must be 1 to " + MAX_SAMPLE_RATE + " Hz, not " + sampleRate);
    }
  }

  static void checkChannels(int channels) {
    if (channels < 1 || channels > MAX_CHANNELS) {
      throw new IllegalArgumentException(
          "channel count must be 1 to " + MAX_CHANNELS + ", not " + channels);
    }
  }

  /** A PCM16 format with the given rate in hertz and channel count. */
  public static AudioFormat pcm16(int sampleRate, int channels) {
    return new AudioFormat(sampleRate, channels, Encoding.PCM16);
  }

  /** The bytes of one block: one sample for each channel (WAV's block align). */
  public int blockBytes() {
    return channels * encoding.bytesPerSample();
  }

  /** The bytes of one second of audio in this format. */
  public int bytesPerSecond() {
    return sampleRate * blockBytes();
  }

  /** The session samples (at {@value #SESSION_RATE} Hz) in the given milliseconds. */
  public static long samplesFor(long millis) {
    return millis * SESSION_SAMPLES_PER_MILLI;
  }

  /**
   * The whole milliseconds spanned by the given session samples, rounded towards minus infinity.
   */
  public static long millisFor(long samples) {
    return Math.floorDiv(samples, SESSION_SAMPLES_PER_MILLI);
  }
}
