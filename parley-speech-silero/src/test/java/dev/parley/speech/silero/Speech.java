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
package dev.parley.speech.silero;

import dev.parley.core.spi.VoiceActivityDetector;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/** Audio the tests feed the detector, and what they compute from it. */
final class Speech {
  static final int WINDOW = SileroVad.WINDOW_SAMPLES;
  static final int SAMPLES_PER_MILLI = SileroVad.SAMPLE_RATE_HZ / 1000;

  private Speech() {}

  /** The probability of each whole window of {@code audio}, from a stream's current state. */
  static float[] probabilities(VoiceActivityDetector.Stream stream, short[] audio) {
    float[] probabilities = new float[audio.length / WINDOW];
    for (int i = 0; i < probabilities.length; i++) {
      probabilities[i] = stream.speechProbability(audio, i * WINDOW);
    }
    return probabilities;
  }

  static short[] silence(int millis) {
    return new short[millis * SAMPLES_PER_MILLI];
  }

  /** Gaussian white noise with the given RMS level in dB relative to full scale. */
  static short[] whiteNoise(int millis, double dbfs, long seed) {
    Random random = new Random(seed);
    double sigma = 32768 * Math.pow(10, dbfs / 20);
    short[] audio = new short[millis * SAMPLES_PER_MILLI];
    for (int i = 0; i < audio.length; i++) {
      audio[i] = clip(random.nextGaussian() * sigma);
    }
    return audio;
  }

  /** A sine tone with the given peak level in dB relative to full scale. */
  static short[] tone(int millis, double hertz, double dbfs) {
    double amplitude = 32767 * Math.pow(10, dbfs / 20);
    short[] audio = new short[millis * SAMPLES_PER_MILLI];
    for (int i = 0; i < audio.length; i++) {
      audio[i] = clip(amplitude * Math.sin(2 * Math.PI * hertz * i / SileroVad.SAMPLE_RATE_HZ));
    }
    return audio;
  }

  private static short clip(double sample) {
    return (short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, Math.round(sample)));
  }

  /** Where speech starts and ends in a clip, in milliseconds from its start. */
  record Span(int startMillis, int endMillis) {
    int durationMillis() {
      return endMillis - startMillis;
    }

    @Override
    public String toString() {
      return startMillis + "–" + endMillis + " ms";
    }
  }

  /**
   * The first and last 10 ms frame of a clip that rise 40% of the way (in dB) from its noise floor
   * (the 10th percentile of frame energies) to its loudest frame: the edges of the speech by energy
   * alone, for a clip with leading and trailing silence.
   */
  static Span energyEdges(short[] audio) {
    int frame = 10 * SAMPLES_PER_MILLI;
    double[] db = new double[audio.length / frame];
    for (int f = 0; f < db.length; f++) {
      double sum = 0;
      for (int i = f * frame; i < (f + 1) * frame; i++) {
        sum += (double) audio[i] * audio[i];
      }
      db[f] = 10 * Math.log10(sum / frame + 1e-9);
    }
    double[] sorted = db.clone();
    Arrays.sort(sorted);
    double floor = sorted[sorted.length / 10];
    double threshold = floor + 0.4 * (sorted[sorted.length - 1] - floor);
    int first = -1;
    int last = -1;
    for (int f = 0; f < db.length; f++) {
      if (db[f] > threshold) {
        last = f;
        if (first < 0) {
          first = f;
        }
      }
    }
    return new Span(first * 10, (last + 1) * 10);
  }

  /**
   * Cuts speech segments from window probabilities as Silero's reference segmenter does: speech
   * starts at a window at or above {@code threshold}, and ends where the probability first drops
   * below {@code threshold − 0.15} if it stays there for {@code minSilenceMillis}; segments shorter
   * than {@code minSpeechMillis} are dropped.
   */
  static List<Span> segments(
      float[] probabilities, float threshold, int minSilenceMillis, int minSpeechMillis) {
    float negativeThreshold = threshold - 0.15f;
    int windowMillis = WINDOW / SAMPLES_PER_MILLI;
    List<Span> segments = new ArrayList<>();
    int start = -1;
    int silenceStart = -1;
    for (int i = 0; i < probabilities.length; i++) {
      int now = i * WINDOW / SAMPLES_PER_MILLI;
      float p = probabilities[i];
      if (start < 0) {
        if (p >= threshold) {
          start = now;
          silenceStart = -1;
        }
      } else if (p >= threshold) {
        silenceStart = -1;
      } else if (p < negativeThreshold) {
        if (silenceStart < 0) {
          silenceStart = now;
        }
        if (now + windowMillis - silenceStart >= minSilenceMillis) {
          add(segments, new Span(start, silenceStart), minSpeechMillis);
          start = -1;
          silenceStart = -1;
        }
      }
    }
    if (start >= 0) {
      int end = silenceStart >= 0 ? silenceStart : probabilities.length * windowMillis;
      add(segments, new Span(start, end), minSpeechMillis);
    }
    return segments;
  }

  private static void add(List<Span> segments, Span segment, int minSpeechMillis) {
    if (segment.durationMillis() >= minSpeechMillis) {
      segments.add(segment);
    }
  }
}
