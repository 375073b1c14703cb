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

import static dev.parley.speech.silero.Speech.WINDOW;
import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.clock.MediaClock;
import dev.parley.core.spi.VoiceActivityDetector;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.Locale;
import javax.management.JMException;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;

/**
 * Prints what one window costs on this machine: wall time and CPU time on the calling thread (the
 * second is what a loaded machine cannot inflate) and bytes allocated on the Java heap. Nothing
 * here is asserted about time; the JMH benchmark is the place for that.
 */
class SileroVadCostTest {
  private static final int WARM_UP_WINDOWS = 2000;
  private static final int MEASURED_WINDOWS = 2000;

  @Test
  void printsTheCostOfAWindow() throws JMException {
    short[] speech = Prerequisites.speech("numbers.raw");
    int windowsInClip = speech.length / WINDOW;
    MediaClock clock = MediaClock.system();

    long[] nanos = new long[MEASURED_WINDOWS];
    long allocatedBytes;
    long cpuNanos;
    try (SileroVad vad = SileroVad.load(Prerequisites.model());
        VoiceActivityDetector.Stream stream = vad.open()) {
      float sink = 0;
      for (int i = 0; i < WARM_UP_WINDOWS; i++) {
        sink += stream.speechProbability(speech, (i % windowsInClip) * WINDOW);
      }
      ThreadMXBean threads = ManagementFactory.getThreadMXBean();
      long allocatedBefore = allocatedByThisThread();
      long cpuBefore = threads.getCurrentThreadCpuTime();
      for (int i = 0; i < MEASURED_WINDOWS; i++) {
        int offset = (i % windowsInClip) * WINDOW;
        long start = clock.nanos();
        sink += stream.speechProbability(speech, offset);
        nanos[i] = clock.nanos() - start;
      }
      cpuNanos = threads.getCurrentThreadCpuTime() - cpuBefore;
      allocatedBytes = allocatedByThisThread() - allocatedBefore;
      assertThat(sink).isPositive();
    }

    long total = Arrays.stream(nanos).sum();
    Arrays.sort(nanos);
    System.out.printf(
        Locale.ROOT,
        "Silero VAD, %d windows of 32 ms after %d to warm up: mean %.1f µs, p50 %.1f µs,"
            + " p99 %.1f µs, max %.1f µs (%.2f%% of real time); CPU time %.1f µs;"
            + " %d bytes allocated per window%n",
        MEASURED_WINDOWS,
        WARM_UP_WINDOWS,
        total / 1e3 / MEASURED_WINDOWS,
        nanos[MEASURED_WINDOWS / 2] / 1e3,
        nanos[MEASURED_WINDOWS * 99 / 100] / 1e3,
        nanos[MEASURED_WINDOWS - 1] / 1e3,
        100.0 * total / MEASURED_WINDOWS / 32e6,
        cpuNanos / 1e3 / MEASURED_WINDOWS,
        allocatedBytes / MEASURED_WINDOWS);
  }

  /**
   * Bytes this thread has allocated so far, read through the platform MBean server so that the test
   * needs no {@code com.sun.management} type.
   */
  private static long allocatedByThisThread() throws JMException {
    return (Long)
        ManagementFactory.getPlatformMBeanServer()
            .getAttribute(
                new ObjectName(ManagementFactory.THREAD_MXBEAN_NAME),
                "CurrentThreadAllocatedBytes");
  }
}
