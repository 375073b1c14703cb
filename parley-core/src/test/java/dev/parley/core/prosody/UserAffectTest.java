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

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.parley.core.prosody.UserAffect.Label;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The labelling rules and the description, on constructed measurements. */
class UserAffectTest {
  /** A turn of a speaker with a three-turn baseline at 4 syllables a second, 2 s voiced. */
  private static UserAffect turn(
      double pitchSemitones,
      double rangeRelative,
      double loudnessRelativeDb,
      double syllablesPerSecond,
      double hesitationRatio,
      int pauseCount) {
    return new UserAffect(
        120 * Math.pow(2, pitchSemitones / 12),
        pitchSemitones,
        4 + rangeRelative,
        rangeRelative,
        -30 + loudnessRelativeDb,
        loudnessRelativeDb,
        syllablesPerSecond,
        4.0,
        hesitationRatio,
        pauseCount,
        (long) (hesitationRatio * 3000),
        -8,
        2000,
        3000,
        3);
  }

  @Nested
  class Labels {
    @Test
    void nearTheBaselineIsCalm() {
      assertThat(turn(0.5, 0.5, 1, 4.2, 0.05, 0).label()).isEqualTo(Label.CALM);
    }

    @Test
    void loudHighAndFastIsAgitated() {
      assertThat(turn(3, 0, 6, 5.2, 0, 0).label()).isEqualTo(Label.AGITATED);
    }

    @Test
    void loudHighAndFastIsAgitatedEvenWithPauses() {
      assertThat(turn(3, 0, 6, 5.2, 0.35, 2).label()).isEqualTo(Label.AGITATED);
    }

    @Test
    void anyTwoOfLoudHighAndWideWithoutSpeedIsUpset() {
      assertThat(turn(3, 0, 6, 4, 0, 0).label()).isEqualTo(Label.UPSET);
      assertThat(turn(0, 4, 6, 4, 0, 0).label()).isEqualTo(Label.UPSET);
      assertThat(turn(3, 4, 0, 4, 0, 0).label()).isEqualTo(Label.UPSET);
    }

    @Test
    void oneArousalCueAloneIsNeutral() {
      assertThat(turn(0, 0, 6, 4, 0, 0).label()).isEqualTo(Label.NEUTRAL);
    }

    @Test
    void muchPauseIsHesitant() {
      assertThat(turn(0, 0, 0, 4, 0.31, 1).label()).isEqualTo(Label.HESITANT);
    }

    @Test
    void twoPausesAndSlowSpeechIsHesitant() {
      assertThat(turn(0, 0, 0, 3.1, 0.2, 2).label()).isEqualTo(Label.HESITANT); // < 0.8 × 4
      assertThat(turn(0, 0, 0, 3.5, 0.2, 2).label()).isEqualTo(Label.NEUTRAL);
    }

    @Test
    void withoutABaselineOnlyHesitationIsJudged() {
      UserAffect loudHighFast =
          new UserAffect(200, 0, 8, 0, -10, 0, 6, 0, 0, 0, 0, 0, 2000, 2500, 0);
      assertThat(loudHighFast.label()).isEqualTo(Label.NEUTRAL);
      assertThat(loudHighFast.fast()).isTrue(); // absolute: at least 5.5 syllables a second
      UserAffect pausing =
          new UserAffect(200, 0, 8, 0, -10, 0, 4, 0, 0.4, 3, 1200, 0, 1500, 3000, 0);
      assertThat(pausing.label()).isEqualTo(Label.HESITANT);
    }

    @Test
    void tooLittleVoicingIsNeutralWhateverTheCues() {
      UserAffect shout = new UserAffect(300, 8, 6, 4, -5, 15, 7, 4, 0, 0, 0, 0, 200, 300, 3);
      assertThat(shout.label()).isEqualTo(Label.NEUTRAL);
      assertThat(shout.describe()).endsWith("— too little speech to judge");
    }
  }

  @Nested
  class Confidence {
    @Test
    void growsWithVoicingAndWithTheBaseline() {
      assertThat(new UserAffect(120, 0, 4, 0, -30, 0, 4, 0, 0, 0, 0, 0, 1000, 2000, 0).confidence())
          .isCloseTo(0.5 * 0.4, within(1e-9));
      assertThat(new UserAffect(120, 0, 4, 0, -30, 0, 4, 4, 0, 0, 0, 0, 2000, 2000, 1).confidence())
          .isCloseTo(0.8, within(1e-9));
      assertThat(new UserAffect(120, 0, 4, 0, -30, 0, 4, 4, 0, 0, 0, 0, 5000, 6000, 2).confidence())
          .isEqualTo(1.0);
    }
  }

  @Nested
  class Description {
    @Test
    void anAgitatedTurnReadsInOneLine() {
      assertThat(turn(2.1, 3.5, 5, 5.2, 0.31, 2).describe())
          .isEqualTo(
              "pitch +2.1 st above usual, range wide, loud (+5.0 dB), fast (5.2 syl/s),"
                  + " 2 pauses (hesitation 0.31), ending falling — sounds agitated");
    }

    @Test
    void aQuietFlatTurnSaysSo() {
      assertThat(turn(-1.2, -3.5, -6, 2.5, 0, 0).describe())
          .isEqualTo(
              "pitch -1.2 st below usual, range flat, quiet (-6.0 dB), slow (2.5 syl/s),"
                  + " no pauses, ending falling");
    }

    @Test
    void aFirstTurnIsDescribedInAbsoluteTerms() {
      UserAffect first =
          new UserAffect(182.4, 0, 5.2, 0, -22.6, 0, 4.4, 0, 0.1, 1, 300, 4.2, 2400, 3000, 0);
      assertThat(first.describe())
          .isEqualTo(
              "pitch 182 Hz, range 5.2 st, loudness -23 dBFS, steady (4.4 syl/s),"
                  + " 1 pause (hesitation 0.10), ending rising (no baseline yet)");
    }
  }
}
