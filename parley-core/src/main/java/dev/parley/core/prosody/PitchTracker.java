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
package dev.parley.core.prosody;

import java.util.Arrays;
import java.util.Objects;

/**
 * A streaming YIN estimator of the fundamental frequency (F0) of 16 kHz mono PCM16 speech, fed one
 * 20 ms frame at a time and analysing the 40 ms window that ends with it (de Cheveigné &amp;
 * Kawahara, "YIN, a fundamental frequency estimator for speech and music", JASA 2002).
 *
 * <p>Owned by one thread, the session loop, and unsynchronised. All buffers are allocated by the
 * constructor; {@link #accept} and {@link #skip} allocate nothing.
 *
 * <p>How it works, per frame:
 *
 * <ol>
 *   <li>The frame joins the previous one in a 640-sample window (40 ms, so a 60 Hz voice shows two
 *       periods) and is low-pass filtered and decimated to 8 kHz by a 23-tap half-band filter.
 *   <li>YIN's difference function {@code d(τ) = Σ (x[j] − x[j+τ])²} runs at 8 kHz over lags 1 to
 *       135 (down to 59 Hz) with a 184-sample integration window, and is normalised by its
 *       cumulative mean into the aperiodicity {@code d'(τ)}.
 *   <li>The first lag in 20–134 (400–60 Hz) where {@code d'} dips below the absolute threshold is
 *       followed down to its local minimum; if there is none the global minimum is taken. The frame
 *       is voiced when that minimum's aperiodicity is at most {@link #VOICING_LIMIT}.
 *   <li>The lag is refined with a parabola through the raw difference function, doubled, and
 *       refined again at 16 kHz: the raw difference is computed at the seven full-rate lags around
 *       it and a second parabola is fitted through the lowest of them.
 * </ol>
 *
 * <p>Why decimate: the difference function dominates the cost. Measured on the 2-core build machine
 * (JDK 25, AVX2, other builds running): at 16 kHz over lags 1–268 with a 372-sample window it costs
 * about 83 µs per frame written lag by lag and 33 µs with the loops swapped so that C2 vectorises
 * the lag loop; the FFT form needs two 1024-point transforms at about 17 µs each. At 8 kHz the
 * swapped loop costs about 8.5 µs; the filter (1.1k multiply-adds) and the full-rate refinement
 * (2.5k) bring a whole frame to a median of about 11.5 µs. Decimation keeps the 16 kHz precision of
 * the lag through the refinement, and the low-pass filtering it needs helps YIN, as the paper
 * notes, by removing high harmonics and noise. Synthetic tones and pulse trains from 65 to 390 Hz
 * come out within 0.1%; on recorded speech the median F0 is within 4% of Praat's.
 */
public final class PitchTracker {
  /** The sample rate the tracker expects, in hertz. */
  public static final int SAMPLE_RATE = 16_000;

  /** Samples per frame: 20 ms at 16 kHz. */
  public static final int FRAME_SAMPLES = 320;

  /** Samples in the analysis window: the current frame and the one before it. */
  public static final int WINDOW_SAMPLES = 2 * FRAME_SAMPLES;

  /** The lowest F0 reported, in hertz: below the deepest adult male voices in conversation. */
  public static final double MIN_HZ = 60;

  /** The highest F0 reported, in hertz: above adult speech, including raised female voices. */
  public static final double MAX_HZ = 400;

  /**
   * YIN's absolute threshold on the aperiodicity: the first dip below it is taken as the period.
   * The paper found 0.1–0.15 best; the upper end suits telephone-quality, breathy speech.
   */
  public static final double DEFAULT_THRESHOLD = 0.15;

  /**
   * The most aperiodicity a voiced frame may show when no dip falls below the threshold. Breathy or
   * creaky vowels reach 0.2–0.3, while white noise stays above 0.5 at this window length.
   */
  public static final double VOICING_LIMIT = 0.35;

  private static final int DECIMATED_WINDOW = WINDOW_SAMPLES / 2;
  private static final int DECIMATED_FRAME = FRAME_SAMPLES / 2;
  private static final int TAU_MIN = 20; // 8000 / 400
  private static final int TAU_MAX = 134; // ceil(8000 / 60)
  private static final int LAGS = TAU_MAX + 2; // d(0..TAU_MAX+1): one past for the parabola
  private static final int INTEGRATION = DECIMATED_WINDOW - LAGS; // 184 samples, 23 ms
  private static final int REFINE_REACH = 3;
  private static final int FULL_INTEGRATION = 360;

  /** Below this mean square (−90 dBFS) the window is digital silence and has no period. */
  private static final float SILENT_MEAN_SQUARE = 1e-9f;

  private static final int HALF_TAPS = 11;
  private static final float[] HALF_BAND = halfBand();

  private final double threshold;
  private final float[] window = new float[WINDOW_SAMPLES];
  private final float[] decimated = new float[DECIMATED_WINDOW];
  private final float[] difference = new float[LAGS];
  private final float[] aperiodicity = new float[LAGS];
  private final float[] fullDifference = new float[2 * REFINE_REACH + 1];

  private double hz;
  private double confidence;

  /** A tracker with YIN's {@link #DEFAULT_THRESHOLD}. */
  public PitchTracker() {
    this(DEFAULT_THRESHOLD);
  }

  /**
   * A tracker with the given absolute threshold on aperiodicity.
   *
   * @throws IllegalArgumentException unless {@code 0 < threshold < 1}
   */
  public PitchTracker(double threshold) {
    if (!(threshold > 0 && threshold < 1)) {
      throw new IllegalArgumentException("YIN threshold must be in (0, 1), not " + threshold);
    }
    this.threshold = threshold;
  }

  /**
   * Appends the frame {@code samples[offset..offset+320)} and estimates the F0 of the window that
   * ends with it.
   *
   * @return the F0 in hertz, or 0 when the window is unvoiced
   * @throws IndexOutOfBoundsException if the frame falls outside {@code samples}
   */
  public double accept(short[] samples, int offset) {
    push(samples, offset);
    analyse();
    return hz;
  }

  /**
   * Appends the frame without estimating, so that the next {@link #accept} has its full window; for
   * frames whose pitch nobody needs, such as silence. Sets {@link #hz()} and {@link #confidence()}
   * to 0.
   *
   * @throws IndexOutOfBoundsException if the frame falls outside {@code samples}
   */
  public void skip(short[] samples, int offset) {
    push(samples, offset);
    hz = 0;
    confidence = 0;
  }

  /** The latest F0 estimate in hertz, or 0 if the latest window was unvoiced or skipped. */
  public double hz() {
    return hz;
  }

  /**
   * How periodic the latest window was, from 0 to 1: one minus YIN's aperiodicity at the chosen
   * lag. Clean vowels score above 0.9, noise below 0.5; 0 after {@link #skip} or silence.
   */
  public double confidence() {
    return confidence;
  }

  /** Forgets the window, as after a gap in the audio; the next window starts from silence. */
  public void reset() {
    Arrays.fill(window, 0f);
    Arrays.fill(decimated, 0f);
    hz = 0;
    confidence = 0;
  }

  private void push(short[] samples, int offset) {
    Objects.checkFromIndexSize(offset, FRAME_SAMPLES, samples.length);
    System.arraycopy(window, FRAME_SAMPLES, window, 0, FRAME_SAMPLES);
    for (int i = 0; i < FRAME_SAMPLES; i++) {
      window[FRAME_SAMPLES + i] = samples[offset + i] * (1f / 32768f);
    }
    System.arraycopy(decimated, DECIMATED_FRAME, decimated, 0, DECIMATED_FRAME);
    // Each output is centred HALF_TAPS samples behind the newest input it could use, so the filter
    // reads only the window; the 0.7 ms delay does not matter to a lag.
    for (int m = 0; m < DECIMATED_FRAME; m++) {
      int centre = FRAME_SAMPLES + 2 * m - HALF_TAPS;
      float y = HALF_BAND[0] * window[centre];
      for (int k = 1; k <= HALF_TAPS; k += 2) {
        y += HALF_BAND[k] * (window[centre - k] + window[centre + k]);
      }
      decimated[DECIMATED_FRAME + m] = y;
    }
  }

  private void analyse() {
    float energy = 0;
    for (int j = 0; j < DECIMATED_WINDOW; j++) {
      energy += decimated[j] * decimated[j];
    }
    if (energy < SILENT_MEAN_SQUARE * DECIMATED_WINDOW) {
      hz = 0;
      confidence = 0;
      return;
    }
    differenceFunction();
    int tau = chooseLag();
    double aperiodic = aperiodicity[tau];
    confidence = Math.clamp(1 - aperiodic, 0, 1);
    if (aperiodic > VOICING_LIMIT) {
      hz = 0;
      return;
    }
    double coarse = tau + parabolaOffset(difference[tau - 1], difference[tau], difference[tau + 1]);
    hz = SAMPLE_RATE / refine(coarse);
  }

  /**
   * Fills {@link #difference} and {@link #aperiodicity}. The loops run sample-outer, lag-inner:
   * each lag accumulates into its own slot, so C2 vectorises the inner loop, which it cannot do for
   * a floating-point sum over samples.
   */
  private void differenceFunction() {
    float[] x = decimated;
    float[] d = difference;
    Arrays.fill(d, 0f);
    for (int j = 0; j < INTEGRATION; j++) {
      float xj = x[j];
      for (int t = 1; t < LAGS; t++) {
        float e = xj - x[j + t];
        d[t] += e * e;
      }
    }
    aperiodicity[0] = 1;
    float running = 0;
    for (int t = 1; t < LAGS; t++) {
      running += d[t];
      aperiodicity[t] = running > 0 ? d[t] * t / running : 1;
    }
  }

  /** YIN steps 3 and 4: the first dip under the threshold, else the deepest one. */
  private int chooseLag() {
    float[] a = aperiodicity;
    for (int t = TAU_MIN; t <= TAU_MAX; t++) {
      if (a[t] < threshold) {
        while (t < TAU_MAX && a[t + 1] < a[t]) {
          t++;
        }
        return t;
      }
    }
    int best = TAU_MIN;
    for (int t = TAU_MIN + 1; t <= TAU_MAX; t++) {
      if (a[t] < a[best]) {
        best = t;
      }
    }
    return best;
  }

  /** The full-rate lag nearest twice the decimated lag, to a fraction of a sample. */
  private double refine(double decimatedLag) {
    int centre = (int) Math.round(2 * decimatedLag);
    int first = centre - REFINE_REACH;
    float[] x = window;
    for (int i = 0; i < fullDifference.length; i++) {
      int lag = first + i;
      float sum = 0;
      for (int j = 0; j < FULL_INTEGRATION; j++) {
        float e = x[j] - x[j + lag];
        sum += e * e;
      }
      fullDifference[i] = sum;
    }
    int best = 1;
    for (int i = 2; i < fullDifference.length - 1; i++) {
      if (fullDifference[i] < fullDifference[best]) {
        best = i;
      }
    }
    return first
        + best
        + parabolaOffset(fullDifference[best - 1], fullDifference[best], fullDifference[best + 1]);
  }

  /** Where the parabola through three equally spaced values has its vertex, from −1 to 1. */
  private static double parabolaOffset(double left, double centre, double right) {
    double curvature = left - 2 * centre + right;
    if (curvature <= 0) {
      return 0;
    }
    return Math.clamp((left - right) / (2 * curvature), -1, 1);
  }

  /**
   * A half-band low-pass (cut-off 4 kHz at 16 kHz) from a Blackman-windowed sinc: only the odd taps
   * are non-zero besides the centre, so each output costs seven multiply-adds. Indexed by distance
   * from the centre; normalised to unit gain at DC.
   */
  private static float[] halfBand() {
    double[] h = new double[HALF_TAPS + 1];
    double sum = 0.5;
    for (int k = 1; k <= HALF_TAPS; k += 2) {
      double sinc = Math.sin(Math.PI * k / 2) / (Math.PI * k);
      double phase = Math.PI * (k + HALF_TAPS + 1) / (HALF_TAPS + 1);
      double blackman = 0.42 - 0.5 * Math.cos(phase) + 0.08 * Math.cos(2 * phase);
      h[k] = sinc * blackman;
      sum += 2 * h[k];
    }
    float[] taps = new float[HALF_TAPS + 1];
    taps[0] = (float) (0.5 / sum);
    for (int k = 1; k <= HALF_TAPS; k += 2) {
      taps[k] = (float) (h[k] / sum);
    }
    return taps;
  }
}
