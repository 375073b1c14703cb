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

import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * A whole piece of audio in memory as interleaved float samples, such as a prompt or a fixture read
 * by {@link WavReader}.
 *
 * <p>Immutable by convention and so safe to share between threads: the clip takes ownership of the
 * sample array, and neither the clip nor its callers may modify it. Equality compares the samples
 * by value.
 *
 * @param sampleRate blocks per second, in hertz, from 1 to {@value AudioFormat#MAX_SAMPLE_RATE}
 * @param channels interleaved channels, from 1 to {@value AudioFormat#MAX_CHANNELS}
 * @param samples interleaved samples, nominally in [-1, 1], where 1.0 is PCM16 full scale; the
 *     length is a multiple of {@code channels}
 */
// Clips can run to minutes, so the record hands out its array rather than copies, and overrides
// equals, hashCode and toString to treat the samples as a value.
@SuppressWarnings("ArrayRecordComponent")
public record AudioClip(int sampleRate, int channels, float[] samples) {

  /**
   * Validates the clip.
   *
   * @throws IllegalArgumentException if the rate or channel count is out of range or the samples do
   *     not fill whole blocks
   */
  public AudioClip {
    AudioFormat.checkSampleRate(sampleRate);
    AudioFormat.checkChannels(channels);
    if (samples.length % channels != 0) {
      throw new IllegalArgumentException(
          samples.length + " samples do not fill whole blocks of " + channels + " channels");
    }
  }

  /** A clip of interleaved PCM16 samples, scaled so that 32768 becomes 1.0. */
  public static AudioClip ofPcm16(int sampleRate, int channels, short[] interleaved) {
    float[] samples = new float[interleaved.length];
    for (int i = 0; i < samples.length; i++) {
      samples[i] = interleaved[i] / 32768f;
    }
    return new AudioClip(sampleRate, channels, samples);
  }

  /** The number of blocks: samples per channel. */
  public int frames() {
    return samples.length / channels;
  }

  /** The duration in milliseconds, rounded down. */
  public long durationMillis() {
    return (long) frames() * 1000 / sampleRate;
  }

  /** The channels averaged into one, at the clip's own rate. */
  public float[] mono() {
    if (channels == 1) {
      return samples.clone();
    }
    int frames = frames();
    float[] mono = new float[frames];
    float scale = 1f / channels;
    for (int f = 0, i = 0; f < frames; f++) {
      float sum = 0f;
      for (int c = 0; c < channels; c++) {
        sum += samples[i++];
      }
      mono[f] = sum * scale;
    }
    return mono;
  }

  /**
   * The clip as session audio: channels averaged to mono, resampled to {@value
   * AudioFormat#SESSION_RATE} Hz with {@link Resampler} (time-aligned, tail flushed) and rounded to
   * PCM16, clipping outside [-1, 1).
   *
   * @throws IllegalArgumentException if {@link Resampler} does not support the clip's rate
   */
  public short[] toSessionAudio() {
    float[] mono = mono();
    if (sampleRate != AudioFormat.SESSION_RATE) {
      mono = Resampler.resample(mono, sampleRate, AudioFormat.SESSION_RATE);
    }
    short[] pcm = new short[mono.length];
    for (int i = 0; i < pcm.length; i++) {
      pcm[i] = (short) Math.clamp(Math.round(mono[i] * 32768f), Short.MIN_VALUE, Short.MAX_VALUE);
    }
    return pcm;
  }

  @Override
  public boolean equals(@Nullable Object other) {
    return other instanceof AudioClip clip
        && sampleRate == clip.sampleRate
        && channels == clip.channels
        && Arrays.equals(samples, clip.samples);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * sampleRate + channels) + Arrays.hashCode(samples);
  }

  @Override
  public String toString() {
    return "AudioClip[" + sampleRate + " Hz, " + channels + " ch, " + frames() + " frames]";
  }
}
