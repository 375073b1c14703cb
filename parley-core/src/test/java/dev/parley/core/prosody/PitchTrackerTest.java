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
package dev.parley.core.prosody;

import static dev.parley.core.prosody.Voices.FRAME;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PitchTrackerTest {
  /** The largest relative error of the estimates from the second frame on: after one window. */
  private static double worstError(short[] audio, double hz) {
    PitchTracker tracker = new PitchTracker();
    double worst = 0;
    for (int f = 0; f < audio.length / FRAME; f++) {
      double estimate = tracker.accept(audio, f * FRAME);
      if (f >= 1) {
        worst = Math.max(worst, Math.abs(estimate / hz - 1));
      }
    }
    return worst;
  }

  private static int voicedFrames(short[] audio) {
    PitchTracker tracker = new PitchTracker();
    int voiced = 0;
    for (int f = 0; f < audio.length / FRAME; f++) {
      if (tracker.accept(audio, f * FRAME) > 0) {
        voiced++;
      }
    }
    return voiced;
  }

  @Nested
  class KnownPitch {
    @ParameterizedTest(name = "{0} Hz")
    @ValueSource(doubles = {100, 150, 220, 300})
    void aSineIsTrackedWithinTwoPercentAfterTheFirstWindow(double hz) {
      assertThat(worstError(Voices.sine(hz, 0.5, Voices.samples(1)), hz)).isLessThan(0.02);
    }

    @ParameterizedTest(name = "{0} Hz")
    @ValueSource(doubles = {100, 150, 220, 300})
    void aGlottalPulseTrainIsTrackedWithinTwoPercentAfterTheFirstWindow(double hz) {
      assertThat(worstError(Voices.pulses(hz, 0.5, Voices.samples(1)), hz)).isLessThan(0.02);
    }

    @ParameterizedTest(name = "{0} Hz")
    @ValueSource(doubles = {65, 390})
    void theEdgesOfTheRangeAreTracked(double hz) {
      assertThat(worstError(Voices.pulses(hz, 0.5, Voices.samples(1)), hz)).isLessThan(0.02);
    }

    @Test
    void aQuietVoiceInNoiseIsStillTracked() {
      // A voice at −26 dBFS over white noise at −41 dBFS RMS: 15 dB SNR, a poor phone line.
      int n = Voices.samples(1);
      short[] audio = Voices.mix(Voices.pulses(150, 0.1, n), Voices.noise(0.009, n, 3));
      assertThat(worstError(audio, 150)).isLessThan(0.02);
    }

    @Test
    void confidenceIsHighOnACleanVowel() {
      PitchTracker tracker = new PitchTracker();
      short[] audio = Voices.pulses(120, 0.5, 2 * FRAME);
      tracker.accept(audio, 0);
      tracker.accept(audio, FRAME);
      assertThat(tracker.hz()).isCloseTo(120, within(1.0));
      assertThat(tracker.confidence()).isGreaterThan(0.9);
    }
  }

  @Nested
  class NoPitch {
    @Test
    void digitalSilenceIsUnvoiced() {
      PitchTracker tracker = new PitchTracker();
      short[] silence = new short[FRAME];
      for (int f = 0; f < 10; f++) {
        assertThat(tracker.accept(silence, 0)).isZero();
      }
      assertThat(tracker.confidence()).isZero();
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 4, 5})
    void whiteNoiseIsUnvoiced(long seed) {
      assertThat(voicedFrames(Voices.noise(0.1, Voices.samples(2), seed))).isZero();
    }

    @Test
    void skippedFramesReadUnvoicedButFillTheWindow() {
      PitchTracker tracker = new PitchTracker();
      short[] audio = Voices.pulses(200, 0.5, 2 * FRAME);
      tracker.skip(audio, 0);
      assertThat(tracker.hz()).isZero();
      assertThat(tracker.accept(audio, FRAME)).isCloseTo(200, within(2.0));
    }

    @Test
    void resetForgetsTheWindow() {
      PitchTracker tracker = new PitchTracker();
      short[] audio = Voices.pulses(200, 0.5, 2 * FRAME);
      tracker.accept(audio, 0);
      tracker.accept(audio, FRAME);
      tracker.reset();
      assertThat(tracker.hz()).isZero();
      assertThat(tracker.confidence()).isZero();
    }
  }

  @Nested
  class Arguments {
    @Test
    void aFrameOutsideTheArrayIsRejected() {
      PitchTracker tracker = new PitchTracker();
      assertThatThrownBy(() -> tracker.accept(new short[FRAME], 1))
          .isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void aThresholdOutsideZeroToOneIsRejected() {
      assertThatThrownBy(() -> new PitchTracker(0)).isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> new PitchTracker(1)).isInstanceOf(IllegalArgumentException.class);
    }
  }
}
