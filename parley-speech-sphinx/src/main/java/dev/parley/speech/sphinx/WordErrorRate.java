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

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The word errors of a transcript against its reference: the fewest substitutions, deletions and
 * insertions that turn the reference words into the hypothesis words (Levenshtein distance over
 * words), after both are {@linkplain #words normalised}.
 *
 * <p>An immutable value. Results of many utterances add up with {@link #plus}, so a corpus's rate
 * is its total errors over its total reference words, not a mean of per-utterance rates.
 *
 * @param substitutions reference words recognised as another word
 * @param deletions reference words missing from the hypothesis
 * @param insertions hypothesis words with no reference word
 * @param referenceWords the number of words in the reference
 */
public record WordErrorRate(int substitutions, int deletions, int insertions, int referenceWords) {

  public WordErrorRate {
    if (substitutions < 0 || deletions < 0 || insertions < 0 || referenceWords < 0) {
      throw new IllegalArgumentException("counts must not be negative");
    }
    if (substitutions + deletions > referenceWords) {
      throw new IllegalArgumentException("more substituted or deleted words than reference words");
    }
  }

  /** No words, no errors: the start of a sum. */
  public static WordErrorRate zero() {
    return new WordErrorRate(0, 0, 0, 0);
  }

  /** Compares two texts after normalising both with {@link #words}. */
  public static WordErrorRate of(String reference, String hypothesis) {
    return of(words(reference), words(hypothesis));
  }

  /** Compares two word sequences as given, without normalising them. */
  public static WordErrorRate of(List<String> reference, List<String> hypothesis) {
    int n = reference.size();
    int m = hypothesis.size();
    // cost[i][j]: edits from the first i reference words to the first j hypothesis words.
    int[][] cost = new int[n + 1][m + 1];
    for (int i = 0; i <= n; i++) {
      cost[i][0] = i;
    }
    for (int j = 0; j <= m; j++) {
      cost[0][j] = j;
    }
    for (int i = 1; i <= n; i++) {
      for (int j = 1; j <= m; j++) {
        int match = reference.get(i - 1).equals(hypothesis.get(j - 1)) ? 0 : 1;
        cost[i][j] =
            Math.min(cost[i - 1][j - 1] + match, Math.min(cost[i - 1][j] + 1, cost[i][j - 1] + 1));
      }
    }
    int substitutions = 0;
    int deletions = 0;
    int insertions = 0;
    int i = n;
    int j = m;
    while (i > 0 || j > 0) {
      if (i > 0 && j > 0) {
        boolean same = reference.get(i - 1).equals(hypothesis.get(j - 1));
        if (cost[i][j] == cost[i - 1][j - 1] + (same ? 0 : 1)) {
          if (!same) {
            substitutions++;
          }
          i--;
          j--;
          continue;
        }
      }
      if (i > 0 && cost[i][j] == cost[i - 1][j] + 1) {
        deletions++;
        i--;
      } else {
        insertions++;
        j--;
      }
    }
    return new WordErrorRate(substitutions, deletions, insertions, n);
  }

  /**
   * Splits a transcript into comparable words: lower case, punctuation removed (apostrophes inside
   * a word are kept, so "don't" stays one word), markup tokens such as {@code <s>}, {@code <sil>}
   * or {@code [NOISE]} dropped, and the written forms of spoken titles ("mr", "mrs", "dr") read as
   * the words they stand for, as the English normaliser of Whisper and the Open ASR Leaderboard
   * does: the dictionary spells "mister" as "mr", which is the same word said.
   */
  public static List<String> words(String text) {
    List<String> words = new ArrayList<>();
    for (String token : text.trim().split("\\s+")) {
      if (token.isEmpty() || isMarkup(token)) {
        continue;
      }
      StringBuilder word = new StringBuilder(token.length());
      for (int k = 0; k < token.length(); ) {
        int c = token.codePointAt(k);
        k += Character.charCount(c);
        if (Character.isLetterOrDigit(c)) {
          word.appendCodePoint(Character.toLowerCase(c));
        } else if (c == '\'' || c == '\u2019') {
          word.append('\'');
        } else if (word.length() > 0) {
          // Punctuation inside a token ("well,then" or "rock-n-roll") separates words.
          add(words, word);
          word.setLength(0);
        }
      }
      add(words, word);
    }
    return words;
  }

  private static boolean isMarkup(String token) {
    return (token.startsWith("<") && token.endsWith(">"))
        || (token.startsWith("[") && token.endsWith("]"));
  }

  private static void add(List<String> words, StringBuilder word) {
    int start = 0;
    int end = word.length();
    while (start < end && word.charAt(start) == '\'') {
      start++;
    }
    while (end > start && word.charAt(end - 1) == '\'') {
      end--;
    }
    if (start < end) {
      String w = word.substring(start, end).toLowerCase(Locale.ROOT);
      words.add(
          switch (w) {
            case "mr" -> "mister";
            case "mrs" -> "missus";
            case "dr" -> "doctor";
            default -> w;
          });
    }
  }

  /** The sum of two results, as if their utterances were one. */
  public WordErrorRate plus(WordErrorRate other) {
    return new WordErrorRate(
        substitutions + other.substitutions,
        deletions + other.deletions,
        insertions + other.insertions,
        referenceWords + other.referenceWords);
  }

  /** Substitutions, deletions and insertions together. */
  public int errors() {
    return substitutions + deletions + insertions;
  }

  /**
   * Errors per reference word; can exceed 1 when the hypothesis has many insertions. An empty
   * reference gives 0 for an empty hypothesis and 1 otherwise.
   */
  public double rate() {
    if (referenceWords == 0) {
      return errors() == 0 ? 0.0 : 1.0;
    }
    return (double) errors() / referenceWords;
  }

  @Override
  public String toString() {
    return String.format(
        Locale.ROOT,
        "WER %.3f (%d sub, %d del, %d ins / %d words)",
        rate(),
        substitutions,
        deletions,
        insertions,
        referenceWords);
  }
}
