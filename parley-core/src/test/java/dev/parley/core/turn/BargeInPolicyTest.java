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
}
