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
package dev.parley.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.clock.ManualClock;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Admission reads measured load: late frames, scheduler lag and CPU, with a hold. */
class LoadWatchTest {
  private static final long MS = 1_000_000L;

  private final ManualClock clock = new ManualClock();
  private final AtomicReference<Double> cpu = new AtomicReference<>(0.3);
  private final LoadWatch watch = new LoadWatch(clock, cpu::get);

  /** Runs the probe through one full window, on time unless {@code lateMillis}. */
  private void window(long lateMillis) {
    window(lateMillis, 1);
  }

  /** A window in which {@code lateProbes} probes wake {@code lateMillis} late. */
  private void window(long lateMillis, int lateProbes) {
    for (int i = 0; i < 20; i++) {
      long due = clock.nanos() + LoadWatch.PROBE_NANOS;
      clock.advanceTo(due + (i >= 5 && i < 5 + lateProbes ? lateMillis * MS : 0));
      watch.probe(clock.nanos(), due);
    }
  }

  private void frames(int onTime, int late) {
    for (int i = 0; i < onTime; i++) {
      watch.frame(2 * MS);
    }
    for (int i = 0; i < late; i++) {
      watch.frame(30 * MS);
    }
  }

  @Test
  void aHealthyServerHasHeadroom() {
    frames(5_000, 10);
    window(0);
    assertThat(watch.overload()).isEmpty();
    assertThat(watch.lastWindow().frames()).isEqualTo(5_010);
  }

  @Test
  void lateFramesPastOnePercentAreOverload() {
    frames(5_000, 100);
    window(0);
    assertThat(watch.overload()).contains("2.0 % of frames later than 10 ms");
  }

  @Test
  void schedulerLagIsOverloadAndCreditForCallers() {
    window(80, 3);
    assertThat(watch.overload()).contains("threads woke up to 80 ms late");
    assertThat(watch.lagNanos()).isGreaterThanOrEqualTo(80 * MS);
  }

  @Test
  void oneLatePauseIsNotOverloadButStillCredited() {
    window(80, 2);
    assertThat(watch.overload()).isEmpty();
    assertThat(watch.lagNanos()).isGreaterThanOrEqualTo(80 * MS);
  }

  @Test
  void cpuPastNinetyPercentIsOverload() {
    cpu.set(0.97);
    window(0);
    assertThat(watch.overload()).contains("CPU at 97 %");
  }

  @Test
  void anOverloadHoldsForThreeWindowsThenClears() {
    frames(100, 50);
    window(0);
    assertThat(watch.overload()).isNotEmpty();
    window(0);
    window(0);
    assertThat(watch.overload()).as("still held").isNotEmpty();
    window(0);
    assertThat(watch.overload()).isEmpty();
  }

  @Test
  void lagCreditFadesAfterFiveQuietWindows() {
    window(300);
    assertThat(watch.lagNanos()).isGreaterThanOrEqualTo(300 * MS);
    for (int i = 0; i < LoadWatch.LAG_MEMORY_WINDOWS; i++) {
      window(0);
    }
    assertThat(watch.lagNanos()).isLessThan(MS);
  }

  @Test
  void pastTheUnpacedStartCallsAreAdmittedAQuarterOfTheActiveAWindow() {
    assertThat(watch.step(3, 4)).as("under the unpaced start").isTrue();
    int admitted = 0;
    while (watch.step(40 + admitted, 4)) { // each admitted call is active from then on
      admitted++;
    }
    assertThat(admitted).isEqualTo(10);
    window(0);
    assertThat(watch.step(50, 4)).as("a new window, a new step").isTrue();
  }
}
