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

import java.util.List;
import org.junit.jupiter.api.Test;

/** The session's turn-taking decisions, with no session and no clock: times are plain numbers. */
class TurnTakingTest {
  private static final long MS = 1_000_000L;

  private final TurnJudge judge = new TurnJudge(List.of(), 3000);
  private final TurnTaking turns =
      new TurnTaking(
          new EndpointingPolicy(judge, 200, 3000, 0.5),
          new BargeInPolicy(BargeInPolicy.Settings.defaults()),
          judge,
          0.5);

  @Test
  void speechTooSoonAfterTheReplyBecameAudibleContinuesTheUsersTurn() {
    long audible = 10_000 * MS;
    assertThat(turns.onsetUnderReply(audible + 100 * MS, TurnTaking.Reply.SPEAKING, audible, false))
        .isEqualTo(TurnTaking.Onset.CONTINUES_TURN);
    assertThat(turns.onsetUnderReply(audible + 400 * MS, TurnTaking.Reply.SPEAKING, audible, false))
        .isEqualTo(TurnTaking.Onset.BARGE_IN);
  }

  @Test
  void whileThinkingOnlyAHeardFillerMakesSpeechABargeIn() {
    assertThat(turns.onsetUnderReply(0, TurnTaking.Reply.THINKING, 0, false))
        .isEqualTo(TurnTaking.Onset.CONTINUES_TURN);
    assertThat(turns.onsetUnderReply(0, TurnTaking.Reply.THINKING, 0, true))
        .isEqualTo(TurnTaking.Onset.BARGE_IN);
    assertThat(turns.onsetUnderReply(0, TurnTaking.Reply.IDLE, 0, true))
        .isEqualTo(TurnTaking.Onset.TURN);
  }

  @Test
  void aShortWordlessSoundIsNotATurn() {
    assertThat(turns.isTurn("", 200 * MS)).isFalse();
    assertThat(turns.isTurn("", 600 * MS)).isTrue();
    assertThat(turns.isTurn("yes", 100 * MS)).isTrue();
  }

  @Test
  void anEarlyEndNeedsCompleteWordsAndNoHoldRequest() {
    assertThat(turns.earlyEnd("book a flight to Boston please", "")).isGreaterThanOrEqualTo(0.5);
    assertThat(turns.earlyEnd("I want to go to", "")).isNaN();
    assertThat(turns.earlyEnd("hold on", "")).isNaN();
    assertThat(turns.earlyEnd(" ", "")).isNaN();
  }

  @Test
  void aHoldRequestWaitsPastTheFallbackAndNewWordsEndIt() {
    TurnPolicy policy = turns.policy();
    policy.onSpeechStarted(0);
    policy.onTranscript("one second let me check", 900 * MS);
    TurnDecision held = policy.onSpeechEnded(1000 * MS);
    assertThat(held).isEqualTo(new TurnDecision.WakeAt(9000 * MS));
    assertThat(policy.onWake(4500 * MS)).isEqualTo(new TurnDecision.WakeAt(9000 * MS));
    assertThat(policy.onWake(9000 * MS)).isEqualTo(TurnDecision.END_OF_TURN);
  }

  @Test
  void revisedWordsMakeTheTurnUncertain() {
    EndpointingPolicy policy = new EndpointingPolicy(judge, 200, 3000, 0.5);
    policy.onSpeechStarted(0);
    policy.onTranscript("I want", 100 * MS);
    policy.onTranscript("I want to", 200 * MS);
    assertThat(policy.wordsUncertain()).isFalse();
    policy.onTranscript("I won't you", 300 * MS);
    assertThat(policy.wordsUncertain()).isTrue();
    policy.onTranscript("I won't you go", 400 * MS);
    policy.onTranscript("I won't you go to", 500 * MS);
    policy.onTranscript("I won't you go to Boston", 600 * MS);
    assertThat(policy.wordsUncertain()).isFalse();
  }

  @Test
  void aHoldRequestThatInterruptedTheAgentWaitsOnlyTheOrdinaryFallback() {
    TurnPolicy policy = turns.policy();
    policy.onSpeechStarted(0);
    policy.onInterruptedAgent();
    policy.onTranscript("hold on", 500 * MS);
    TurnDecision decision = policy.onSpeechEnded(600 * MS);
    assertThat(decision).isInstanceOf(TurnDecision.WakeAt.class);
    // The curve's wait for p = 0.03 (about 2.8 s), within the 3 s fallback: not the 8 s hold.
    assertThat(((TurnDecision.WakeAt) decision).atNanos()).isBetween(2600 * MS, 3600 * MS);
  }
}
