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
package dev.parley.speech.piper;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SentenceSplitterTest {
  private final SentenceSplitter splitter = new SentenceSplitter();

  @Test
  void aSentenceIsTakenWhenItsPeriodIsFollowedByASpace() {
    splitter.append("Hello world.");
    assertThat(splitter.next()).isEmpty();
    splitter.append(" How");
    assertThat(splitter.next()).contains("Hello world. ");
    assertThat(splitter.next()).isEmpty();
    assertThat(splitter.rest()).contains("How");
  }

  @Test
  void questionsAndExclamationsEndAtOnce() {
    splitter.append("Are you there?");
    assertThat(splitter.next()).contains("Are you there?");
    splitter.append("Yes!\" Good");
    assertThat(splitter.next()).contains("Yes!\" ");
  }

  @Test
  void decimalsAbbreviationsAndInitialsDoNotEndASentence() {
    List<String> sentences =
        split("It costs 3.5 dollars, Dr. Smith says. J. Smith agrees e.g. here. Done.");

    assertThat(sentences)
        .containsExactly(
            "It costs 3.5 dollars, Dr. Smith says. ", "J. Smith agrees e.g. here. ", "Done.");
  }

  @Test
  void aLineBreakEndsASentence() {
    assertThat(split("First line\nSecond line")).containsExactly("First line\n", "Second line");
  }

  @Test
  void aRunOnTextIsCutAtACommaBeforeTheLimit() {
    String clause = "word ".repeat(40) + "and then, ";
    List<String> sentences = split(clause + "word ".repeat(40));

    assertThat(sentences.get(0)).isEqualTo(clause);
    assertThat(String.join("", sentences)).isEqualTo(clause + "word ".repeat(40));
    assertThat(sentences).allSatisfy(s -> assertThat(s.length()).isLessThanOrEqualTo(300));
  }

  @Test
  void everyCharacterComesOutOnceInOrder() {
    String text = "  Hi there! How are you? I'm fine.\n\nReally \"fine\". OK";
    List<String> pieces = new ArrayList<>();
    for (char c : text.toCharArray()) {
      splitter.append(String.valueOf(c));
      for (Optional<String> s = splitter.next(); s.isPresent(); s = splitter.next()) {
        pieces.add(s.get());
      }
    }
    splitter.rest().ifPresent(pieces::add);

    assertThat(String.join("", pieces)).isEqualTo(text);
    assertThat(pieces).hasSizeGreaterThanOrEqualTo(5);
  }

  private List<String> split(String text) {
    splitter.append(text);
    List<String> sentences = new ArrayList<>();
    for (Optional<String> s = splitter.next(); s.isPresent(); s = splitter.next()) {
      sentences.add(s.get());
    }
    splitter.rest().ifPresent(sentences::add);
    return sentences;
  }
}
