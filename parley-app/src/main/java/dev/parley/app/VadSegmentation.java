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
package dev.parley.app;

import java.util.ArrayList;
import java.util.List;

/**
 * Turns a VAD's per-window speech probabilities into speech segments the way Silero's own {@code
 * get_speech_timestamps} does: speech starts at the first window at or above the threshold, ends at
 * the first window below the stop threshold that is followed by at least the minimum silence,
 * segments shorter than the minimum speech are dropped, and each kept segment is padded on both
 * sides (half the gap when two segments are closer than twice the padding).
 *
 * <p>These are segmentation settings for {@code parley vad}, deliberately not the session's turn
 * settings: a call wants a turn to survive short gaps and to hang over after speech, a segmentation
 * tool wants edges where the speech is. Stateless; values only.
 */
final class VadSegmentation {
  private VadSegmentation() {}

  /**
   * How probabilities become segments.
   *
   * @param threshold a window at or above it is speech (Silero: 0.5)
   * @param stopThreshold a window below it is silence once speech started (Silero: threshold −
   *     0.15)
   * @param minSpeechMillis shorter segments are dropped (Silero: 250)
   * @param minSilenceMillis a segment ends only after this much silence (Silero: 100)
   * @param padMillis added before and after each segment (Silero: 30)
   */
  record Settings(
      double threshold,
      double stopThreshold,
      long minSpeechMillis,
      long minSilenceMillis,
      long padMillis) {

    /** Silero's own defaults, the reference {@code parley vad} uses unless told otherwise. */
    static Settings silero() {
      return new Settings(0.5, 0.35, 250, 100, 30);
    }

    Settings {
      if (!(threshold > 0 && threshold < 1)) {
        throw new IllegalArgumentException("the threshold must be between 0 and 1: " + threshold);
      }
      if (!(stopThreshold > 0 && stopThreshold <= threshold)) {
        throw new IllegalArgumentException(
            "the stop threshold must be above 0 and at most the threshold ("
                + threshold
                + "): "
                + stopThreshold);
      }
      if (minSpeechMillis < 0 || minSilenceMillis < 0 || padMillis < 0) {
        throw new IllegalArgumentException("durations must not be negative");
      }
    }
  }

  /** A stretch of speech, in milliseconds from the start of the recording. */
  record Segment(long startMillis, long endMillis) {}

  /**
   * The speech segments of a recording of {@code totalSamples} 16 kHz samples whose consecutive
   * windows of {@code windowSamples} had {@code probabilities}.
   */
  static List<Segment> segments(
      float[] probabilities, int windowSamples, long totalSamples, Settings s) {
    long minSpeech = s.minSpeechMillis() * 16;
    long minSilence = s.minSilenceMillis() * 16;
    long pad = s.padMillis() * 16;
    List<long[]> found = new ArrayList<>();
    boolean speaking = false;
    long start = 0;
    long silenceFrom = -1;
    for (int i = 0; i < probabilities.length; i++) {
      long at = (long) i * windowSamples;
      float p = probabilities[i];
      if (p >= s.threshold()) {
        silenceFrom = -1;
        if (!speaking) {
          speaking = true;
          start = at;
        }
        continue;
      }
      if (speaking && p < s.stopThreshold()) {
        if (silenceFrom < 0) {
          silenceFrom = at;
        }
        // Silero measures the silence from its first window to the start of the current one.
        if (at - silenceFrom >= minSilence) {
          if (silenceFrom - start > minSpeech) {
            found.add(new long[] {start, silenceFrom});
          }
          speaking = false;
          silenceFrom = -1;
        }
      }
    }
    if (speaking && totalSamples - start > minSpeech) {
      found.add(new long[] {start, totalSamples});
    }
    for (int i = 0; i < found.size(); i++) {
      long[] seg = found.get(i);
      if (i == 0) {
        seg[0] = Math.max(0, seg[0] - pad);
      }
      if (i + 1 < found.size()) {
        long[] next = found.get(i + 1);
        long gap = next[0] - seg[1];
        if (gap < 2 * pad) {
          seg[1] += gap / 2;
          next[0] = Math.max(0, next[0] - gap / 2);
        } else {
          seg[1] = Math.min(totalSamples, seg[1] + pad);
          next[0] = Math.max(0, next[0] - pad);
        }
      } else {
        seg[1] = Math.min(totalSamples, seg[1] + pad);
      }
    }
    List<Segment> out = new ArrayList<>(found.size());
    for (long[] seg : found) {
      out.add(new Segment(seg[0] / 16, seg[1] / 16));
    }
    return out;
  }

  /**
   * The share of 10 ms frames of a {@code totalMillis} recording on which {@code hypothesis} and
   * {@code reference} agree about speech (a frame is speech when its middle is inside a segment).
   */
  static double frameAccuracy(List<Segment> hypothesis, List<Segment> reference, long totalMillis) {
    long frames = totalMillis / 10;
    if (frames == 0) {
      return 1.0;
    }
    long agree = 0;
    for (long f = 0; f < frames; f++) {
      long middle = f * 10 + 5;
      if (inside(hypothesis, middle) == inside(reference, middle)) {
        agree++;
      }
    }
    return agree / (double) frames;
  }

  private static boolean inside(List<Segment> segments, long millis) {
    for (Segment s : segments) {
      if (millis >= s.startMillis() && millis < s.endMillis()) {
        return true;
      }
    }
    return false;
  }
}
