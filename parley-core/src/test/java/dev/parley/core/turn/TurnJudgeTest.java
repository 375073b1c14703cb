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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TurnJudgeTest {
  private final TurnJudge judge = new TurnJudge(List.of(), 3000);

  @ParameterizedTest(name = "\"{0}\" is {1}")
  @CsvSource({
    "'book a flight to Boston', complete",
    "'yes', complete",
    "'that is all thank you', complete",
    "'I want to go to', incomplete",
    "'from Chicago and', incomplete",
    "'next Friday um', incomplete",
    "'I would like the', incomplete",
    "'Seattle to Denver tomorrow just me', complete",
    "'a window seat for me', complete",
    "'could you find me', incomplete",
    "'let me', incomplete",
  })
  void textCuesReadTheEndOfTheTranscript(String words, String expected) {
    double p = judge.judge(words, "", Double.NaN, Double.NaN).probability();
    if (expected.equals("complete")) {
      assertThat(p).isGreaterThanOrEqualTo(0.7);
    } else {
      assertThat(p).isLessThanOrEqualTo(0.2);
    }
  }

  @Test
  void aFallingPitchRaisesAndARisingPitchLowersTheProbability() {
    double flat = judge.judge("to Boston", "", Double.NaN, Double.NaN).probability();
    double falling = judge.judge("to Boston", "", -8, Double.NaN).probability();
    double rising = judge.judge("to Boston", "", 8, Double.NaN).probability();
    assertThat(falling).isGreaterThan(flat);
    assertThat(rising).isLessThan(flat);
  }

  @Test
  void aModelOutweighsTheWords() {
    assertThat(judge.judge("book a flight to Boston", "", Double.NaN, 0.02).probability())
        .isLessThan(0.5);
  }

  @Test
  void soundWithoutWordsIsUndecided() {
    assertThat(judge.judge("", "", Double.NaN, Double.NaN).probability()).isEqualTo(0.5);
  }

  /** A stand-in language model: the end probability of a few word pairs, NaN for the rest. */
  private static CompletionModel model(java.util.Map<String, Double> endByLastTwo) {
    return new CompletionModel() {
      @Override
      public double endProbability(List<String> words) {
        String key = (words.size() > 1 ? words.get(words.size() - 2) + " " : "") + words.getLast();
        return endByLastTwo.getOrDefault(key, Double.NaN);
      }

      @Override
      public String name() {
        return "fake";
      }
    };
  }

  @ParameterizedTest(name = "\"{0}\" is {1}")
  @CsvSource({
    "'I am doing this', complete",
    "'I believe so', complete",
    "'that is where it is', complete",
    "'I am coming from this', incomplete",
    "'and so', incomplete",
    "'I am afraid so', complete",
    "'it was late so', incomplete",
    "'about that', incomplete",
    "'book it', complete",
    "'two of us', complete",
    "'a table for them', complete",
    "'from these', incomplete",
  })
  void theWordBeforeTheLastDecidesWithoutAModel(String words, String expected) {
    double p = judge.judge(words, "", Double.NaN, Double.NaN).probability();
    if (expected.equals("complete")) {
      assertThat(p).isGreaterThanOrEqualTo(0.7);
    } else {
      assertThat(p).isLessThanOrEqualTo(0.2);
    }
  }

  @Test
  void aLanguageModelDecidesWhatTheWordClassesCannot() {
    TurnJudge withModel =
        new TurnJudge(
            List.of(), 3000, 8000, model(java.util.Map.of("to boston", 0.9, "looking for", 0.2)));
    assertThat(withModel.judge("I want to fly to Boston", "", Double.NaN, Double.NaN).probability())
        .isGreaterThan(0.8);
    assertThat(withModel.judge("I am looking for", "", Double.NaN, Double.NaN).probability())
        .isLessThan(0.2);
  }

  @Test
  void aDeterminerNeverEndsASentenceWhateverTheModelSays() {
    TurnJudge withModel =
        new TurnJudge(List.of(), 3000, 8000, model(java.util.Map.of("on the", 0.7)));
    assertThat(withModel.judge("I leave on the", "", Double.NaN, Double.NaN).probability())
        .isLessThan(0.5);
  }

  @ParameterizedTest(name = "\"{0}\" asks for time")
  @ValueSource(
      strings = {
        "hold on",
        "oh wait",
        "wait",
        "let me think",
        "let me check",
        "let me see",
        "let me think about it",
        "one sec",
        "just a moment",
        "give me a second",
        "hang on",
        "so the date is um let me remember"
      })
  void holdRequestsWaitPastTheFallback(String words) {
    TurnJudge.Judgement j = judge.judge(words, "", -8, 0.9);
    assertThat(j.hold()).isTrue();
    assertThat(j.probability()).isLessThan(0.1);
    assertThat(j.maxWaitMillis()).isEqualTo(8000);
    assertThat(j.holdMillis()).isEqualTo(8000);
  }

  @ParameterizedTest(name = "\"{0}\" is not a hold request")
  @ValueSource(
      strings = {
        "I can't wait",
        "I will wait",
        "I want to see",
        "hold the seat",
        "one second class ticket",
        "book it"
      })
  void aVerbIsNotAHoldRequest(String words) {
    assertThat(judge.judge(words, "", Double.NaN, Double.NaN).hold()).isFalse();
  }

  @Test
  void aTrailingFillerMayWaitPastTheFallback() {
    TurnJudge.Judgement j = judge.judge("the passenger name is um", "", Double.NaN, Double.NaN);
    assertThat(j.probability()).isLessThan(0.15);
    assertThat(j.maxWaitMillis()).isGreaterThan(3000);
  }

  @Test
  void aRiseAfterAQuestionFormEndsTheQuestion() {
    double flat = judge.judge("is there a direct flight", "", Double.NaN, Double.NaN).probability();
    double rising = judge.judge("is there a direct flight", "", 8, Double.NaN).probability();
    double risingStatement = judge.judge("a direct flight", "", 8, Double.NaN).probability();
    assertThat(rising).isGreaterThan(flat);
    assertThat(risingStatement).isLessThan(rising);
  }

  @Test
  void uncertainWordsLeanOnHowTheSpeechEnded() {
    // The recogniser heard a complete-looking word, but it keeps revising it, and the voice ended
    // on a steady, flat "uhh" at full level: the user is thinking, not done.
    Acoustics thinking = new Acoustics(0, -1, 1.0, 0.9, 1500, 2, -20);
    Acoustics finished = new Acoustics(-8, 9, 1.8, 0.2, 1500, 5, -20);
    double trusted =
        judge
            .judge(new TurnJudge.Evidence("to Boston", "", thinking, false, Double.NaN))
            .probability();
    double uncertainThinking =
        judge
            .judge(new TurnJudge.Evidence("to Boston", "", thinking, true, Double.NaN))
            .probability();
    double uncertainFinished =
        judge
            .judge(new TurnJudge.Evidence("to Boston", "", finished, true, Double.NaN))
            .probability();
    assertThat(uncertainThinking).isLessThan(0.5).isLessThan(trusted);
    assertThat(uncertainFinished).isGreaterThan(0.7);
  }

  @Test
  void aPitchJumpIsNoSurerThanAnOrdinaryRise() {
    // A tracker's octave jump on the last syllable reads as a 35 st/s rise: it counts as much as
    // an ordinary 8 st/s rise, and no longer outvotes a finished reading and a fading voice.
    Acoustics jump = new Acoustics(35, 15, 1.0, 0, 1500, 8, -25);
    Acoustics rise = new Acoustics(8, 15, 1.0, 0, 1500, 8, -25);
    double pJump =
        judge.judge(new TurnJudge.Evidence("to Boston", "", jump, true, Double.NaN)).probability();
    double pRise =
        judge.judge(new TurnJudge.Evidence("to Boston", "", rise, true, Double.NaN)).probability();
    assertThat(pJump).isEqualTo(pRise).isGreaterThan(0.6);
  }

  @Test
  void contextRulesMayWaitPastTheFallbackUpToTheHoldMaximum() {
    ContextRule longDigits =
        new ContextRule(
            "digits",
            java.util.regex.Pattern.compile("number\\?"),
            java.util.regex.Pattern.compile("\\d$"),
            0.1,
            20_000);
    TurnJudge.Judgement j =
        new TurnJudge(List.of(longDigits), 3000, 8000, CompletionModel.lexical())
            .judge("4 1 5", "your number?", Double.NaN, Double.NaN);
    assertThat(j.maxWaitMillis()).isEqualTo(8000);
  }

  @Test
  void aCloudRecognisersEndOfTurnIsWeighedAsEvidenceNotObeyed() {
    // "to" cannot end a sentence: Flux's confident EndOfTurn shortens the wait, but the words
    // still hold the turn open; on a complete sentence its doubt lowers the probability.
    double without =
        judge
            .judge(new TurnJudge.Evidence("a flight to", "", Acoustics.UNKNOWN, false, Double.NaN))
            .probability();
    double flux =
        judge
            .judge(
                new TurnJudge.Evidence(
                    "a flight to", "", Acoustics.UNKNOWN, false, Double.NaN, 0.95))
            .probability();
    assertThat(flux).isGreaterThan(without).isLessThan(0.5);
    double complete =
        judge
            .judge(
                new TurnJudge.Evidence(
                    "a flight to Boston please", "", Acoustics.UNKNOWN, false, Double.NaN))
            .probability();
    double doubted =
        judge
            .judge(
                new TurnJudge.Evidence(
                    "a flight to Boston please", "", Acoustics.UNKNOWN, false, Double.NaN, 0.1))
            .probability();
    assertThat(doubted).isLessThan(complete);
    assertThat(
            judge
                .judge(
                    new TurnJudge.Evidence(
                        "to Boston", "", Acoustics.UNKNOWN, false, Double.NaN, 0.9))
                .reason())
        .isEqualTo("recognizer");
  }
}
