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
package dev.parley.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TimeStretchTest {
  private static short[] tone(double hertz, int samples) {
    short[] pcm = new short[samples];
    for (int i = 0; i < samples; i++) {
      pcm[i] = (short) Math.round(8000 * Math.sin(2 * Math.PI * hertz * i / 16_000));
    }
    return pcm;
  }

  /** The frequency of a clip from its zero crossings. */
  private static double frequency(short[] pcm, int from, int to) {
    int crossings = 0;
    for (int i = from + 1; i < to; i++) {
      if ((pcm[i - 1] < 0) != (pcm[i] < 0)) {
        crossings++;
      }
    }
    return crossings / 2.0 / ((to - from) / 16_000.0);
  }

  @Test
  void fasterSpeechIsShorterAndKeepsItsPitch() {
    short[] voice = tone(200, 32_000);
    short[] faster = TimeStretch.stretch(voice, 1.25);
    assertThat(faster).hasSize(25_600);
    assertThat(frequency(faster, 2000, 23_000))
        .isCloseTo(200, org.assertj.core.data.Offset.offset(4.0));
    short[] slower = TimeStretch.stretch(voice, 0.85);
    assertThat(slower.length).isEqualTo((int) Math.round(32_000 / 0.85));
    assertThat(frequency(slower, 2000, 35_000))
        .isCloseTo(200, org.assertj.core.data.Offset.offset(4.0));
  }

  @Test
  void aTapeSpeedChangeWouldHaveMovedThePitch() {
    // The old way, for contrast: the same clip resampled is 25 % higher.
    short[] tape = dev.parley.core.audio.Resampler.resample(tone(200, 32_000), 20_000, 16_000);
    assertThat(frequency(tape, 2000, 23_000))
        .isCloseTo(250, org.assertj.core.data.Offset.offset(5.0));
  }

  @Test
  void aRateOfOneChangesNothingAndANonPositiveRateIsRefused() {
    short[] voice = tone(150, 4000);
    assertThat(TimeStretch.stretch(voice, 1.0)).isEqualTo(voice);
    assertThatThrownBy(() -> TimeStretch.stretch(voice, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("rate");
  }
}
