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

import dev.parley.core.turn.BargeInPolicy.Action;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BargeInPolicyTest {
  private static final long MS = 1_000_000L;
  private final BargeInPolicy policy = new BargeInPolicy(BargeInPolicy.Settings.defaults());

  @Test
  void anOnsetPausesTheAgentAtOnce() {
    assertThat(policy.onSpeechStarted(1000 * MS)).isEqualTo(Action.PAUSE);
    assertThat(policy.active()).isTrue();
  }

  @Nested
  class Backchannels {
    @ParameterizedTest
    @ValueSource(
        strings = {"mhm", "uh-huh", "right", "okay", "yeah", "got it", "sure", "mm-hmm", "I see"})
    void aBackchannelResumesTheAgent(String said) {
      policy.onSpeechStarted(1000 * MS);
      assertThat(policy.onWords(said)).isEqualTo(Action.NONE);
      assertThat(policy.onSpeechEnded(1400 * MS)).isEqualTo(Action.RESUME);
      assertThat(policy.reason()).isEqualTo(BargeInPolicy.BACKCHANNEL);
    }

    @Test
    void wordsArrivingAfterTheSpeechEndedStillSettleIt() {
      policy.onSpeechStarted(1000 * MS);
      assertThat(policy.onSpeechEnded(1300 * MS)).isEqualTo(Action.NONE);
      assertThat(policy.onWords("mhm")).isEqualTo(Action.RESUME);
    }
  }

  @Nested
  class Interruptions {
    @ParameterizedTest
    @ValueSource(strings = {"stop", "wait", "hold on", "actually", "no", "sorry"})
    void anInterruptionPhraseStopsTheAgentAtOnce(String said) {
      policy.onSpeechStarted(1000 * MS);
      assertThat(policy.onWords(said)).isEqualTo(Action.INTERRUPT);
    }

    @Test
    void twoRealWordsStopTheAgent() {
      policy.onSpeechStarted(1000 * MS);
      assertThat(policy.onWords("make it")).isEqualTo(Action.INTERRUPT);
    }

    @Test
    void aSingleRealWordStopsTheAgentWhenTheSpeechEnds() {
      policy.onSpeechStarted(1000 * MS);
      assertThat(policy.onWords("Boston")).isEqualTo(Action.NONE);
      assertThat(policy.onSpeechEnded(1400 * MS)).isEqualTo(Action.INTERRUPT);
    }

    @Test
    void longSpeechIsNotABackchannel() {
      policy.onSpeechStarted(1000 * MS);
      assertThat(policy.wakeAtNanos()).isEqualTo(2500 * MS);
      assertThat(policy.onWake(2500 * MS)).isEqualTo(Action.INTERRUPT);
    }

    @Test
    void theNaiveBaselineStopsOnAnyOnset() {
      BargeInPolicy naive = new BargeInPolicy(BargeInPolicy.Settings.naive());
      assertThat(naive.onSpeechStarted(1000 * MS)).isEqualTo(Action.INTERRUPT);
    }
  }

  @Nested
  class FalseInterruptions {
    @Test
    void aSoundWithNoWordsResumesAfterTheTimeout() {
      policy.onSpeechStarted(1000 * MS);
      policy.onSpeechEnded(1200 * MS);
      assertThat(policy.onWake(2699 * MS)).isEqualTo(Action.NONE);
      assertThat(policy.onWake(2700 * MS)).isEqualTo(Action.RESUME);
      assertThat(policy.reason()).isEqualTo(BargeInPolicy.FALSE_INTERRUPTION);
      assertThat(policy.active()).isFalse();
    }
  }

  /** A recogniser that forces "mhm" into dictionary words: the sound decides short overlaps. */
  @Nested
  class WhenWordsCannotNameVocalisations {
    private final BargeInPolicy untrusting =
        new BargeInPolicy(BargeInPolicy.Settings.defaults(), false);

    /** Short, flat and softer than the agent: how "mhm" is made. */
    private final Acoustics mhm = new Acoustics(2, 3, 1.0, 0.8, 320, 1.5, -32);

    /** A second of lively speech as loud as the agent: how a question is asked. */
    private final Acoustics question = new Acoustics(6, 2, 1.1, 0.1, 1100, 7, -20);

    @Test
    void aShortFlatSoftSoundMisheardAsAWordResumes() {
      untrusting.noteAgentLevel(-22);
      assertThat(untrusting.onSpeechStarted(0)).isEqualTo(Action.PAUSE);
      assertThat(untrusting.onWords("i'm")).isEqualTo(Action.NONE);
      assertThat(untrusting.onSpeechEnded(400 * MS, mhm)).isEqualTo(Action.RESUME);
      assertThat(untrusting.reason()).isEqualTo(BargeInPolicy.BACKCHANNEL);
    }

    @Test
    void twoMisheardWordsDoNotInterruptWhileTheUserSpeaks() {
      untrusting.noteAgentLevel(-22);
      untrusting.onSpeechStarted(0);
      assertThat(untrusting.onWords("a hot")).isEqualTo(Action.NONE);
      assertThat(untrusting.onSpeechEnded(400 * MS, mhm)).isEqualTo(Action.RESUME);
    }

    @Test
    void aLongLivelyUtteranceInterruptsWhateverItsWords() {
      untrusting.noteAgentLevel(-22);
      untrusting.onSpeechStarted(0);
      assertThat(untrusting.onWords("what")).isEqualTo(Action.NONE);
      assertThat(untrusting.onSpeechEnded(1100 * MS, question)).isEqualTo(Action.INTERRUPT);
    }

    @Test
    void threeRealWordsOrAnInterruptionPhraseStillInterruptAtOnce() {
      untrusting.onSpeechStarted(0);
      assertThat(untrusting.onWords("what are my")).isEqualTo(Action.INTERRUPT);
      untrusting.onSpeechStarted(2000 * MS);
      assertThat(untrusting.onWords("stop")).isEqualTo(Action.INTERRUPT);
    }

    @Test
    void trustedWordsKeepTheWordRule() {
      policy.noteAgentLevel(-22);
      policy.onSpeechStarted(0);
      policy.onWords("boston");
      assertThat(policy.onSpeechEnded(400 * MS, mhm)).isEqualTo(Action.INTERRUPT);
    }
  }

  @Test
  void theSoundOfABackchannelIsShortFlatAndSoft() {
    assertThat(BargeInPolicy.soundsLikeBackchannel(new Acoustics(0, 0, 1, 0, 300, 2, -30), -20))
        .isTrue();
    assertThat(BargeInPolicy.soundsLikeBackchannel(new Acoustics(0, 0, 1, 0, 1200, 8, -15), -20))
        .isFalse();
    assertThat(BargeInPolicy.soundsLikeBackchannel(Acoustics.UNKNOWN, -20)).isFalse();
  }
}
