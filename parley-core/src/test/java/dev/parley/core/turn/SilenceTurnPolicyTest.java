package dev.parley.core.turn;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SilenceTurnPolicyTest {
  private static final long MS = 1_000_000L;
  private final SilenceTurnPolicy policy = new SilenceTurnPolicy(250 * MS, 300 * MS, 800 * MS);

  @Test
  void silenceFirstFiresAnEagerEndThenEndsTheTurn() {
    policy.onSpeechStarted(0);
    assertThat(policy.onSpeechEnded(1000 * MS)).isEqualTo(new TurnDecision.WakeAt(1250 * MS));
    assertThat(policy.onWake(1250 * MS)).isEqualTo(new TurnDecision.EagerEnd(0.5, 1550 * MS));
    assertThat(policy.onWake(1550 * MS)).isEqualTo(TurnDecision.END_OF_TURN);
  }

  @Test
  void speakingAfterAnEagerEndResumesTheTurn() {
    policy.onSpeechStarted(0);
    policy.onSpeechEnded(1000 * MS);
    policy.onWake(1250 * MS);
    assertThat(policy.onSpeechStarted(1400 * MS)).isEqualTo(TurnDecision.RESUMED);
    assertThat(policy.onWake(1550 * MS)).isEqualTo(TurnDecision.WAIT);
  }

  @Test
  void aConfidentJudgementEndsTheTurnAtTheMinimumSilence() {
    policy.onSpeechStarted(0);
    policy.onSpeechEnded(1000 * MS);
    policy.onWake(1250 * MS);
    assertThat(policy.onJudgement(1.0, 1300 * MS)).isEqualTo(TurnDecision.END_OF_TURN);
  }

  @Test
  void anUnsureJudgementWaitsTheMaximumSilence() {
    policy.onSpeechStarted(0);
    policy.onSpeechEnded(1000 * MS);
    assertThat(policy.onJudgement(0.0, 1100 * MS)).isEqualTo(new TurnDecision.WakeAt(1250 * MS));
    assertThat(policy.onWake(1250 * MS)).isEqualTo(new TurnDecision.EagerEnd(0.0, 1800 * MS));
    assertThat(policy.onWake(1799 * MS)).isEqualTo(new TurnDecision.WakeAt(1800 * MS));
    assertThat(policy.onWake(1800 * MS)).isEqualTo(TurnDecision.END_OF_TURN);
  }

  @Test
  void nothingEndsWhileTheUserSpeaks() {
    policy.onSpeechStarted(0);
    assertThat(policy.onWake(5000 * MS)).isEqualTo(TurnDecision.WAIT);
    assertThat(policy.onJudgement(1.0, 5000 * MS)).isEqualTo(TurnDecision.WAIT);
  }

  @Test
  void aTurnEndsOnlyOnce() {
    policy.onSpeechStarted(0);
    policy.onSpeechEnded(1000 * MS);
    assertThat(policy.onWake(2000 * MS)).isEqualTo(TurnDecision.END_OF_TURN);
    assertThat(policy.onWake(3000 * MS)).isEqualTo(TurnDecision.WAIT);
  }
}
