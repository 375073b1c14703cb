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
package dev.parley.speech.sphinx;

import java.util.Arrays;

/**
 * A cheap test of whether a block of audio might hold speech: its energy against the line's noise
 * floor. It errs towards "speech"; its job is only to spare the decoder stretches that are plainly
 * silent, not to find where utterances end.
 *
 * <p>The noise floor is the quietest block of the last 1.5 seconds (minimum statistics), so a
 * steady background of any level is learned within 1.5 seconds, and speech, which always dips
 * between syllables, does not drag it up. Until then the floor is taken as {@link #ABSOLUTE_FLOOR}.
 * Mutable and confined to the stream that owns it; allocates nothing per block.
 */
final class EnergyGate {
  /** Mean square of an RMS of 40 (about -58 dBFS): quieter blocks are never speech. */
  static final double ABSOLUTE_FLOOR = 40.0 * 40.0;

  /** Speech must carry this many times the noise floor's energy (6 dB). */
  static final double SPEECH_OVER_NOISE = 4.0;

  private static final int BLOCKS_PER_SPAN = 10;
  private static final int SPANS = 15;

  /** The minimum energy of each of the last {@link #SPANS} spans of 10 blocks. */
  private final double[] spanMinimum = new double[SPANS];

  private int span;
  private int blocksInSpan;
  private double current = Double.POSITIVE_INFINITY;

  EnergyGate() {
    Arrays.fill(spanMinimum, ABSOLUTE_FLOOR);
  }

  /** Classifies one block (10 ms or less) and learns from it. */
  boolean isSpeech(short[] samples, int offset, int length) {
    if (length == 0) {
      return false;
    }
    double sum = 0;
    for (int i = offset; i < offset + length; i++) {
      double s = samples[i];
      sum += s * s;
    }
    double energy = sum / length;
    double floor = current;
    for (double minimum : spanMinimum) {
      floor = Math.min(floor, minimum);
    }
    boolean speech = energy > Math.max(ABSOLUTE_FLOOR, floor * SPEECH_OVER_NOISE);
    current = Math.min(current, energy);
    if (++blocksInSpan == BLOCKS_PER_SPAN) {
      spanMinimum[span] = current;
      span = (span + 1) % SPANS;
      blocksInSpan = 0;
      current = Double.POSITIVE_INFINITY;
    }
    return speech;
  }
}
