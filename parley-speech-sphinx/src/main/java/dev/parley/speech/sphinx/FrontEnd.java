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
 * A streaming short-time spectral stage in front of the decoder, for the two channels the 16 kHz
 * model was not trained on: stationary background noise, and the empty 4–8 kHz band of a telephone
 * line.
 *
 * <pre>
 *   10 ms in ─▶ 20 ms √Hann frame ─▶ FFT 512 ─▶ noise estimate (minimum statistics, 1.5 s)
 *                                              ─▶ log-spectral amplitude gain (decision-directed)
 *                                              ─▶ narrowband? fold 0–4 kHz into 4–8 kHz, attenuated
 *              ◀─ overlap-add ◀─ √Hann ◀─ inverse FFT ◀─┘            10 ms out, 10 ms late
 * </pre>
 *
 * <p><b>Noise.</b> The noise power of each bin is the minimum of its smoothed power over the last
 * 1.5 s, times a bias correction (Martin's minimum statistics): speech always dips between
 * syllables, so it does not drag the estimate up, and a steady background of any level is learned
 * within 1.5 s. The gain is the Ephraim–Malah log-spectral amplitude estimator with a
 * decision-directed a-priori SNR, floored so that weak speech is attenuated, never erased.
 *
 * <p><b>Narrowband.</b> A call resampled from 8 kHz has no energy above 4 kHz, where six of the
 * model's 25 mel filters lie; their log energies fall to the floor, which no training frame had,
 * and every cepstral coefficient moves with them. When the level at 4.4–7.6 kHz, averaged in
 * decibels over about half a second of frames that are not silent, is more than 35 dB below the
 * 0.3–3.4 kHz band, the upper half of each frame's spectrum is filled with the lower half mirrored
 * about 4 kHz and attenuated, so fricatives keep high-band energy and vowels little, roughly as in
 * wideband speech. Noise that fills the band, or a wideband microphone, does not trip it.
 *
 * <p>Mutable and confined to the stream that owns it; allocates nothing after construction.
 */
final class FrontEnd {
  /** Samples in and out per step: one decoder frame shift. */
  static final int HOP = 160;

  /** The output lags the input by this many samples (one hop). */
  static final int DELAY_SAMPLES = HOP;

  static final int WINDOW = 2 * HOP;
  static final int FFT_SIZE = 512;
  static final int BINS = FFT_SIZE / 2 + 1;
  static final double HZ_PER_BIN = SphinxStream.SAMPLE_RATE / (double) FFT_SIZE;

  /** Smoothing of the power spectrum the noise minimum is taken over. */
  private static final double POWER_SMOOTHING = 0.85;

  /**
   * The minimum of a smoothed periodogram underestimates the mean noise power; Martin (2001) gives
   * about 2 for this smoothing and window.
   */
  private static final double MINIMUM_BIAS = 2.0;

  private static final int SUBWINDOW_HOPS = 15;
  private static final int SUBWINDOWS = 10;

  /** Decision-directed smoothing of the a-priori SNR (Ephraim and Malah's 0.98). */
  private static final double DECISION_DIRECTED = 0.98;

  private static final double MIN_PRIOR_SNR = 1e-3;
  private static final double MIN_POWER = 1e-3;

  /** Bins of the band compared for narrowband detection. */
  private static final int LOW_FROM = bin(300);

  private static final int LOW_TO = bin(3400);
  private static final int HIGH_FROM = bin(4400);
  private static final int HIGH_TO = bin(7600);

  /**
   * The band is taken as empty below -35 dB and as present again above -28 dB. A line resampled
   * from 8 kHz leaks about -40 dB into it (core's resampler, white noise); wideband speech carries
   * -10 to -25 dB.
   */
  private static final double EMPTY_BELOW_DB = -35;

  private static final double PRESENT_ABOVE_DB = -28;

  /** Per-hop forgetting of the level difference: a time constant of half a second. */
  private static final double BAND_FORGETTING = 0.98;

  /**
   * Frames whose 0.3–3.4 kHz bins carry less than this power on average (that of white noise with
   * an RMS of 10, about -70 dBFS, through the window) say nothing about the line's bandwidth.
   */
  private static final double BAND_SIGNAL_FLOOR = 100.0 * HOP;

  /** The fold's mirror bin: 4 kHz. */
  private static final int FOLD_CENTRE = bin(4000);

  /**
   * What a stream's decoder is fed: which stages run, and their strength; {@code cmnPriorFrames} is
   * the weight of the model's initial cepstral mean ({@link CepstralMean}), 0 to leave SphinxBase's
   * 500.
   */
  record Settings(
      boolean suppressNoise,
      double gainFloor,
      boolean fillBand,
      double foldGain,
      int cmnPriorFrames) {
    /** Nothing: the audio reaches the decoder as pushed, normalised as SphinxBase does. */
    static final Settings OFF = new Settings(false, 1, false, 0, 0);

    boolean active() {
      return suppressNoise || fillBand;
    }
  }

  private final Settings settings;
  private final Fft fft = new Fft(FFT_SIZE);
  private final double[] window = new double[WINDOW];
  private final double[] input = new double[WINDOW];
  private final double[] overlap = new double[HOP];
  private final double[] re = new double[FFT_SIZE];
  private final double[] im = new double[FFT_SIZE];
  private final double[] smoothed = new double[BINS];
  private final double[] subwindowMinimum = new double[BINS];
  private final double[][] minima = new double[SUBWINDOWS][BINS];
  private final double[] noise = new double[BINS];
  private final double[] previousClean = new double[BINS];
  private final short[] output = new short[HOP];

  private int filled;
  private boolean completed;
  private int hopsInSubwindow;
  private int subwindow;
  private long hops;
  private boolean bandSeen;
  private double bandRatioDb;
  private boolean narrowband;
  private long narrowbandHops;

  FrontEnd(Settings settings) {
    this.settings = settings;
    for (int n = 0; n < WINDOW; n++) {
      // Periodic Hann, square-rooted for analysis and synthesis: the product sums to one at 50 %.
      window[n] = Math.sqrt(0.5 - 0.5 * Math.cos(2 * Math.PI * n / WINDOW));
    }
    Arrays.fill(subwindowMinimum, Double.MAX_VALUE);
    for (double[] m : minima) {
      Arrays.fill(m, Double.MAX_VALUE);
    }
  }

  private static int bin(double hz) {
    return (int) Math.round(hz / HZ_PER_BIN);
  }

  /**
   * Takes up to one hop's missing samples from {@code samples}; returns how many it took. When it
   * returns with a full hop, {@link #output()} holds the next {@link #HOP} processed samples.
   */
  int offer(short[] samples, int offset, int length) {
    int take = Math.min(length, HOP - filled);
    for (int i = 0; i < take; i++) {
      input[HOP + filled + i] = samples[offset + i];
    }
    filled += take;
    completed = filled == HOP;
    if (completed) {
      filled = 0;
      step();
    }
    return take;
  }

  /** Whether the last {@link #offer} completed a hop. */
  boolean ready() {
    return completed;
  }

  /** The last processed hop; overwritten by the next. */
  short[] output() {
    return output;
  }

  /** Whether the line is currently taken as band-limited. */
  boolean narrowband() {
    return narrowband;
  }

  /** How many hops were processed as band-limited. */
  long narrowbandHops() {
    return narrowbandHops;
  }

  private void step() {
    hops++;
    for (int n = 0; n < WINDOW; n++) {
      re[n] = input[n] * window[n];
      im[n] = 0;
    }
    Arrays.fill(re, WINDOW, FFT_SIZE, 0);
    Arrays.fill(im, WINDOW, FFT_SIZE, 0);
    System.arraycopy(input, HOP, input, 0, HOP);
    fft.transform(re, im, false);

    if (settings.fillBand()) {
      // Before suppression, which would leave only a floor of wideband noise above 4 kHz.
      trackBandwidth();
    }
    if (settings.suppressNoise()) {
      suppress();
    }
    if (settings.fillBand()) {
      if (narrowband) {
        narrowbandHops++;
        fold(settings.foldGain());
      }
    }
    for (int k = 1; k < FFT_SIZE / 2; k++) {
      re[FFT_SIZE - k] = re[k];
      im[FFT_SIZE - k] = -im[k];
    }
    fft.transform(re, im, true);
    for (int n = 0; n < HOP; n++) {
      double sample = overlap[n] + re[n] * window[n];
      overlap[n] = re[HOP + n] * window[HOP + n];
      output[n] = (short) Math.clamp(Math.round(sample), Short.MIN_VALUE, Short.MAX_VALUE);
    }
  }

  private void suppress() {
    boolean first = hops == 1;
    for (int k = 0; k < BINS; k++) {
      double power = re[k] * re[k] + im[k] * im[k];
      smoothed[k] = first ? power : POWER_SMOOTHING * smoothed[k] + (1 - POWER_SMOOTHING) * power;
      subwindowMinimum[k] = Math.min(subwindowMinimum[k], smoothed[k]);
      double minimum = subwindowMinimum[k];
      for (double[] m : minima) {
        minimum = Math.min(minimum, m[k]);
      }
      noise[k] = Math.max(MIN_POWER, MINIMUM_BIAS * minimum);
      double posterior = power / noise[k];
      double prior =
          first
              ? Math.max(posterior - 1, 0)
              : DECISION_DIRECTED * previousClean[k] / noise[k]
                  + (1 - DECISION_DIRECTED) * Math.max(posterior - 1, 0);
      prior = Math.max(prior, MIN_PRIOR_SNR);
      double gain = Math.max(settings.gainFloor(), logSpectralGain(prior, posterior));
      re[k] *= gain;
      im[k] *= gain;
      previousClean[k] = gain * gain * power;
    }
    if (++hopsInSubwindow == SUBWINDOW_HOPS) {
      hopsInSubwindow = 0;
      System.arraycopy(subwindowMinimum, 0, minima[subwindow], 0, BINS);
      subwindow = (subwindow + 1) % SUBWINDOWS;
      Arrays.fill(subwindowMinimum, Double.MAX_VALUE);
    }
  }

  /**
   * The Ephraim–Malah (1985) log-spectral amplitude gain for a-priori SNR {@code prior} and
   * a-posteriori SNR {@code posterior}, at most 1.
   */
  static double logSpectralGain(double prior, double posterior) {
    double wiener = prior / (1 + prior);
    double v = Math.max(wiener * posterior, 1e-10);
    return Math.min(1.0, wiener * Math.exp(0.5 * exponentialIntegral(v)));
  }

  /** E1(x) for x &gt; 0, to about 1e-5 relative: a power series below 1, a rational fit above. */
  static double exponentialIntegral(double x) {
    if (x < 1) {
      double sum = 0;
      double term = 1;
      for (int k = 1; k <= 12; k++) {
        term *= -x / k;
        sum += term / k;
      }
      return -0.5772156649015329 - Math.log(x) - sum;
    }
    double x2 = x * x;
    return Math.exp(-x) / x * (x2 + 2.334733 * x + 0.250621) / (x2 + 3.330657 * x + 1.681534);
  }

  private void trackBandwidth() {
    double low = 0;
    for (int k = LOW_FROM; k <= LOW_TO; k++) {
      low += re[k] * re[k] + im[k] * im[k];
    }
    double high = 0;
    for (int k = HIGH_FROM; k <= HIGH_TO; k++) {
      high += re[k] * re[k] + im[k] * im[k];
    }
    if (low < BAND_SIGNAL_FLOOR * (LOW_TO - LOW_FROM + 1)) {
      return; // silence says nothing about the line's bandwidth
    }
    // The level difference is averaged in decibels, so one broadband click or onset cannot hold
    // the decision for seconds as it would in an average of energies.
    double ratio = 10 * Math.log10((high + MIN_POWER) / low);
    if (!bandSeen) {
      bandSeen = true;
      bandRatioDb = ratio;
    } else {
      bandRatioDb = BAND_FORGETTING * bandRatioDb + (1 - BAND_FORGETTING) * ratio;
    }
    if (narrowband ? bandRatioDb > PRESENT_ABOVE_DB : bandRatioDb < EMPTY_BELOW_DB) {
      narrowband = !narrowband;
    }
  }

  /** Fills bins above 4 kHz with their mirror image below it, times {@code gain}. */
  private void fold(double gain) {
    for (int k = FOLD_CENTRE + 1; k < BINS; k++) {
      int mirror = 2 * FOLD_CENTRE - k;
      // The conjugate: the frame modulated by (-1)^n, which stays where the frame is in time (the
      // plain mirror is the frame reversed, which the synthesis window would mostly cut off).
      re[k] = gain * re[mirror];
      im[k] = -gain * im[mirror];
    }
  }
}
