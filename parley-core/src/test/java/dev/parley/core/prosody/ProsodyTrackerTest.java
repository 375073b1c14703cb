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
import static dev.parley.core.prosody.Voices.quiet;
import static dev.parley.core.prosody.Voices.speech;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.parley.core.prosody.UserAffect.Label;
import dev.parley.core.prosody.Voices.Script;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ProsodyTrackerTest {
  private static final long SECOND = 1_000_000_000L;

  /** Semitones per second of a glide evenly spread in semitones. */
  private static double glideSlope(double fromHz, double toHz, double seconds) {
    return 12 * Math.log(toHz / fromHz) / Math.log(2) / seconds;
  }

  @Nested
  class FinalPitchSlope {
    private UserAffect glideTurn(ProsodyTracker tracker, double fromHz, double toHz) {
      Script script =
          Script.of(
              quiet(0.2),
              speech(Voices.pulses(Voices.glide(fromHz, toHz, 1.0), 0.3, Voices.samples(1.0))),
              quiet(0.4));
      return script.turn(tracker, 0);
    }

    @Test
    void aGlideFromTwoTwentyDownToOneFiftyEndsFalling() {
      UserAffect affect = glideTurn(new ProsodyTracker(), 220, 150);
      double expected = glideSlope(220, 150, 1.0); // −6.63 st/s
      assertThat(affect.finalSlopeSemitonesPerSecond())
          .isCloseTo(expected, within(0.15 * Math.abs(expected)));
      assertThat(affect.describe()).contains("ending falling");
    }

    @Test
    void aGlideFromOneFiftyUpToTwoTwentyEndsRising() {
      UserAffect affect = glideTurn(new ProsodyTracker(), 150, 220);
      double expected = glideSlope(150, 220, 1.0); // +6.63 st/s
      assertThat(affect.finalSlopeSemitonesPerSecond())
          .isCloseTo(expected, within(0.15 * Math.abs(expected)));
      assertThat(affect.describe()).contains("ending rising");
    }

    @Test
    void aLevelToneEndsLevel() {
      Script script = Script.of(speech(Voices.pulses(180, 0.3, Voices.samples(1.0))), quiet(0.2));
      UserAffect affect = script.turn(new ProsodyTracker(), 0);
      assertThat(affect.finalSlopeSemitonesPerSecond()).isCloseTo(0, within(0.3));
      assertThat(affect.describe()).contains("ending level");
    }

    @Test
    void theSlopeIsAvailableLiveWhileTheTurnGoesOn() {
      ProsodyTracker tracker = new ProsodyTracker();
      short[] audio = Voices.pulses(Voices.glide(220, 150, 1.0), 0.3, Voices.samples(1.0));
      tracker.startTurn();
      Voices.feed(tracker, audio, Voices.allSpeech(audio), 0);
      double live = tracker.finalPitchSlope();
      assertThat(live).isCloseTo(glideSlope(220, 150, 1.0), within(1.0));
      assertThat(tracker.summary().finalSlopeSemitonesPerSecond()).isEqualTo(live);
    }

    @Test
    void tooLittleVoicingGivesNoSlope() {
      Script script = Script.of(speech(Voices.pulses(200, 0.3, 3 * FRAME)), quiet(0.2));
      assertThat(script.turn(new ProsodyTracker(), 0).finalSlopeSemitonesPerSecond()).isZero();
    }
  }

  @Nested
  class SpeakingRate {
    @ParameterizedTest(name = "{0} syllables per second")
    @CsvSource({"4", "6"})
    void aSyllableTrainIsCountedWithinTwentyPercent(double perSecond) {
      Script script =
          Script.of(
              quiet(0.2),
              speech(Voices.syllables(Voices.intonation(150, 1, 0.5), perSecond, 3.0, 0.3)),
              quiet(0.4));
      UserAffect affect = script.turn(new ProsodyTracker(), 0);
      assertThat(affect.syllablesPerSecond()).isCloseTo(perSecond, within(0.2 * perSecond));
    }

    @Test
    void pausesDoNotSlowTheArticulationRate() {
      DoubleUnaryOperator voice = Voices.intonation(150, 1, 0.5);
      Script script =
          Script.of(
              speech(Voices.syllables(voice, 5, 1.6, 0.3)),
              quiet(0.8),
              speech(Voices.syllables(voice, 5, 1.6, 0.3)),
              quiet(0.4));
      UserAffect affect = script.turn(new ProsodyTracker(), 0);
      assertThat(affect.pauseCount()).isEqualTo(1);
      assertThat(affect.syllablesPerSecond()).isCloseTo(5, within(1.0));
    }
  }

  @Nested
  class Hesitation {
    @Test
    void pausesInsideTheTurnAreCountedAndTimed() {
      short[] second = Voices.pulses(140, 0.3, Voices.samples(1.0));
      short[] short1 = Voices.pulses(140, 0.3, Voices.samples(0.4));
      Script script =
          Script.of(
              quiet(0.4), // before the turn's first speech: not a pause
              speech(second),
              quiet(0.5), // pause
              speech(second),
              quiet(0.3), // pause
              speech(short1),
              quiet(0.1), // a stop closure or VAD flicker: too short to be a pause
              speech(short1),
              quiet(0.6)); // the end of the turn: not a pause
      UserAffect affect = script.turn(new ProsodyTracker(), 5 * SECOND);
      assertThat(affect.pauseCount()).isEqualTo(2);
      assertThat(affect.pauseMillis()).isEqualTo(800);
      assertThat(affect.speakingMillis()).isEqualTo(3700);
      assertThat(affect.hesitationRatio()).isCloseTo(800.0 / 3700, within(1e-9));
      assertThat(affect.voicedMillis()).isBetween(2600L, 2800L);
    }

    @Test
    void aTurnWithoutSpeechIsSilent() {
      Script script = Script.of(quiet(1.0));
      UserAffect affect = script.turn(new ProsodyTracker(), 0);
      assertThat(affect).isEqualTo(UserAffect.silent(0));
      assertThat(affect.describe()).isEqualTo("no voiced speech");
    }
  }

  /**
   * A speaker whose usual voice is 120 Hz with gentle intonation at four syllables a second, heard
   * for three turns before the turn under test.
   */
  @Nested
  class LabelsAgainstABaseline {
    private static final double USUAL_HZ = 120;
    private static final double USUAL_AMPLITUDE = 0.1;

    private final ProsodyTracker tracker = new ProsodyTracker();
    private long nowNanos;

    private UserAffect say(Voices.Segment... segments) {
      Script script = Script.of(segments);
      UserAffect affect = script.turn(tracker, nowNanos);
      nowNanos += script.nanos() + SECOND;
      return affect;
    }

    private static Voices.Segment usual(double seconds) {
      return speech(
          Voices.syllables(Voices.intonation(USUAL_HZ, 1.5, 0.7), 4, seconds, USUAL_AMPLITUDE));
    }

    private void usualTurns() {
      for (int i = 0; i < 3; i++) {
        say(usual(3.0), quiet(0.4));
      }
      assertThat(tracker.baselineTurns()).isEqualTo(3);
    }

    @Test
    void theFirstTurnSetsTheBaselineAndIsMeasuredAbsolutely() {
      UserAffect first = say(usual(3.0), quiet(0.4));
      assertThat(first.hasBaseline()).isFalse();
      assertThat(first.pitchSemitones()).isZero();
      assertThat(first.pitchHz()).isCloseTo(USUAL_HZ, within(0.03 * USUAL_HZ));
      assertThat(first.describe()).startsWith("pitch 12").endsWith("(no baseline yet)");
      assertThat(first.confidence()).isLessThan(0.5);
      assertThat(tracker.baselineTurns()).isEqualTo(1);
    }

    @Test
    void theUsualVoiceSoundsCalm() {
      usualTurns();
      UserAffect affect = say(usual(3.0), quiet(0.4));
      assertThat(affect.label()).isEqualTo(Label.CALM);
      assertThat(affect.pitchSemitones()).isCloseTo(0, within(0.5));
      assertThat(affect.loudnessRelativeDb()).isCloseTo(0, within(1.0));
      // A quarter second of every syllable is silent, so 3 s of speech voice about 1.4 s.
      assertThat(affect.confidence())
          .isCloseTo(affect.voicedMillis() / 2000.0, within(1e-9))
          .isGreaterThan(0.6);
      assertThat(affect.describe()).endsWith("— sounds calm");
    }

    @Test
    void louderHigherAndFasterSoundsAgitated() {
      usualTurns();
      UserAffect affect =
          say(speech(Voices.syllables(Voices.intonation(160, 1.5, 0.7), 6, 3.0, 0.3)), quiet(0.4));
      assertThat(affect.loudnessRelativeDb()).isGreaterThan(UserAffect.LOUD_DB);
      assertThat(affect.pitchSemitones())
          .isCloseTo(12 * Math.log(160 / USUAL_HZ) / Math.log(2), within(0.5));
      assertThat(affect.fast()).isTrue();
      assertThat(affect.label()).isEqualTo(Label.AGITATED);
      assertThat(affect.describe())
          .contains("above usual", "loud (+", "fast (")
          .endsWith("— sounds agitated");
    }

    @Test
    void louderWithWideIntonationAtTheUsualRateSoundsUpset() {
      usualTurns();
      UserAffect affect =
          say(
              speech(Voices.syllables(Voices.intonation(USUAL_HZ, 5, 0.7), 4, 3.0, 0.3)),
              quiet(0.4));
      assertThat(affect.wideRange()).isTrue();
      assertThat(affect.loud()).isTrue();
      assertThat(affect.fast()).isFalse();
      assertThat(affect.label()).isEqualTo(Label.UPSET);
    }

    @Test
    void longPausesSoundHesitant() {
      usualTurns();
      UserAffect affect =
          say(
              usual(1.0),
              quiet(0.6),
              usual(1.0),
              quiet(0.6),
              usual(1.0),
              quiet(0.6),
              usual(1.0),
              quiet(0.4));
      assertThat(affect.pauseCount()).isEqualTo(3);
      assertThat(affect.hesitationRatio()).isGreaterThan(UserAffect.HESITANT_RATIO);
      assertThat(affect.label()).isEqualTo(Label.HESITANT);
      assertThat(affect.describe())
          .contains("steady (4.0 syl/s), 3 pauses (hesitation 0.31)")
          .endsWith("— sounds hesitant");
    }

    @Test
    void twoPausesWithSlowSpeechSoundHesitant() {
      usualTurns();
      DoubleUnaryOperator voice = Voices.intonation(USUAL_HZ, 1.5, 0.7);
      Voices.Segment slow = speech(Voices.syllables(voice, 2.5, 1.2, USUAL_AMPLITUDE));
      UserAffect affect = say(slow, quiet(0.4), slow, quiet(0.4), slow, quiet(0.4));
      assertThat(affect.pauseCount()).isEqualTo(2);
      assertThat(affect.hesitationRatio()).isLessThan(UserAffect.HESITANT_RATIO);
      assertThat(affect.slow()).isTrue();
      assertThat(affect.label()).isEqualTo(Label.HESITANT);
    }

    @Test
    void aShortAcknowledgementIsNeutralAndLeavesTheBaselineAlone() {
      usualTurns();
      UserAffect mhm = say(speech(Voices.pulses(200, 0.3, Voices.samples(0.2))), quiet(0.4));
      assertThat(mhm.label()).isEqualTo(Label.NEUTRAL);
      assertThat(tracker.baselineTurns()).isEqualTo(3);
    }
  }

  @Nested
  class Lifecycle {
    @Test
    void framesOutsideATurnUpdateOnlyTheFrameReadings() {
      ProsodyTracker tracker = new ProsodyTracker();
      short[] audio = Voices.pulses(200, 0.5, 2 * FRAME);
      tracker.accept(audio, 0, true, 0);
      tracker.accept(audio, FRAME, true, ProsodyTracker.FRAME_NANOS);
      assertThat(tracker.inTurn()).isFalse();
      assertThat(tracker.pitchHz()).isCloseTo(200, within(2.0));
      assertThat(tracker.voiced()).isTrue();
      assertThat(tracker.voicing()).isGreaterThan(0.9);
      assertThat(tracker.levelDbfs()).isBetween(-20.0, -3.0);
      assertThat(tracker.summary()).isEqualTo(UserAffect.silent(0));
    }

    @Test
    void nonSpeechFramesHaveNoPitch() {
      ProsodyTracker tracker = new ProsodyTracker();
      short[] audio = Voices.pulses(200, 0.5, 2 * FRAME);
      tracker.accept(audio, 0, true, 0);
      tracker.accept(audio, FRAME, false, ProsodyTracker.FRAME_NANOS);
      assertThat(tracker.pitchHz()).isZero();
      assertThat(tracker.voiced()).isFalse();
    }

    @Test
    void endingATurnThatWasNeverStartedIsAMistake() {
      ProsodyTracker tracker = new ProsodyTracker();
      assertThatThrownBy(tracker::endTurn).isInstanceOf(IllegalStateException.class);
      tracker.startTurn();
      tracker.endTurn();
      assertThatThrownBy(tracker::endTurn).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void startingAgainAbandonsTheTurnInProgress() {
      ProsodyTracker tracker = new ProsodyTracker();
      short[] audio = Voices.pulses(200, 0.3, Voices.samples(1.0));
      tracker.startTurn();
      Voices.feed(tracker, audio, Voices.allSpeech(audio), 0);
      tracker.startTurn();
      assertThat(tracker.summary()).isEqualTo(UserAffect.silent(0));
      assertThat(tracker.baselineTurns()).isZero();
    }

    @Test
    void aGapInTheFramesRestartsThePitchWindow() {
      ProsodyTracker tracker = new ProsodyTracker();
      short[] low = Voices.pulses(100, 0.5, 2 * FRAME);
      short[] high = Voices.pulses(250, 0.5, FRAME);
      tracker.accept(low, 0, true, 0);
      tracker.accept(low, FRAME, true, ProsodyTracker.FRAME_NANOS);
      // Frames were lost: the window must not splice 100 Hz audio onto 250 Hz audio.
      tracker.accept(high, 0, true, 10 * ProsodyTracker.FRAME_NANOS);
      assertThat(tracker.pitchHz()).isNotCloseTo(100, within(20.0));
    }
  }
}
