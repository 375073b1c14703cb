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
package dev.parley.bench;

import dev.parley.core.audio.Resampler;

/**
 * Changes how fast a clip is spoken without changing its pitch or its formants (WSOLA: overlapping
 * Hann-windowed frames, each taken where it best continues the previous one), as a person speaking
 * faster or slower does. Playing a clip faster like a tape instead moves every formant with the
 * pitch, a voice no recogniser was trained on: PocketSphinx hears the simulated caller's "whether
 * there is anything from Boston to Chicago" at 1.25 tape speed as "can't read while balls and
 * bottle superman", and as said at 1.25 time stretch. Stateless.
 */
final class TimeStretch {
  /** Frame of 40 ms at 16 kHz: several pitch periods, shorter than a phone. */
  private static final int FRAME = 640;

  private static final int HOP = FRAME / 2;

  /** How far from its nominal place a frame may be taken, to keep the waveform continuous. */
  private static final int TOLERANCE = 160;

  private TimeStretch() {}

  /**
   * The clip spoken {@code rate} times as fast: {@code pcm.length / rate} samples long.
   *
   * @throws IllegalArgumentException if {@code rate} is not positive
   */
  static short[] stretch(short[] pcm, double rate) {
    if (!(rate > 0)) {
      throw new IllegalArgumentException("rate must be positive: " + rate);
    }
    int outLength = (int) Math.round(pcm.length / rate);
    if (rate == 1.0) {
      return pcm.clone();
    }
    if (pcm.length < FRAME + 2 * TOLERANCE) {
      // Too short to hold a pitch period's search: a click or a blip, where pitch is moot.
      return Resampler.resample(pcm, (int) Math.round(16_000 * rate), 16_000);
    }
    double[] window = new double[FRAME];
    for (int i = 0; i < FRAME; i++) {
      window[i] = 0.5 - 0.5 * Math.cos(2 * Math.PI * i / FRAME);
    }
    double[] out = new double[outLength + FRAME];
    double[] weight = new double[outLength + FRAME];
    int previous = -1;
    int at = 0;
    while (at < outLength) {
      int nominal = (int) Math.round(at * rate);
      int from = nominal;
      if (previous >= 0) {
        from = bestContinuation(pcm, previous + HOP, nominal);
      }
      if (from + FRAME > pcm.length) {
        from = Math.max(0, pcm.length - FRAME);
      }
      for (int i = 0; i < FRAME && at + i < out.length; i++) {
        out[at + i] += pcm[from + i] * window[i];
        weight[at + i] += window[i];
      }
      previous = from;
      at += HOP;
    }
    short[] result = new short[outLength];
    for (int i = 0; i < outLength; i++) {
      double v = weight[i] > 1e-3 ? out[i] / weight[i] : 0;
      result[i] = (short) Math.clamp(Math.round(v), Short.MIN_VALUE, Short.MAX_VALUE);
    }
    return result;
  }

  /**
   * Where near {@code nominal} a frame best continues the one that would naturally follow the
   * previous frame ({@code natural}): the offset of highest cross-correlation, in 4-sample steps.
   */
  private static int bestContinuation(short[] pcm, int natural, int nominal) {
    int best = nominal;
    double bestScore = Double.NEGATIVE_INFINITY;
    if (natural + FRAME > pcm.length) {
      return Math.min(nominal, Math.max(0, pcm.length - FRAME));
    }
    for (int d = -TOLERANCE; d <= TOLERANCE; d += 4) {
      int start = nominal + d;
      if (start < 0 || start + FRAME > pcm.length) {
        continue;
      }
      double score = 0;
      for (int i = 0; i < FRAME; i += 2) {
        score += (double) pcm[natural + i] * pcm[start + i];
      }
      if (score > bestScore) {
        bestScore = score;
        best = start;
      }
    }
    return best;
  }
}
