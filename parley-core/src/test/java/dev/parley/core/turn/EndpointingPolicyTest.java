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
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class EndpointingPolicyTest {
  private static final long MS = 1_000_000L;

  private final EndpointingPolicy policy =
      new EndpointingPolicy(
          new TurnJudge(List.of(ContextRule.digitsAfterNumberQuestion()), 3000), 200, 3000, 0.5);

  private TurnDecision speakThenStop(String words, long silenceAt) {
    policy.onSpeechStarted(0);
    policy.onTranscript(words, silenceAt - 100 * MS);
    return policy.onSpeechEnded(silenceAt);
  }

  @Nested
  class TheWaitFollowsTheCompletionProbability {
    @Test
    void vapisCurveWaitsTwentyMillisecondsWhenSureAndThreeSecondsWhenNot() {
      assertThat(EndpointingPolicy.waitMillis(1.0)).isEqualTo(20.0);
      assertThat(EndpointingPolicy.waitMillis(0.0)).isEqualTo(3020.0);
      assertThat(EndpointingPolicy.waitMillis(0.5)).isBetween(680.0, 690.0);
    }

    @Test
    void aCompleteSentenceEndsSoonAfterTheSilence() {
      TurnDecision first = speakThenStop("book a flight to Boston", 1000 * MS);
      assertThat(first).isInstanceOf(TurnDecision.EagerEnd.class);
      long endAt = ((TurnDecision.EagerEnd) first).wakeAtNanos();
      assertThat(endAt - 1000 * MS).isBetween(200 * MS, 320 * MS);
      assertThat(policy.onWake(endAt)).isEqualTo(TurnDecision.END_OF_TURN);
    }

    @Test
    void finalWordsThatReadUnfinishedReopenATurnEndedOnEarlierWords() {
      TurnDecision first = speakThenStop("book a flight to Boston", 1000 * MS);
      long endAt = ((TurnDecision.EagerEnd) first).wakeAtNanos();
      assertThat(policy.onWake(endAt)).isEqualTo(TurnDecision.END_OF_TURN);
      // The recogniser's final words differ from its partial ones, and end on "to".
      TurnDecision judged =
          policy.onFinalTranscript("book a flight from boston to", endAt + 50 * MS);
      assertThat(judged).isInstanceOf(TurnDecision.WakeAt.class);
      assertThat(((TurnDecision.WakeAt) judged).atNanos() - 1000 * MS).isGreaterThan(1000 * MS);
    }

    @Test
    void finalWordsThatStillReadDoneKeepTheEnd() {
      TurnDecision first = speakThenStop("book a flight to Boston", 1000 * MS);
      long endAt = ((TurnDecision.EagerEnd) first).wakeAtNanos();
      assertThat(policy.onWake(endAt)).isEqualTo(TurnDecision.END_OF_TURN);
      assertThat(policy.onFinalTranscript("book a flight to boston", endAt + 50 * MS))
          .isEqualTo(TurnDecision.END_OF_TURN);
    }

    @Test
    void aTrailingConjunctionWaitsMuchLonger() {
      TurnDecision first = speakThenStop("I want to fly to Boston and", 1000 * MS);
      assertThat(first).isInstanceOf(TurnDecision.WakeAt.class);
      assertThat(((TurnDecision.WakeAt) first).atNanos() - 1000 * MS).isGreaterThan(1500 * MS);
    }

    @Test
    void aFillerWaitsMuchLonger() {
      TurnDecision first = speakThenStop("I'd like to go to um", 1000 * MS);
      assertThat(((TurnDecision.WakeAt) first).atNanos() - 1000 * MS).isGreaterThan(2000 * MS);
    }

    @Test
    void theHardFallbackEndsEveryTurn() {
      EndpointingPolicy strict =
          new EndpointingPolicy(new TurnJudge(List.of(), 3000), 200, 2000, 0.5);
      strict.onSpeechStarted(0);
      strict.onTranscript("I want to go to", 900 * MS);
      assertThat(strict.onSpeechEnded(1000 * MS)).isEqualTo(new TurnDecision.WakeAt(3000 * MS));
      assertThat(strict.onWake(3000 * MS)).isEqualTo(TurnDecision.END_OF_TURN);
    }

    @Test
    void newWordsInTheSilenceRejudgeTheTurn() {
      speakThenStop("I want to go to", 1000 * MS);
      assertThat(policy.onTranscript("I want to go to Denver", 1300 * MS))
          .isEqualTo(TurnDecision.END_OF_TURN);
    }

    @Test
    void aConfidentModelShortensTheWait() {
      speakThenStop("I think", 1000 * MS);
      assertThat(policy.onJudgement(0.99, 1250 * MS)).isEqualTo(TurnDecision.END_OF_TURN);
    }
  }

  @Nested
  class Context {
    @Test
    void afterTheAgentAsksForANumberPausesBetweenDigitsDoNotEndTheTurn() {
      policy.onAgentUtterance("What's your account number?");
      TurnDecision first = speakThenStop("four five seven", 1000 * MS);
      assertThat(((TurnDecision.WakeAt) first).atNanos() - 1000 * MS).isGreaterThan(1800 * MS);
    }

    @Test
    void withoutTheQuestionADigitIsAnOrdinaryAnswer() {
      policy.onAgentUtterance("How many passengers?");
      TurnDecision first = speakThenStop("two", 1000 * MS);
      assertThat(first).isInstanceOf(TurnDecision.EagerEnd.class);
    }
  }

  @Nested
  class Eagerness {
    @Test
    void speakingAgainAfterAnEagerEndResumesTheTurn() {
      speakThenStop("book a flight to Boston", 1000 * MS);
      assertThat(policy.onSpeechStarted(1150 * MS)).isEqualTo(TurnDecision.RESUMED);
      assertThat(policy.onWake(2000 * MS)).isEqualTo(TurnDecision.WAIT);
    }

    @Test
    void anUnsureTurnFiresNoEagerEnd() {
      assertThat(speakThenStop("and then", 1000 * MS)).isInstanceOf(TurnDecision.WakeAt.class);
    }

    @Test
    void aResetForgetsTheTurn() {
      speakThenStop("mhm", 1000 * MS);
      policy.reset();
      assertThat(policy.onWake(5000 * MS)).isEqualTo(TurnDecision.WAIT);
    }
  }

  @Nested
  class RecognizerEndOfTurn {
    @Test
    void aConfidentEndOfTurnFromTheRecognizerEndsAnUnsureTurnSooner() {
      TurnDecision first = speakThenStop("I think that is", 1000 * MS);
      long before = ((TurnDecision.WakeAt) first).atNanos();
      TurnDecision after = policy.onRecognizerEndOfTurn(0.95, 1100 * MS);
      long sooner =
          switch (after) {
            case TurnDecision.WakeAt w -> w.atNanos();
            case TurnDecision.EagerEnd e -> e.wakeAtNanos();
            default -> throw new AssertionError(after);
          };
      assertThat(sooner).isLessThan(before);
    }

    @Test
    void newSpeechForgetsTheRecognizersEstimate() {
      speakThenStop("I think that is", 1000 * MS);
      policy.onRecognizerEndOfTurn(0.95, 1100 * MS);
      policy.onSpeechStarted(1200 * MS);
      policy.onTranscript("I think that is", 1300 * MS);
      TurnDecision again = policy.onSpeechEnded(1400 * MS);
      long fresh = ((TurnDecision.WakeAt) speakFresh()).atNanos() - 1000 * MS;
      assertThat(((TurnDecision.WakeAt) again).atNanos() - 1400 * MS).isEqualTo(fresh);
    }

    private TurnDecision speakFresh() {
      EndpointingPolicy other =
          new EndpointingPolicy(
              new TurnJudge(List.of(ContextRule.digitsAfterNumberQuestion()), 3000),
              200,
              3000,
              0.5);
      other.onSpeechStarted(0);
      other.onTranscript("I think that is", 900 * MS);
      return other.onSpeechEnded(1000 * MS);
    }

    @Test
    void whileTheUserSpeaksItOnlyWaits() {
      policy.onSpeechStarted(0);
      assertThat(policy.onRecognizerEndOfTurn(0.99, 100 * MS)).isEqualTo(TurnDecision.WAIT);
    }
  }
}
