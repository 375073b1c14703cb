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
package dev.parley.core.turn;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The acoustics of an ending, from per-frame levels and pitches. */
class FinalStretchTest {
  private final FinalStretch stretch = new FinalStretch();

  /** Syllables of 160 ms at -20 dBFS and 200 Hz with 60 ms gaps. */
  private void syllables(int count) {
    for (int s = 0; s < count; s++) {
      for (int f = 0; f < 8; f++) {
        stretch.accept(-20 + (f % 2), 200 + 10 * (f % 3));
      }
      for (int f = 0; f < 3; f++) {
        stretch.accept(-45, 0);
      }
    }
  }

  @Test
  void aFadingEndingHasEnergyDecay() {
    syllables(8);
    for (int f = 0; f < 10; f++) {
      stretch.accept(-30 - f, 180);
    }
    Acoustics a = stretch.summary(-6);
    assertThat(a.energyDecayDb()).isGreaterThan(6);
    assertThat(a.finalPitchSlope()).isEqualTo(-6);
    assertThat(a.voicedMillis()).isGreaterThan(1000);
  }

  @Test
  void aHeldFlatVowelIsAFilledPause() {
    syllables(6);
    for (int f = 0; f < 25; f++) {
      stretch.accept(-21, 150);
    }
    Acoustics a = stretch.summary(0);
    assertThat(a.filledPause()).isGreaterThanOrEqualTo(0.7);
    assertThat(a.finalLengthening()).isGreaterThan(2);
  }

  @Test
  void ordinarySyllablesAreNotAFilledPause() {
    syllables(8);
    Acoustics a = stretch.summary(0);
    assertThat(a.filledPause()).isLessThan(0.7);
  }

  @Test
  void theSilenceTheVadStillCountedAsSpeechIsNotPartOfTheEnding() {
    long frame = 20_000_000L;
    long at = 0;
    for (int f = 0; f < 40; f++, at += frame) {
      stretch.accept(-21, 150, at);
    }
    long silenceStart = at;
    for (int f = 0; f < 15; f++, at += frame) {
      stretch.accept(-110, 0, at); // the VAD's hangover before it confirmed the silence
    }
    Acoustics a = stretch.summary(0, silenceStart);
    assertThat(a.energyDecayDb()).isBetween(-1.0, 1.0);
    assertThat(a.filledPause()).isGreaterThanOrEqualTo(0.7);
  }

  @Test
  void silenceBeforeTheVadsSilenceStartIsNotAFade() {
    // The voice held its level to the end; the VAD dated the silence three frames late, so the
    // frames before its silence start already hold the quiet that followed.
    for (int f = 0; f < 40; f++) {
      stretch.accept(-21, 150);
    }
    for (int f = 0; f < 3; f++) {
      stretch.accept(-110, 0);
    }
    assertThat(stretch.summary(0).energyDecayDb()).isBetween(-1.0, 1.0);
  }

  @Test
  void aVoiceFadingOutStillDecaysWhenQuietFollows() {
    syllables(8);
    for (int f = 0; f < 10; f++) {
      stretch.accept(-30 - f, 180);
    }
    for (int f = 0; f < 3; f++) {
      stretch.accept(-110, 0);
    }
    assertThat(stretch.summary(-6).energyDecayDb()).isGreaterThan(6);
  }

  @Test
  void resetForgetsTheLastUtterance() {
    syllables(4);
    stretch.reset();
    assertThat(stretch.summary(Double.NaN).voicedMillis()).isZero();
  }
}
