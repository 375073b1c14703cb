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

/**
 * An in-place iterative radix-2 complex FFT of one fixed power-of-two size, with its twiddle
 * factors and bit-reversal table computed once. Not thread-safe only in that callers own their
 * arrays; the instance itself is immutable after construction.
 */
final class Fft {
  private final int size;
  private final int[] reversed;
  private final double[] cos;
  private final double[] sin;

  Fft(int size) {
    if (size < 2 || Integer.bitCount(size) != 1) {
      throw new IllegalArgumentException("FFT size must be a power of two: " + size);
    }
    this.size = size;
    int bits = Integer.numberOfTrailingZeros(size);
    reversed = new int[size];
    for (int i = 0; i < size; i++) {
      reversed[i] = Integer.reverse(i) >>> (32 - bits);
    }
    cos = new double[size / 2];
    sin = new double[size / 2];
    for (int i = 0; i < size / 2; i++) {
      cos[i] = Math.cos(2 * Math.PI * i / size);
      sin[i] = Math.sin(2 * Math.PI * i / size);
    }
  }

  /**
   * Transforms {@code re + i·im} in place: forward is {@code X[k] = Σ x[n]·e^(-2πikn/N)}; the
   * inverse includes the {@code 1/N}.
   */
  void transform(double[] re, double[] im, boolean inverse) {
    for (int i = 0; i < size; i++) {
      int j = reversed[i];
      if (j > i) {
        double t = re[i];
        re[i] = re[j];
        re[j] = t;
        t = im[i];
        im[i] = im[j];
        im[j] = t;
      }
    }
    double sign = inverse ? 1 : -1;
    for (int length = 2; length <= size; length <<= 1) {
      int half = length / 2;
      int stride = size / length;
      for (int start = 0; start < size; start += length) {
        for (int k = 0; k < half; k++) {
          double wr = cos[k * stride];
          double wi = sign * sin[k * stride];
          int a = start + k;
          int b = a + half;
          double tr = re[b] * wr - im[b] * wi;
          double ti = re[b] * wi + im[b] * wr;
          re[b] = re[a] - tr;
          im[b] = im[a] - ti;
          re[a] += tr;
          im[a] += ti;
        }
      }
    }
    if (inverse) {
      for (int i = 0; i < size; i++) {
        re[i] /= size;
        im[i] /= size;
      }
    }
  }
}
