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

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.management.ManagementFactory;
import org.jspecify.annotations.Nullable;
import org.opentest4j.TestAbortedException;

/** Synthesised test signals and the measurements the audio tests make on them. */
final class Signals {
  /**
   * HotSpot's per-thread allocation counter, {@code
   * com.sun.management.ThreadMXBean.getCurrentThreadAllocatedBytes()}, bound to the platform bean
   * as {@code ()long}. It is looked up by name because it has no portable equivalent (forbiddenapis
   * rightly keeps {@code com.sun} types out of the code), and allocation tests are skipped on a JVM
   * without it. Bound once, since the lookup itself allocates.
   */
  private static final @Nullable MethodHandle ALLOCATED_BYTES = allocationCounter();

  private Signals() {}

  /** A sine of {@code hz} at {@code rate}, {@code amplitude} of full scale, rounded to PCM16. */
  static short[] sine(int rate, double hz, double amplitude, int samples) {
    short[] out = new short[samples];
    for (int i = 0; i < samples; i++) {
      out[i] = (short) Math.round(amplitude * 32767 * Math.sin(2 * Math.PI * hz * i / rate));
    }
    return out;
  }

  /** A sine of {@code hz} at {@code rate} with the given peak amplitude, as floats. */
  static float[] sineFloat(int rate, double hz, double amplitude, int samples) {
    float[] out = new float[samples];
    for (int i = 0; i < samples; i++) {
      out[i] = (float) (amplitude * Math.sin(2 * Math.PI * hz * i / rate));
    }
    return out;
  }

  static float[] toFloat(short[] pcm) {
    float[] out = new float[pcm.length];
    for (int i = 0; i < pcm.length; i++) {
      out[i] = pcm[i];
    }
    return out;
  }

  /** The RMS of {@code samples[from..to)}. */
  static double rms(float[] samples, int from, int to) {
    double energy = 0;
    for (int i = from; i < to; i++) {
      energy += (double) samples[i] * samples[i];
    }
    return Math.sqrt(energy / (to - from));
  }

  /** The signal-to-noise ratio of {@code actual} against {@code reference}, in decibels. */
  static double snrDb(short[] reference, short[] actual) {
    double signal = 0;
    double noise = 0;
    for (int i = 0; i < reference.length; i++) {
      signal += (double) reference[i] * reference[i];
      double e = actual[i] - reference[i];
      noise += e * e;
    }
    return 10 * Math.log10(signal / noise);
  }

  static double db(double ratio) {
    return 20 * Math.log10(ratio);
  }

  /**
   * The least-squares fit of {@code amplitude · sin(2π·hz·i/rate + phase)} to {@code y[from..to)},
   * where {@code i} is the index into {@code y}.
   */
  static ToneFit fit(float[] y, int from, int to, double hz, int rate) {
    double w = 2 * Math.PI * hz / rate;
    double ss = 0;
    double sc = 0;
    double cc = 0;
    double ys = 0;
    double yc = 0;
    for (int i = from; i < to; i++) {
      double s = Math.sin(w * i);
      double c = Math.cos(w * i);
      ss += s * s;
      sc += s * c;
      cc += c * c;
      ys += y[i] * s;
      yc += y[i] * c;
    }
    double det = ss * cc - sc * sc;
    double a = (ys * cc - yc * sc) / det;
    double b = (yc * ss - ys * sc) / det;
    double residual = 0;
    for (int i = from; i < to; i++) {
      double e = y[i] - a * Math.sin(w * i) - b * Math.cos(w * i);
      residual += e * e;
    }
    return new ToneFit(Math.hypot(a, b), Math.atan2(b, a), Math.sqrt(residual / (to - from)));
  }

  /** A fitted sine: peak amplitude, phase in radians, and the RMS of what the sine leaves over. */
  record ToneFit(double amplitude, double phaseRadians, double residualRms) {
    /** The residual relative to the sine's RMS, in decibels. */
    double residualDb() {
      return db(residualRms / (amplitude / Math.sqrt(2)));
    }
  }

  /** The bytes the calling thread has allocated so far; skips the test if the JVM cannot say. */
  static long allocatedBytes() {
    MethodHandle counter = ALLOCATED_BYTES;
    if (counter == null) {
      throw new TestAbortedException("this JVM does not count allocated bytes per thread");
    }
    try {
      return (long) counter.invokeExact();
    } catch (Throwable e) {
      throw new AssertionError("cannot read the allocation counter", e);
    }
  }

  private static @Nullable MethodHandle allocationCounter() {
    try {
      Class<?> type = Class.forName("com.sun.management.ThreadMXBean");
      Object bean = ManagementFactory.getThreadMXBean();
      if (!type.isInstance(bean)) {
        return null;
      }
      return MethodHandles.publicLookup()
          .findVirtual(type, "getCurrentThreadAllocatedBytes", MethodType.methodType(long.class))
          .bindTo(bean);
    } catch (ReflectiveOperationException e) {
      return null;
    }
  }
}
