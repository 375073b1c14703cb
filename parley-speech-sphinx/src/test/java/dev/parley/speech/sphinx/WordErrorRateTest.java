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
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class WordErrorRateTest {
  @Test
  void identicalTextsHaveNoErrors() {
    WordErrorRate wer = WordErrorRate.of("ten of clubs", "ten of clubs");

    assertThat(wer).isEqualTo(new WordErrorRate(0, 0, 0, 3));
    assertThat(wer.rate()).isZero();
  }

  @Test
  void countsSubstitutionsDeletionsAndInsertionsSeparately() {
    assertThat(WordErrorRate.of("seven of clubs", "son of close"))
        .isEqualTo(new WordErrorRate(2, 0, 0, 3));
    assertThat(WordErrorRate.of("eight of spades four of clubs", "eight spades four of clubs"))
        .isEqualTo(new WordErrorRate(0, 1, 0, 6));
    assertThat(WordErrorRate.of("five five", "five five so"))
        .isEqualTo(new WordErrorRate(0, 0, 1, 2));
  }

  @Test
  void findsTheFewestEditsNotAWordByWordComparison() {
    // Word by word, everything after the inserted "the" would be a substitution.
    WordErrorRate wer =
        WordErrorRate.of("mister john dashwood had", "the mister john dashwood had");

    assertThat(wer.errors()).isEqualTo(1);
    assertThat(wer.insertions()).isEqualTo(1);
    assertThat(wer.rate()).isEqualTo(0.25);
  }

  @Test
  void normalisesCasePunctuationAndMarkup() {
    assertThat(WordErrorRate.words("<s> Well, THEN: don't  stop! [NOISE] </s>"))
        .containsExactly("well", "then", "don't", "stop");
    assertThat(WordErrorRate.words("rock-n-roll 'quoted' “curly”"))
        .containsExactly("rock", "n", "roll", "quoted", "curly");
    assertThat(WordErrorRate.words("   ")).isEmpty();
    assertThat(WordErrorRate.of("mister john dashwood", "Mr. John Dashwood").rate()).isZero();
  }

  @Test
  void sumsAcrossUtterancesByWordsNotByRates() {
    WordErrorRate total =
        WordErrorRate.zero()
            .plus(WordErrorRate.of("a b c d e f g h i j", "a b c d e f g h i j"))
            .plus(WordErrorRate.of("k", "x"));

    assertThat(total.rate()).isEqualTo(1.0 / 11);
    assertThat(total.toString()).startsWith("WER 0.091");
  }

  @Test
  void anEmptyReferenceIsPerfectOnlyForAnEmptyHypothesis() {
    assertThat(WordErrorRate.of("", "").rate()).isZero();
    assertThat(WordErrorRate.of(List.of(), List.of("hello")).rate()).isEqualTo(1.0);
  }

  @Test
  void rejectsImpossibleCounts() {
    assertThatThrownBy(() -> new WordErrorRate(2, 2, 0, 3))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new WordErrorRate(-1, 0, 0, 3))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
