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

import java.util.List;

/**
 * How likely the words so far end a sentence, from a language model: the text evidence of the turn
 * judge. An implementation reads the last words as its model's history and answers the probability
 * that the sentence ends there rather than going on ("I'm doing this" ends; "I'm coming from this"
 * does not), already calibrated to {@code [0, 1]} so the judge can add it in log-odds.
 *
 * <p>Called on the session loop for every new transcript, so an answer must cost microseconds (an
 * n-gram lookup, a cache); implementations are shared by every session of a process and must be
 * thread-safe. {@link #lexical()} is the fallback when no model is installed.
 */
public interface CompletionModel {
  /**
   * The probability that a sentence ends after {@code words} (lower case, oldest first, at least
   * one), or {@code NaN} when the model cannot tell (it knows none of the words).
   */
  double endProbability(List<String> words);

  /** A short name for logs and reports ({@code "ngram:en-us.lm.bin"}, {@code "lexical"}). */
  String name();

  /** The word-class fallback: no model, a few closed classes of English words. */
  static CompletionModel lexical() {
    return LexicalCompletion.INSTANCE;
  }
}
