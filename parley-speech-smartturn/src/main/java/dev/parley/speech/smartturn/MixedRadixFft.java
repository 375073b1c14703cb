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

/**
 * An in-place complex discrete Fourier transform of one fixed size whose prime factors are small,
 * such as Whisper's 400 = 4·4·5·5, computed exactly (it is the DFT, not a resampled power of two).
 *
 * <p>The algorithm is Stockham's self-sorting decimation in frequency, one pass per factor: at each
 * pass with radix {@code r}, current length {@code n}, {@code m = n / r} and stride {@code s}, the
 * {@code r} inputs {@code x[q + s(p + tm)]} for {@code t < r} become the outputs {@code y[q + s(rp
 * + u)] = W_n^{pu} Σ_t x[q + s(p + tm)] W_r^{tu}}; the result comes out in natural order, so there
 * is no bit reversal. Twiddles are precomputed in double precision. Radix 4 has its own butterfly;
 * the others use a small generic DFT.
 *
 * <p>Not thread-safe: an instance owns its scratch arrays. It allocates nothing per transform.
 */
final class MixedRadixFft {
  private final int size;
  private final int[] radices;
  // Per pass: W_n^{p*u} at [p * r + u], real and imaginary parts.
  private final double[][] twiddleRe;
  private final double[][] twiddleIm;
  // Per pass: W_r^k for k < r.
  private final double[][] rootRe;
  private final double[][] rootIm;
  private final double[] scratchRe;
  private final double[] scratchIm;
  private final double[] sumRe;
  private final double[] sumIm;
  private final double[] inRe;
  private final double[] inIm;

  MixedRadixFft(int size) {
    if (size < 1) {
      throw new IllegalArgumentException("size must be positive: " + size);
    }
    this.size = size;
    this.radices = factor(size);
    int passes = radices.length;
    twiddleRe = new double[passes][];
    twiddleIm = new double[passes][];
    rootRe = new double[passes][];
    rootIm = new double[passes][];
    int n = size;
    int maxRadix = 1;
    for (int pass = 0; pass < passes; pass++) {
      int r = radices[pass];
      int m = n / r;
      maxRadix = Math.max(maxRadix, r);
      twiddleRe[pass] = new double[m * r];
      twiddleIm[pass] = new double[m * r];
      for (int p = 0; p < m; p++) {
        for (int u = 0; u < r; u++) {
          // Reduce the exponent first so that the angle stays small and exact.
          double angle = -2 * Math.PI * (((long) p * u) % n) / n;
          twiddleRe[pass][p * r + u] = Math.cos(angle);
          twiddleIm[pass][p * r + u] = Math.sin(angle);
        }
      }
      rootRe[pass] = new double[r];
      rootIm[pass] = new double[r];
      for (int k = 0; k < r; k++) {
        double angle = -2 * Math.PI * k / r;
        rootRe[pass][k] = Math.cos(angle);
        rootIm[pass][k] = Math.sin(angle);
      }
      n = m;
    }
    scratchRe = new double[size];
    scratchIm = new double[size];
    sumRe = new double[maxRadix];
    sumIm = new double[maxRadix];
    inRe = new double[maxRadix];
    inIm = new double[maxRadix];
  }

  int size() {
    return size;
  }

  /** The radices of the passes, in order; fours first, then the remaining primes ascending. */
  int[] radices() {
    return radices.clone();
  }

  /**
   * Replaces {@code re + i·im} by its DFT {@code X[k] = Σ_n x[n] e^{-2πikn/N}} (no scaling).
   *
   * @throws IllegalArgumentException if an array is shorter than the transform size
   */
  void transform(double[] re, double[] im) {
    if (re.length < size || im.length < size) {
      throw new IllegalArgumentException("arrays shorter than the transform size " + size);
    }
    double[] xRe = re;
    double[] xIm = im;
    double[] yRe = scratchRe;
    double[] yIm = scratchIm;
    int n = size;
    int s = 1;
    for (int pass = 0; pass < radices.length; pass++) {
      int r = radices[pass];
      int m = n / r;
      if (r == 4) {
        radix4(xRe, xIm, yRe, yIm, m, s, twiddleRe[pass], twiddleIm[pass]);
      } else {
        generic(xRe, xIm, yRe, yIm, r, m, s, pass);
      }
      double[] t = xRe;
      xRe = yRe;
      yRe = t;
      t = xIm;
      xIm = yIm;
      yIm = t;
      s *= r;
      n = m;
    }
    if (xRe != re) {
      System.arraycopy(xRe, 0, re, 0, size);
      System.arraycopy(xIm, 0, im, 0, size);
    }
  }

  private static void radix4(
      double[] xRe,
      double[] xIm,
      double[] yRe,
      double[] yIm,
      int m,
      int s,
      double[] twRe,
      double[] twIm) {
    int sm = s * m;
    for (int p = 0; p < m; p++) {
      double w1r = twRe[p * 4 + 1];
      double w1i = twIm[p * 4 + 1];
      double w2r = twRe[p * 4 + 2];
      double w2i = twIm[p * 4 + 2];
      double w3r = twRe[p * 4 + 3];
      double w3i = twIm[p * 4 + 3];
      for (int q = 0; q < s; q++) {
        int i0 = q + s * p;
        double a0r = xRe[i0];
        double a0i = xIm[i0];
        double a1r = xRe[i0 + sm];
        double a1i = xIm[i0 + sm];
        double a2r = xRe[i0 + 2 * sm];
        double a2i = xIm[i0 + 2 * sm];
        double a3r = xRe[i0 + 3 * sm];
        double a3i = xIm[i0 + 3 * sm];
        // W_4 = -i: outputs u = 0..3 of the 4-point DFT.
        double s02r = a0r + a2r;
        double s02i = a0i + a2i;
        double d02r = a0r - a2r;
        double d02i = a0i - a2i;
        double s13r = a1r + a3r;
        double s13i = a1i + a3i;
        double d13r = a1r - a3r;
        double d13i = a1i - a3i;
        double b0r = s02r + s13r;
        double b0i = s02i + s13i;
        double b1r = d02r + d13i;
        double b1i = d02i - d13r;
        double b2r = s02r - s13r;
        double b2i = s02i - s13i;
        double b3r = d02r - d13i;
        double b3i = d02i + d13r;
        int o = q + s * 4 * p;
        yRe[o] = b0r;
        yIm[o] = b0i;
        yRe[o + s] = b1r * w1r - b1i * w1i;
        yIm[o + s] = b1r * w1i + b1i * w1r;
        yRe[o + 2 * s] = b2r * w2r - b2i * w2i;
        yIm[o + 2 * s] = b2r * w2i + b2i * w2r;
        yRe[o + 3 * s] = b3r * w3r - b3i * w3i;
        yIm[o + 3 * s] = b3r * w3i + b3i * w3r;
      }
    }
  }

  private void generic(
      double[] xRe, double[] xIm, double[] yRe, double[] yIm, int r, int m, int s, int pass) {
    double[] twRe = twiddleRe[pass];
    double[] twIm = twiddleIm[pass];
    double[] wRe = rootRe[pass];
    double[] wIm = rootIm[pass];
    int sm = s * m;
    for (int p = 0; p < m; p++) {
      for (int q = 0; q < s; q++) {
        int i0 = q + s * p;
        for (int t = 0; t < r; t++) {
          inRe[t] = xRe[i0 + t * sm];
          inIm[t] = xIm[i0 + t * sm];
        }
        for (int u = 0; u < r; u++) {
          double accRe = 0;
          double accIm = 0;
          int k = 0;
          for (int t = 0; t < r; t++) {
            double ar = inRe[t];
            double ai = inIm[t];
            accRe += ar * wRe[k] - ai * wIm[k];
            accIm += ar * wIm[k] + ai * wRe[k];
            k += u;
            if (k >= r) {
              k -= r;
            }
          }
          sumRe[u] = accRe;
          sumIm[u] = accIm;
        }
        int o = q + s * r * p;
        for (int u = 0; u < r; u++) {
          double tr = twRe[p * r + u];
          double ti = twIm[p * r + u];
          yRe[o + s * u] = sumRe[u] * tr - sumIm[u] * ti;
          yIm[o + s * u] = sumRe[u] * ti + sumIm[u] * tr;
        }
      }
    }
  }

  /** Splits {@code n} into fours, then its remaining prime factors in ascending order. */
  private static int[] factor(int n) {
    int[] factors = new int[32];
    int count = 0;
    int rest = n;
    while (rest % 4 == 0) {
      factors[count++] = 4;
      rest /= 4;
    }
    for (int p = 2; rest > 1; p++) {
      while (rest % p == 0) {
        factors[count++] = p;
        rest /= p;
      }
    }
    return Arrays.copyOf(factors, count);
  }

  @Override
  public String toString() {
    return "MixedRadixFft[" + size + " = " + Arrays.toString(radices) + "]";
  }
}
