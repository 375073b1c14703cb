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

import org.junit.jupiter.api.Test;

/** Pacing is pure: fed the frame's session time and the local time, it says when it is due. */
class FramePacerTest {
  private static final long MS = 1_000_000L;
  private final FramePacer pacer = new FramePacer();

  private long send(long atNanos, long nowNanos) {
    long due = pacer.dueNanos(atNanos, nowNanos);
    if (due <= nowNanos) {
      pacer.sent(atNanos, 20 * MS);
    }
    return due;
  }

  @Test
  void theFirstFrameOfARunIsDueAtOnceAndTheRestOnAbsoluteDeadlines() {
    assertThat(send(5_000 * MS, 100 * MS)).isEqualTo(100 * MS);
    assertThat(send(5_020 * MS, 103 * MS)).isEqualTo(120 * MS); // early: wait
    assertThat(send(5_020 * MS, 120 * MS)).isEqualTo(120 * MS);
    // Written late by 7 ms, the next deadline does not move: no drift.
    assertThat(send(5_040 * MS, 147 * MS)).isEqualTo(140 * MS);
    assertThat(send(5_060 * MS, 150 * MS)).isEqualTo(160 * MS);
  }

  @Test
  void aFrameNotBackToBackStartsANewRunAtOnce() {
    send(0, 0);
    assertThat(send(500 * MS, 30 * MS)).isEqualTo(30 * MS); // a pause in the agent's speech
    assertThat(send(520 * MS, 30 * MS)).isEqualTo(50 * MS);
  }

  @Test
  void aFrameMoreThanAHundredMillisecondsLateRestartsThePacingInsteadOfBursting() {
    send(0, 0);
    assertThat(send(20 * MS, 300 * MS)).isEqualTo(300 * MS);
    assertThat(send(40 * MS, 300 * MS)).isEqualTo(320 * MS);
    assertThat(send(40 * MS, 320 * MS)).isEqualTo(320 * MS);
  }

  @Test
  void aFrameUpToAHundredMillisecondsLateIsCaughtUp() {
    send(0, 0);
    assertThat(send(20 * MS, 100 * MS)).isEqualTo(20 * MS);
    assertThat(send(40 * MS, 100 * MS)).isEqualTo(40 * MS);
  }

  @Test
  void afterAResetTheNextFrameIsDueAtOnce() {
    send(0, 0);
    pacer.reset();
    assertThat(send(20 * MS, 5 * MS)).isEqualTo(5 * MS);
  }
}
