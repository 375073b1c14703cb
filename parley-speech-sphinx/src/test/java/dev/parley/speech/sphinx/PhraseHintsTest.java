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
import static org.assertj.core.api.Assertions.offset;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PhraseHintsTest {
  private static final Map<String, String> DICTIONARY =
      Map.of(
          "queen", "K W IY N",
          "of", "AH V",
          "clubs", "K L AH B Z",
          "dash", "D AE SH",
          "wood", "W UH D",
          "window", "W IH N D OW",
          "seat", "S IY T",
          "a", "AH");

  private static PhraseHints plan(String... hints) {
    return PhraseHints.plan(List.of(hints), DICTIONARY::get);
  }

  @Test
  void keepsDictionaryWordsAsNormalisedPhrases() {
    PhraseHints hints = plan("Queen of Clubs!", "window seat", "queen of clubs");

    assertThat(hints.phrases())
        .containsExactly(List.of("queen", "of", "clubs"), List.of("window", "seat"));
    assertThat(hints.additions()).isEmpty();
    assertThat(hints.skipped()).isEmpty();
  }

  @Test
  void composesAnUnknownWordFromDictionaryWords() {
    PhraseHints hints = plan("Dashwood");

    assertThat(hints.additions()).containsEntry("dashwood", "D AE SH W UH D");
    assertThat(hints.phrases()).containsExactly(List.of("dashwood"));
  }

  @Test
  void skipsWordsThatCannotBeSpelledWithDictionaryWords() {
    // "seata" would need the one-letter part "a", which is too short to trust.
    PhraseHints hints = plan("window seata please", "xyzzy");

    assertThat(hints.skipped()).containsExactly("seata", "please", "xyzzy");
    assertThat(hints.phrases()).containsExactly(List.of("window"));
    assertThat(hints.isEmpty()).isFalse();
  }

  @Test
  void splitsAPhraseAtASkippedWordRatherThanJoiningItsNeighbours() {
    PhraseHints hints = plan("queen xyzzy clubs");

    assertThat(hints.phrases()).containsExactly(List.of("queen"), List.of("clubs"));
  }

  @Test
  void noUsableWordsMeansNoModel() {
    assertThat(plan("xyzzy", "42").isEmpty()).isTrue();
    assertThat(plan().isEmpty()).isTrue();
  }

  @Test
  void writesAnArpaBigramModelWhoseDistributionsSumToOne() {
    String arpa = plan("queen of clubs", "window seat").arpa();

    assertThat(arpa).startsWith("\\data\\\nngram 1=7\nngram 2=7\n").endsWith("\\end\\\n");
    Map<String, Double> unigram = new HashMap<>();
    Map<String, Double> backoff = new HashMap<>();
    Map<String, Map<String, Double>> bigram = new HashMap<>();
    String section = "";
    for (String line : arpa.split("\n")) {
      if (line.startsWith("\\")) {
        section = line;
        continue;
      }
      String[] fields = line.split(" ");
      if (section.equals("\\1-grams:") && fields.length >= 2) {
        unigram.put(fields[1], Math.pow(10, Double.parseDouble(fields[0])));
        if (fields.length == 3) {
          backoff.put(fields[1], Math.pow(10, Double.parseDouble(fields[2])));
        }
      } else if (section.equals("\\2-grams:") && fields.length == 3) {
        bigram
            .computeIfAbsent(fields[1], k -> new HashMap<>())
            .put(fields[2], Math.pow(10, Double.parseDouble(fields[0])));
      }
    }
    assertThat(unigram.values().stream().mapToDouble(Double::doubleValue).sum())
        .isCloseTo(1.0, offset(1e-3));
    for (String history : List.of("<s>", "queen", "of", "window")) {
      Map<String, Double> seen = bigram.getOrDefault(history, Map.of());
      double historyBackoff = backoff.getOrDefault(history, 1.0);
      double total = 0;
      for (Map.Entry<String, Double> next : unigram.entrySet()) {
        total += seen.getOrDefault(next.getKey(), historyBackoff * next.getValue());
      }
      assertThat(total).as(history).isCloseTo(1.0, offset(1e-3));
    }
    assertThat(bigram.get("queen")).containsOnlyKeys("of");
  }
}
