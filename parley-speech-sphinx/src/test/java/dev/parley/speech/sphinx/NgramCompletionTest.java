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
package dev.parley.speech.sphinx;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The recogniser's n-gram model as a judge of text completeness, on Debian's {@code en-us.lm.bin}
 * (needs {@code bash parley-speech-sphinx/setup.sh}).
 *
 * <p>{@link #TUNING} fixed {@link NgramCompletion#PIVOT_LOG10} and {@link NgramCompletion#SLOPE};
 * {@link #HELD_OUT} was written before the model was run on it and never used to tune, so its score
 * is the honest one.
 */
class NgramCompletionTest {
  /** Phrases the constants were fitted on: complete first, then unfinished. */
  static final List<String> TUNING_COMPLETE =
      List.of(
          "i'm doing this",
          "i believe so",
          "where it is",
          "to boston",
          "from chicago",
          "thank you",
          "that's all",
          "i need a flight",
          "tomorrow morning",
          "on friday",
          "my name is john",
          "for two people",
          "book it",
          "i want the window seat",
          "next tuesday",
          "the first one",
          "in the afternoon",
          "that works for me",
          "how much is it",
          "is there a direct flight",
          "i'd like to cancel my booking",
          "two adults",
          "economy class",
          "it leaves at noon",
          "we are flying to denver",
          "please change my seat",
          "i think so",
          "i don't know",
          "that sounds good",
          "at nine in the morning");

  static final List<String> TUNING_UNFINISHED =
      List.of(
          "i'm coming from this",
          "and so",
          "i want to",
          "i would like to fly to",
          "can you",
          "what about",
          "my name is",
          "the day after",
          "i need to go to",
          "it is for",
          "i was thinking about",
          "could you check if",
          "the flight from",
          "i'd like a",
          "we want to leave on",
          "is there a",
          "and then",
          "but only if",
          "with a stop in",
          "on the",
          "i'm looking for",
          "for my",
          "there is",
          "because",
          "as soon as",
          "i was hoping",
          "to the",
          "so i can",
          "if it's",
          "a flight on");

  /** Held out: never used to tune. */
  static final List<String> HELD_OUT_COMPLETE =
      List.of(
          "i'll take the cheaper one",
          "that's fine",
          "we leave on monday",
          "just one bag",
          "an aisle seat please",
          "that would be great",
          "i changed my mind",
          "can i pay by card",
          "no that's wrong",
          "make it three tickets",
          "what's the weather like",
          "the hotel is downtown",
          "i'm not sure",
          "it was delayed",
          "call me back later");

  static final List<String> HELD_OUT_UNFINISHED =
      List.of(
          "i'll take the",
          "that's fine but",
          "we leave on",
          "just one bag and",
          "an aisle seat in",
          "that would be",
          "i changed my",
          "can i pay with",
          "no that's not what",
          "make it for",
          "what's the weather in",
          "the hotel is near the",
          "i'm not sure if",
          "it was delayed by",
          "call me when");

  private static NgramCompletion lm;

  @BeforeAll
  static void open() {
    lm = NgramCompletion.open(NgramCompletion.DEBIAN_LM);
  }

  @AfterAll
  static void close() {
    lm.close();
  }

  private static double p(String phrase) {
    return lm.endProbability(Arrays.asList(phrase.split(" ")));
  }

  private static double accuracy(List<String> complete, List<String> unfinished) {
    long right =
        complete.stream().filter(s -> p(s) >= 0.5).count()
            + unfinished.stream().filter(s -> p(s) < 0.5).count();
    return right / (double) (complete.size() + unfinished.size());
  }

  @Test
  void theWordBeforeTheLastDecides() {
    assertThat(p("i'm doing this")).isGreaterThan(0.5);
    assertThat(p("i believe so")).isGreaterThan(0.5);
    assertThat(p("where it is")).isGreaterThan(0.5);
    assertThat(p("and so")).isLessThan(0.5);
    assertThat(p("i'm coming from this")).isLessThan(p("i'm doing this"));
  }

  @Test
  void itSeparatesTheTuningPhrases() {
    assertThat(accuracy(TUNING_COMPLETE, TUNING_UNFINISHED)).isGreaterThanOrEqualTo(0.95);
  }

  @Test
  void itGeneralisesToHeldOutPhrases() {
    double accuracy = accuracy(HELD_OUT_COMPLETE, HELD_OUT_UNFINISHED);
    System.out.println("held-out accuracy " + accuracy);
    assertThat(accuracy).isGreaterThanOrEqualTo(0.8);
  }

  @Test
  void anUnknownLastWordHasNoOpinion() {
    assertThat(p("to qwzxv")).isNaN();
  }

  @Test
  void repeatedQuestionsComeFromTheCache() {
    double first = p("to boston");
    assertThat(p("to boston")).isEqualTo(first);
  }
}
