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
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A streaming sample-rate converter for one mono stream: a Kaiser-windowed sinc filter applied in
 * polyphase form at the exact rational ratio {@code outputRate / inputRate}.
 *
 * <p>Not thread-safe: one owner (a session loop) feeds it. Audio may arrive in chunks of any size;
 * the output is the same sample for sample however the input is split. After construction, {@link
 * #process} and {@link #flush} allocate nothing: the input history lives in a preallocated ring and
 * the coefficient table is immutable and shared by all converters of the same rate pair.
 *
 * <p><b>Alignment.</b> The filter is centred rather than causal, so output sample {@code n}
 * represents input time {@code n · inputRate / outputRate} exactly and a click at input sample
 * {@code k} peaks at output sample {@code round(k · outputRate / inputRate)}: converted streams
 * stay aligned sample by sample with the timeline of their source. The price is latency: an output
 * sample is written only once {@link #lookaheadInputSamples()} later input samples have arrived,
 * and {@link #flush} supplies silence in their place at the end of a stream.
 *
 * <p><b>Quality.</b> The cutoff sits at 0.95 of the lower Nyquist frequency, the stop band starts
 * at that Nyquist frequency, and the filter length is chosen for 80 dB of stop-band attenuation, so
 * aliases and images stay at least 70 dB down. Each polyphase branch is normalised to unit DC gain,
 * so a constant input stays constant. Equal rates pass samples through untouched, with no delay.
 *
 * <p>Any pair of rates in 1 to {@value AudioFormat#MAX_SAMPLE_RATE} Hz whose reduced ratio keeps
 * the coefficient table under {@value #MAX_TABLE_COEFFICIENTS} entries is supported; that covers
 * every pair of the common rates (8, 11.025, 16, 22.05, 24, 32, 44.1, 48, 96 kHz).
 */
public final class Resampler {
  /** The cutoff frequency as a fraction of the lower of the two Nyquist frequencies. */
  private static final double CUTOFF = 0.95;

  /** The stop-band attenuation the filter length is chosen for, in decibels. */
  private static final double DESIGN_ATTENUATION_DB = 80;

  private static final int MAX_TABLE_COEFFICIENTS = 1 << 21;
  private static final int MAX_CACHED_KERNELS = 64;
  private static final float PCM_SCALE = 32768f;
  private static final float INVERSE_PCM_SCALE = 1f / 32768f;

  // Immutable, so converters of one rate pair share a table; bounded because rates come from files.
  private static final ConcurrentHashMap<Long, Kernel> KERNELS = new ConcurrentHashMap<>();

  private final int inputRate;
  private final int outputRate;
  private final int up;
  private final int down;
  private final int downWhole;
  private final int downRemainder;
  private final int taps;
  private final int lookahead;
  private final float[] coefficients;

  /**
   * The last {@code taps} inputs, in PCM16 units, stored twice ({@code [i]} and {@code [i + taps]})
   * so that the window ending at the newest sample is always one contiguous run.
   */
  private final float[] history;

  private int writeIndex;
  private long inputCount;
  private long nextCentre;
  private int nextPhase;

  /**
   * Creates a converter from {@code inputRate} to {@code outputRate}, both in hertz.
   *
   * @throws IllegalArgumentException if a rate is out of range or the ratio is too fine-grained
   */
  public Resampler(int inputRate, int outputRate) {
    AudioFormat.checkSampleRate(inputRate);
    AudioFormat.checkSampleRate(outputRate);
    this.inputRate = inputRate;
    this.outputRate = outputRate;
    Kernel kernel = kernel(inputRate, outputRate);
    this.up = kernel.up;
    this.down = kernel.down;
    this.downWhole = down / up;
    this.downRemainder = down % up;
    this.taps = kernel.taps;
    this.lookahead = kernel.taps / 2;
    this.coefficients = kernel.coefficients;
    this.history = new float[2 * taps];
  }

  /**
   * Converts a whole clip of PCM16 samples, flushing the tail.
   *
   * @return {@code ceil(in.length · toRate / fromRate)} samples at {@code toRate}
   */
  public static short[] resample(short[] in, int fromRate, int toRate) {
    Resampler resampler = new Resampler(fromRate, toRate);
    short[] out = new short[resampler.maxOutputSamples(in.length) + resampler.maxFlushSamples()];
    int written = resampler.process(in, 0, in.length, out, 0);
    written += resampler.flush(out, written);
    return written == out.length ? out : Arrays.copyOf(out, written);
  }

  /**
   * Converts a whole clip of float samples, flushing the tail.
   *
   * @return {@code ceil(in.length · toRate / fromRate)} samples at {@code toRate}
   */
  public static float[] resample(float[] in, int fromRate, int toRate) {
    Resampler resampler = new Resampler(fromRate, toRate);
    float[] out = new float[resampler.maxOutputSamples(in.length) + resampler.maxFlushSamples()];
    int written = resampler.process(in, 0, in.length, out, 0);
    written += resampler.flush(out, written);
    return written == out.length ? out : Arrays.copyOf(out, written);
  }

  /** The input sample rate, in hertz. */
  public int inputRate() {
    return inputRate;
  }

  /** The output sample rate, in hertz. */
  public int outputRate() {
    return outputRate;
  }

  /** The filter taps applied per output sample; 0 when the rates are equal. */
  public int taps() {
    return taps;
  }

  /**
   * How many input samples beyond its centre an output sample waits for: the converter's latency in
   * input samples. It does not shift the output timeline (see the class comment).
   */
  public int lookaheadInputSamples() {
    return lookahead;
  }

  /**
   * The most samples one {@link #process} call can write for {@code inputSamples} of input: {@code
   * ceil(inputSamples · outputRate / inputRate)}.
   *
   * @throws ArithmeticException if the answer does not fit an int
   */
  public int maxOutputSamples(int inputSamples) {
    if (inputSamples < 0) {
      throw new IllegalArgumentException("negative input length: " + inputSamples);
    }
    return Math.toIntExact(((long) inputSamples * up + down - 1) / down);
  }

  /** The most samples {@link #flush} can write. */
  public int maxFlushSamples() {
    return maxOutputSamples(lookahead);
  }

  /**
   * Feeds {@code len} PCM16 samples and writes every output sample they complete.
   *
   * @return the samples written to {@code out} from {@code outOff}
   * @throws IndexOutOfBoundsException if the input range is outside {@code in} or {@code out} has
   *     fewer than {@link #maxOutputSamples maxOutputSamples(len)} places from {@code outOff}
   */
  public int process(short[] in, int off, int len, short[] out, int outOff) {
    Objects.checkFromIndexSize(off, len, in.length);
    Objects.checkFromIndexSize(outOff, maxOutputSamples(len), out.length);
    if (taps == 0) {
      System.arraycopy(in, off, out, outOff, len);
      inputCount += len;
      return len;
    }
    int o = outOff;
    for (int i = off, end = off + len; i < end; i++) {
      push(in[i]);
      while (nextCentre + lookahead < inputCount) {
        out[o++] = toPcm16(convolve());
        advance();
      }
    }
    return o - outOff;
  }

  /**
   * Feeds {@code len} float samples (PCM16 full scale is 1.0) and writes every output sample they
   * complete. Float and PCM16 calls may be mixed within one stream.
   *
   * @return the samples written to {@code out} from {@code outOff}
   * @throws IndexOutOfBoundsException if the input range is outside {@code in} or {@code out} has
   *     fewer than {@link #maxOutputSamples maxOutputSamples(len)} places from {@code outOff}
   */
  public int process(float[] in, int off, int len, float[] out, int outOff) {
    Objects.checkFromIndexSize(off, len, in.length);
    Objects.checkFromIndexSize(outOff, maxOutputSamples(len), out.length);
    if (taps == 0) {
      System.arraycopy(in, off, out, outOff, len);
      inputCount += len;
      return len;
    }
    int o = outOff;
    for (int i = off, end = off + len; i < end; i++) {
      push(in[i] * PCM_SCALE);
      while (nextCentre + lookahead < inputCount) {
        out[o++] = convolve() * INVERSE_PCM_SCALE;
        advance();
      }
    }
    return o - outOff;
  }

  /**
   * Ends the stream: writes the output samples still waiting for look-ahead, computed as if silence
   * followed, then {@link #reset resets} for a new stream.
   *
   * @return the samples written, at most {@link #maxFlushSamples()}
   * @throws IndexOutOfBoundsException if {@code out} has fewer than {@link #maxFlushSamples()}
   *     places from {@code outOff}
   */
  public int flush(short[] out, int outOff) {
    Objects.checkFromIndexSize(outOff, maxFlushSamples(), out.length);
    long end = inputCount;
    int o = outOff;
    for (int i = 0; i < lookahead; i++) {
      push(0f);
      while (nextCentre < end && nextCentre + lookahead < inputCount) {
        out[o++] = toPcm16(convolve());
        advance();
      }
    }
    reset();
    return o - outOff;
  }

  /**
   * Ends the stream like {@link #flush(short[], int)}, writing float samples.
   *
   * @return the samples written, at most {@link #maxFlushSamples()}
   * @throws IndexOutOfBoundsException if {@code out} has fewer than {@link #maxFlushSamples()}
   *     places from {@code outOff}
   */
  public int flush(float[] out, int outOff) {
    Objects.checkFromIndexSize(outOff, maxFlushSamples(), out.length);
    long end = inputCount;
    int o = outOff;
    for (int i = 0; i < lookahead; i++) {
      push(0f);
      while (nextCentre < end && nextCentre + lookahead < inputCount) {
        out[o++] = convolve() * INVERSE_PCM_SCALE;
        advance();
      }
    }
    reset();
    return o - outOff;
  }

  /** Forgets all input so the next sample starts a new stream. */
  public void reset() {
    Arrays.fill(history, 0f);
    writeIndex = 0;
    inputCount = 0;
    nextCentre = 0;
    nextPhase = 0;
  }

  private void push(float sample) {
    history[writeIndex] = sample;
    history[writeIndex + taps] = sample;
    writeIndex = writeIndex + 1 == taps ? 0 : writeIndex + 1;
    inputCount++;
  }

  // The window starts at the oldest held sample, which is where the next push will go.
  private float convolve() {
    float[] h = history;
    float[] c = coefficients;
    int x = writeIndex;
    int k = nextPhase * taps;
    // Four partial sums break the dependency chain; taps is a multiple of four.
    float s0 = 0f;
    float s1 = 0f;
    float s2 = 0f;
    float s3 = 0f;
    for (int m = 0; m < taps; m += 4) {
      s0 += c[k + m] * h[x + m];
      s1 += c[k + m + 1] * h[x + m + 1];
      s2 += c[k + m + 2] * h[x + m + 2];
      s3 += c[k + m + 3] * h[x + m + 3];
    }
    return (s0 + s1) + (s2 + s3);
  }

  private void advance() {
    nextCentre += downWhole;
    nextPhase += downRemainder;
    if (nextPhase >= up) {
      nextPhase -= up;
      nextCentre++;
    }
  }

  private static short toPcm16(float value) {
    return (short) Math.clamp(Math.round(value), Short.MIN_VALUE, Short.MAX_VALUE);
  }

  private static Kernel kernel(int inputRate, int outputRate) {
    Long key = ((long) inputRate << 32) | outputRate;
    Kernel cached = KERNELS.get(key);
    if (cached != null) {
      return cached;
    }
    Kernel kernel = Kernel.design(inputRate, outputRate);
    if (KERNELS.size() < MAX_CACHED_KERNELS) {
      KERNELS.putIfAbsent(key, kernel);
    }
    return kernel;
  }

  /** The polyphase coefficient table of one rate pair; immutable once built. */
  private static final class Kernel {
    final int up;
    final int down;
    final int taps;

    /**
     * Phase-major, {@code taps} per phase; within a phase the coefficient for the oldest input
     * comes first so that {@link #convolve} walks both arrays forwards.
     */
    final float[] coefficients;

    private Kernel(int up, int down, int taps, float[] coefficients) {
      this.up = up;
      this.down = down;
      this.taps = taps;
      this.coefficients = coefficients;
    }

    static Kernel design(int inputRate, int outputRate) {
      int gcd = gcd(inputRate, outputRate);
      int up = outputRate / gcd;
      int down = inputRate / gcd;
      if (up == 1 && down == 1) {
        return new Kernel(1, 1, 0, new float[0]);
      }
      // Frequencies below are in cycles per input sample.
      double lowerRate = Math.min(inputRate, outputRate);
      double cutoff = CUTOFF * lowerRate / 2 / inputRate;
      double transition = 2 * (lowerRate / 2 / inputRate - cutoff);
      // Kaiser's estimates of the window length and shape for the design attenuation.
      double length = (DESIGN_ATTENUATION_DB - 7.95) / (2.285 * 2 * Math.PI * transition) + 1;
      double beta = 0.1102 * (DESIGN_ATTENUATION_DB - 8.7);
      int half = 2 * (int) Math.ceil(length / 4);
      int taps = 2 * half;
      if ((long) taps * up > MAX_TABLE_COEFFICIENTS) {
        throw new IllegalArgumentException(
            "cannot resample "
                + inputRate
                + " Hz to "
                + outputRate
                + " Hz: the ratio "
                + up
                + "/"
                + down
                + " needs too many filter phases");
      }
      float[] coefficients = new float[taps * up];
      double besselBeta = besselI0(beta);
      double[] phase = new double[taps];
      for (int p = 0; p < up; p++) {
        // Output time lies p/up of an input sample after the centre input; tap m multiplies the
        // input (half - 1 - m) samples before the centre, at that distance from the output time.
        double sum = 0;
        for (int m = 0; m < taps; m++) {
          double offset = (double) p / up + half - 1 - m;
          double value =
              2 * cutoff * sinc(2 * cutoff * offset) * kaiser(offset / half, beta) / besselBeta;
          phase[m] = value;
          sum += value;
        }
        for (int m = 0; m < taps; m++) {
          coefficients[p * taps + m] = (float) (phase[m] / sum);
        }
      }
      return new Kernel(up, down, taps, coefficients);
    }

    private static double sinc(double x) {
      if (x == 0) {
        return 1;
      }
      double px = Math.PI * x;
      return Math.sin(px) / px;
    }

    /** The Kaiser window at {@code u} in [-1, 1], not yet divided by I0(beta). */
    private static double kaiser(double u, double beta) {
      double r = 1 - u * u;
      return r <= 0 ? (r == 0 ? 1 : 0) : besselI0(beta * Math.sqrt(r));
    }

    /** The modified Bessel function of the first kind, order zero, by its power series. */
    private static double besselI0(double x) {
      double sum = 1;
      double term = 1;
      double quarterSquare = x * x / 4;
      for (int k = 1; term > 1e-21 * sum; k++) {
        term *= quarterSquare / ((double) k * k);
        sum += term;
      }
      return sum;
    }

    private static int gcd(int a, int b) {
      while (b != 0) {
        int t = a % b;
        a = b;
        b = t;
      }
      return a;
    }
  }
}
