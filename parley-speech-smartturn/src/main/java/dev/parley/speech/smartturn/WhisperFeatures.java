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
package dev.parley.speech.smartturn;

import java.util.Arrays;
import java.util.Objects;

/**
 * Smart Turn v3's model input: the Whisper log-mel spectrogram of the last 8 s of a turn, computed
 * as Hugging Face's {@code WhisperFeatureExtractor(chunk_length=8)} does after Smart Turn's
 * inference code has cut or padded the audio.
 *
 * <p>Owns preallocated buffers (about 1.5 MB) and reuses them on every call, so a computation
 * allocates nothing; in exchange an instance is <em>not thread-safe</em>: give each thread its own,
 * or pool them, as {@link SmartTurnDetector} does.
 *
 * <p>The steps, each matching the Python reference (the golden fixtures in the tests are generated
 * by {@code src/test/resources/golden/make_golden.py}):
 *
 * <ol>
 *   <li>PCM16 to {@code s / 32768}; keep the last {@value #WINDOW_SAMPLES} samples, or zero-pad on
 *       the left to that length (pipecat-ai/smart-turn {@code truncate_audio_to_last_n_seconds}).
 *   <li>Zero mean, unit variance over the whole padded window, padding included: {@code (x - mean)
 *       / sqrt(var + 1e-7)} (transformers' {@code zero_mean_unit_var_norm}; note the 1e-7 is added
 *       to the variance, not to the standard deviation).
 *   <li>STFT with a periodic Hann window of 400, hop 160, centred: reflect padding of 200 samples
 *       on both sides (the edge sample is not repeated), 801 frames, power {@code |X|²} of the 201
 *       non-negative frequencies of an exact 400-point DFT.
 *   <li>80 triangular mel filters on the Slaney scale with Slaney area normalisation, 0–8000 Hz
 *       ({@code librosa.filters.mel(sr=16000, n_fft=400, n_mels=80)}), floored at 1e-10, then
 *       log10.
 *   <li>Drop the last frame (801 → {@value #FRAMES}), raise everything below the global maximum
 *       minus 8 to it, and map {@code x → (x + 4) / 4}.
 * </ol>
 *
 * <p>The arithmetic is in double precision and the result is rounded to float, so it agrees with
 * the float32/float64 mix of the reference to about 1e-5 (the golden test allows 1e-4). The output
 * layout is the model's {@code [80, 800]}, mel-major: band {@code m} at frame {@code f} is at
 * {@code m * 800 + f}.
 *
 * <p>Cost: about 800 FFTs of 400 points (computed two real frames per complex transform), 64 000
 * log10s and a sparse mel product; a few milliseconds for 8 s of audio on one core.
 */
public final class WhisperFeatures {
  /** The sample rate the features are defined for. */
  public static final int SAMPLE_RATE_HZ = 16_000;

  /** Samples the model looks at: the last 8 s. */
  public static final int WINDOW_SAMPLES = 8 * SAMPLE_RATE_HZ;

  /** Mel bands, the first dimension of the output. */
  public static final int MEL_BANDS = 80;

  /** Frames, the second dimension of the output. */
  public static final int FRAMES = 800;

  /** Floats in one feature matrix. */
  public static final int SIZE = MEL_BANDS * FRAMES;

  static final int N_FFT = 400;
  static final int HOP = 160;
  static final int FREQUENCY_BINS = N_FFT / 2 + 1;

  private static final int PAD = N_FFT / 2;
  private static final double MEL_FLOOR = 1e-10;
  private static final double VARIANCE_EPSILON = 1e-7;
  private static final double DYNAMIC_RANGE = 8.0;

  // Immutable tables, shared by every instance.
  private static final double[] WINDOW = periodicHann(N_FFT);
  private static final MelFilters MEL = MelFilters.slaney(MEL_BANDS, N_FFT, SAMPLE_RATE_HZ);

  private final MixedRadixFft fft = new MixedRadixFft(N_FFT);
  // The normalised window with PAD reflected samples on each side.
  private final double[] padded = new double[WINDOW_SAMPLES + 2 * PAD];
  private final double[] re = new double[N_FFT];
  private final double[] im = new double[N_FFT];
  private final double[] powerA = new double[FREQUENCY_BINS];
  private final double[] powerB = new double[FREQUENCY_BINS];
  private final double[] logMel = new double[SIZE];

  /** Allocates the buffers of one extractor. */
  public WhisperFeatures() {}

  /** Computes the features of the last 8 s of {@code pcm16} into a new array. */
  public float[] compute(short[] pcm16) {
    float[] features = new float[SIZE];
    compute(pcm16, 0, pcm16.length, features);
    return features;
  }

  /**
   * Computes the features of the last 8 s of {@code pcm16[offset, offset + length)} into {@code
   * features[0, SIZE)}, mel-major. Fewer than 8 s are zero-padded on the left; an empty range gives
   * the features of silence.
   *
   * @throws IndexOutOfBoundsException if the range is outside {@code pcm16}
   * @throws IllegalArgumentException if {@code features} is shorter than {@link #SIZE}
   */
  public void compute(short[] pcm16, int offset, int length, float[] features) {
    Objects.checkFromIndexSize(offset, length, pcm16.length);
    if (features.length < SIZE) {
      throw new IllegalArgumentException(
          "features needs " + SIZE + " floats, has " + features.length);
    }
    normalise(pcm16, offset, length);
    reflectEdges();
    spectrogram();
    scale(features);
  }

  /** Steps 1 and 2: the window, cut or left-padded, normalised, written at {@code padded[PAD]}. */
  private void normalise(short[] pcm16, int offset, int length) {
    int used = Math.min(length, WINDOW_SAMPLES);
    int from = offset + length - used;
    int leading = WINDOW_SAMPLES - used;
    Arrays.fill(padded, PAD, PAD + leading, 0.0);
    double sum = 0;
    for (int i = 0; i < used; i++) {
      double x = pcm16[from + i] / 32768.0;
      padded[PAD + leading + i] = x;
      sum += x;
    }
    double mean = sum / WINDOW_SAMPLES;
    // Two passes for the variance: the one-pass formula loses digits when the mean is large.
    double squares = 0;
    for (int i = PAD; i < PAD + WINDOW_SAMPLES; i++) {
      double d = padded[i] - mean;
      squares += d * d;
    }
    double scale = 1.0 / Math.sqrt(squares / WINDOW_SAMPLES + VARIANCE_EPSILON);
    for (int i = PAD; i < PAD + WINDOW_SAMPLES; i++) {
      padded[i] = (padded[i] - mean) * scale;
    }
  }

  /** numpy's {@code mode="reflect"}: the sample at the edge is the mirror and is not repeated. */
  private void reflectEdges() {
    int first = PAD;
    int last = PAD + WINDOW_SAMPLES - 1;
    for (int j = 1; j <= PAD; j++) {
      padded[first - j] = padded[first + j];
      padded[last + j] = padded[last - j];
    }
  }

  /**
   * Steps 3 and 4 for the {@value #FRAMES} frames kept. Two real frames share one complex FFT: with
   * {@code z = a + ib}, {@code A[k] = (Z[k] + conj Z[N-k]) / 2} and {@code B[k] = (Z[k] - conj
   * Z[N-k]) / 2i}.
   */
  private void spectrogram() {
    for (int frame = 0; frame < FRAMES; frame += 2) {
      int a = frame * HOP;
      int b = a + HOP;
      for (int n = 0; n < N_FFT; n++) {
        re[n] = padded[a + n] * WINDOW[n];
        im[n] = padded[b + n] * WINDOW[n];
      }
      fft.transform(re, im);
      for (int k = 0; k < FREQUENCY_BINS; k++) {
        int mirror = (N_FFT - k) % N_FFT;
        double zr = re[k];
        double zi = im[k];
        double cr = re[mirror];
        double ci = -im[mirror];
        double ar = 0.5 * (zr + cr);
        double ai = 0.5 * (zi + ci);
        // (z - c) / 2i = ((zi - ci) - i (zr - cr)) / 2
        double br = 0.5 * (zi - ci);
        double bi = -0.5 * (zr - cr);
        powerA[k] = ar * ar + ai * ai;
        powerB[k] = br * br + bi * bi;
      }
      MEL.applyLog10(powerA, logMel, frame, FRAMES, MEL_FLOOR);
      MEL.applyLog10(powerB, logMel, frame + 1, FRAMES, MEL_FLOOR);
    }
  }

  /** Step 5. */
  private void scale(float[] features) {
    // The reference rounds the log-mel values to float32 before taking the maximum; so do we, so
    // that the floor lands on the same value.
    float max = Float.NEGATIVE_INFINITY;
    for (int i = 0; i < SIZE; i++) {
      max = Math.max(max, (float) logMel[i]);
    }
    double floor = max - DYNAMIC_RANGE;
    for (int i = 0; i < SIZE; i++) {
      double x = Math.max((float) logMel[i], floor);
      features[i] = (float) ((x + 4.0) / 4.0);
    }
  }

  private static double[] periodicHann(int length) {
    double[] window = new double[length];
    for (int n = 0; n < length; n++) {
      window[n] = 0.5 - 0.5 * Math.cos(2 * Math.PI * n / length);
    }
    return window;
  }

  /**
   * A sparse mel filterbank: each band's non-zero weights and the first frequency bin they apply
   * to. Immutable.
   */
  static final class MelFilters {
    // Slaney's mel scale: 3 mels per 200 Hz up to 1 kHz, then 27 mels per factor 6.4.
    private static final double F_SP = 200.0 / 3;
    private static final double MIN_LOG_HZ = 1000.0;
    private static final double MIN_LOG_MEL = MIN_LOG_HZ / F_SP;
    private static final double LOG_STEP = Math.log(6.4) / 27.0;

    private final int[] firstBin;
    private final double[][] weights;

    private MelFilters(int[] firstBin, double[][] weights) {
      this.firstBin = firstBin;
      this.weights = weights;
    }

    /**
     * librosa's {@code filters.mel(sr, n_fft, n_mels, fmin=0, fmax=sr/2, htk=False,
     * norm="slaney")}: band edges equally spaced on Slaney's mel scale (linear to 1 kHz,
     * logarithmic above), triangles over the FFT bin frequencies, each scaled by 2 / (its width in
     * Hz) so that it has unit area.
     */
    static MelFilters slaney(int bands, int nFft, int sampleRateHz) {
      int bins = nFft / 2 + 1;
      double melMax = hzToMel(sampleRateHz / 2.0);
      double[] edges = new double[bands + 2];
      for (int i = 0; i < edges.length; i++) {
        // numpy.linspace(0, melMax, bands + 2)
        edges[i] = melToHz(melMax * i / (bands + 1));
      }
      int[] firstBin = new int[bands];
      double[][] weights = new double[bands][];
      double[] row = new double[bins];
      for (int m = 0; m < bands; m++) {
        double lowerWidth = edges[m + 1] - edges[m];
        double upperWidth = edges[m + 2] - edges[m + 1];
        double norm = 2.0 / (edges[m + 2] - edges[m]);
        int first = -1;
        int last = -1;
        for (int k = 0; k < bins; k++) {
          double hz = (double) k * sampleRateHz / nFft;
          double lower = (hz - edges[m]) / lowerWidth;
          double upper = (edges[m + 2] - hz) / upperWidth;
          double w = Math.max(0.0, Math.min(lower, upper)) * norm;
          row[k] = w;
          if (w > 0) {
            if (first < 0) {
              first = k;
            }
            last = k;
          }
        }
        if (first < 0) {
          // A band narrower than a bin: it contributes nothing, as in librosa.
          firstBin[m] = 0;
          weights[m] = new double[0];
        } else {
          firstBin[m] = first;
          weights[m] = Arrays.copyOfRange(row, first, last + 1);
        }
      }
      return new MelFilters(firstBin, weights);
    }

    int bands() {
      return weights.length;
    }

    /** The weight of band {@code m} on frequency bin {@code k}. */
    double weight(int m, int k) {
      int i = k - firstBin[m];
      return i >= 0 && i < weights[m].length ? weights[m][i] : 0.0;
    }

    /** Writes {@code log10(max(floor, mel))} of each band to {@code out[m * stride + column]}. */
    void applyLog10(double[] power, double[] out, int column, int stride, double floor) {
      for (int m = 0; m < weights.length; m++) {
        double[] w = weights[m];
        int k0 = firstBin[m];
        double sum = 0;
        for (int i = 0; i < w.length; i++) {
          sum += w[i] * power[k0 + i];
        }
        out[m * stride + column] = Math.log10(Math.max(floor, sum));
      }
    }

    static double hzToMel(double hz) {
      return hz >= MIN_LOG_HZ ? MIN_LOG_MEL + Math.log(hz / MIN_LOG_HZ) / LOG_STEP : hz / F_SP;
    }

    static double melToHz(double mel) {
      return mel >= MIN_LOG_MEL
          ? MIN_LOG_HZ * Math.exp(LOG_STEP * (mel - MIN_LOG_MEL))
          : F_SP * mel;
    }
  }
}
