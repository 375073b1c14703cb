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
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Turns phrase hints into what PocketSphinx can use: pronunciations for words missing from the
 * dictionary, and a small bigram language model of the phrases that the decoder interpolates with
 * its general model.
 *
 * <p>PocketSphinx 5prealpha has no grapheme-to-phoneme converter, so a word outside the dictionary
 * gets a pronunciation only when it splits into at most three dictionary words of three or more
 * letters each ("dashwood" = "dash" + "wood"); other unknown words are {@linkplain #skipped()
 * skipped}. An immutable value built once per stream.
 */
final class PhraseHints {
  private static final int MIN_PART_LETTERS = 3;
  private static final int MAX_PARTS = 3;

  /**
   * Share of a seen bigram's probability mass kept for the bigram; the rest backs off to the
   * unigrams, so hint words still follow each other in orders the hints did not list.
   */
  private static final double BIGRAM_DISCOUNT = 0.7;

  private final List<List<String>> phrases;
  private final Map<String, String> additions;
  private final List<String> skipped;

  private PhraseHints(
      List<List<String>> phrases, Map<String, String> additions, List<String> skipped) {
    this.phrases = phrases;
    this.additions = additions;
    this.skipped = skipped;
  }

  /**
   * Plans the hints against a dictionary.
   *
   * @param hints phrases as the caller wrote them; normalised like {@link WordErrorRate#words}
   * @param pronunciation the dictionary's phones for a word, or {@code null} if it has none
   */
  static PhraseHints plan(List<String> hints, Function<String, @Nullable String> pronunciation) {
    Set<List<String>> phrases = new LinkedHashSet<>();
    Map<String, String> additions = new LinkedHashMap<>();
    Set<String> skipped = new LinkedHashSet<>();
    Map<String, @Nullable String> known = new LinkedHashMap<>();
    for (String hint : hints) {
      List<String> usable = new ArrayList<>();
      for (String word : WordErrorRate.words(hint)) {
        if (!known.containsKey(word)) {
          known.put(word, pronunciation.apply(word));
        }
        if (known.get(word) != null) {
          usable.add(word);
          continue;
        }
        String composed = additions.get(word);
        if (composed == null && !skipped.contains(word)) {
          composed = compose(word, pronunciation, known);
          if (composed != null) {
            additions.put(word, composed);
          }
        }
        if (composed != null) {
          usable.add(word);
        } else {
          skipped.add(word);
          // A phrase with a hole would teach the model a word sequence nobody says.
          if (!usable.isEmpty()) {
            phrases.add(List.copyOf(usable));
          }
          usable.clear();
        }
      }
      if (!usable.isEmpty()) {
        phrases.add(List.copyOf(usable));
      }
    }
    return new PhraseHints(List.copyOf(phrases), Map.copyOf(additions), List.copyOf(skipped));
  }

  /**
   * A pronunciation made of the fewest dictionary words that spell {@code word} exactly, or {@code
   * null} if there is none within {@link #MAX_PARTS} parts.
   */
  private static @Nullable String compose(
      String word,
      Function<String, @Nullable String> pronunciation,
      Map<String, @Nullable String> known) {
    int n = word.length();
    // best[i]: phones of the shortest split of word[0, i), or null when there is none.
    @Nullable String[] best = new String[n + 1];
    int[] parts = new int[n + 1];
    best[0] = "";
    for (int end = MIN_PART_LETTERS; end <= n; end++) {
      for (int start = 0; start <= end - MIN_PART_LETTERS; start++) {
        String head = best[start];
        if (head == null || parts[start] >= MAX_PARTS) {
          continue;
        }
        if (best[end] != null && parts[start] + 1 >= parts[end]) {
          continue;
        }
        String part = word.substring(start, end);
        if (!known.containsKey(part)) {
          known.put(part, pronunciation.apply(part));
        }
        String phones = known.get(part);
        if (phones != null) {
          best[end] = head.isEmpty() ? phones : head + " " + phones;
          parts[end] = parts[start] + 1;
        }
      }
    }
    return parts[n] >= 2 ? best[n] : null;
  }

  /** The hint phrases as dictionary words, each phrase once, in the order given. */
  List<List<String>> phrases() {
    return phrases;
  }

  /** Words to add to the dictionary, with phones composed from dictionary words. */
  Map<String, String> additions() {
    return additions;
  }

  /** Hint words that have no pronunciation and were left out. */
  List<String> skipped() {
    return skipped;
  }

  boolean isEmpty() {
    return phrases.isEmpty();
  }

  /**
   * The phrases as an ARPA bigram model: unigrams by frequency among the phrases' words and
   * sentence ends, seen bigrams with {@link #BIGRAM_DISCOUNT}, and back-off weights that keep each
   * history's distribution summing to one.
   */
  String arpa() {
    Map<String, Integer> unigramCounts = new TreeMap<>();
    Map<String, Map<String, Integer>> bigramCounts = new TreeMap<>();
    int tokens = 0;
    for (List<String> phrase : phrases) {
      String previous = "<s>";
      List<String> sentence = new ArrayList<>(phrase);
      sentence.add("</s>");
      for (String word : sentence) {
        unigramCounts.merge(word, 1, Integer::sum);
        bigramCounts.computeIfAbsent(previous, k -> new TreeMap<>()).merge(word, 1, Integer::sum);
        tokens++;
        previous = word;
      }
    }
    Map<String, Double> unigram = new TreeMap<>();
    for (Map.Entry<String, Integer> entry : unigramCounts.entrySet()) {
      unigram.put(entry.getKey(), (double) entry.getValue() / tokens);
    }

    StringBuilder unigrams = new StringBuilder();
    StringBuilder bigrams = new StringBuilder();
    int bigramLines = 0;
    Set<String> vocabulary = new LinkedHashSet<>();
    vocabulary.add("<s>");
    vocabulary.addAll(unigram.keySet());
    for (String word : vocabulary) {
      Map<String, Integer> next = bigramCounts.getOrDefault(word, Map.of());
      int historyCount = next.values().stream().mapToInt(Integer::intValue).sum();
      double seenUnigramMass = 0;
      for (Map.Entry<String, Integer> entry : next.entrySet()) {
        double p = BIGRAM_DISCOUNT * entry.getValue() / historyCount;
        bigrams.append(log10(p)).append(' ').append(word).append(' ').append(entry.getKey());
        bigrams.append('\n');
        bigramLines++;
        seenUnigramMass += unigram.getOrDefault(entry.getKey(), 0.0);
      }
      double probability = word.equals("<s>") ? 0 : unigram.getOrDefault(word, 0.0);
      unigrams.append(word.equals("<s>") ? "-99.0000" : log10(probability));
      unigrams.append(' ').append(word);
      if (!word.equals("</s>")) {
        double backoff =
            next.isEmpty()
                ? 1.0
                : (1 - BIGRAM_DISCOUNT) / Math.max(1e-6, 1 - Math.min(1, seenUnigramMass));
        unigrams.append(' ').append(log10(backoff));
      }
      unigrams.append('\n');
    }
    return "\\data\\\n"
        + "ngram 1="
        + vocabulary.size()
        + "\nngram 2="
        + bigramLines
        + "\n\n\\1-grams:\n"
        + unigrams
        + "\n\\2-grams:\n"
        + bigrams
        + "\n\\end\\\n";
  }

  private static String log10(double probability) {
    return String.format(Locale.ROOT, "%.4f", Math.log10(probability));
  }
}
