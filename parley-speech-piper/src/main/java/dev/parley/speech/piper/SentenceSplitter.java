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

import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Cuts text that streams in a few characters at a time into sentences to synthesise: a sentence
 * ends at {@code . ! ?} (with any closing quotes or brackets) followed by a space, or at a line
 * break; a text that runs on without one is cut at the last comma or space before {@value
 * #MAX_CHARS} characters, since a VITS model's cost and memory grow with its input.
 *
 * <p>A question or exclamation mark ends a sentence as soon as it arrives. A period needs the next
 * character before it counts: "3." may become "3.5"; after a known abbreviation ("Dr.", "e.g.") or
 * a single letter ("J. Smith") it does not end the sentence. Every character appended comes out in
 * exactly one sentence, in order, with the spaces after it, so the pieces concatenate to the text.
 * Not thread-safe: one splitter belongs to one stream.
 */
final class SentenceSplitter {
  static final int MAX_CHARS = 300;

  private static final Set<String> ABBREVIATIONS =
      Set.of("mr", "mrs", "ms", "dr", "prof", "st", "jr", "sr", "vs", "etc", "e.g", "i.e");

  private final StringBuilder pending = new StringBuilder();

  void append(CharSequence text) {
    pending.append(text);
  }

  /** Takes the next complete sentence, if the text so far holds one. */
  Optional<String> next() {
    int end = findEnd();
    return end < 0 ? Optional.empty() : Optional.of(take(end));
  }

  /** Takes whatever is left as the last sentence, if anything is left. */
  Optional<String> rest() {
    return pending.isEmpty() ? Optional.empty() : Optional.of(take(pending.length()));
  }

  private String take(int end) {
    String sentence = pending.substring(0, end);
    pending.delete(0, end);
    return sentence;
  }

  private int findEnd() {
    int length = pending.length();
    for (int i = 0; i < length; i++) {
      char c = pending.charAt(i);
      if (c == '\n') {
        return skipSpaces(i);
      }
      if (c != '.' && c != '!' && c != '?') {
        continue;
      }
      int j = i + 1;
      while (j < length && isCloser(pending.charAt(j))) {
        j++;
      }
      if (j == length) {
        // "?" and "!" end a sentence at once; after "." the next character decides ("3." may
        // become "3.5").
        return c == '.' ? -1 : length;
      }
      if (!Character.isWhitespace(pending.charAt(j))) {
        continue;
      }
      if (c == '.' && isAbbreviation(i)) {
        continue;
      }
      return skipSpaces(j);
    }
    if (length >= MAX_CHARS) {
      return cut();
    }
    return -1;
  }

  private boolean isAbbreviation(int period) {
    int start = period;
    while (start > 0 && !Character.isWhitespace(pending.charAt(start - 1))) {
      start--;
    }
    String word = pending.substring(start, period).toLowerCase(Locale.ROOT);
    while (!word.isEmpty() && !Character.isLetter(word.charAt(0))) {
      word = word.substring(1);
    }
    return ABBREVIATIONS.contains(word)
        || (word.length() == 1 && Character.isLetter(word.charAt(0)));
  }

  /** Cuts a run-on text after its last comma, or else its last space, before the limit. */
  private int cut() {
    int space = -1;
    for (int i = MAX_CHARS - 1; i > 0; i--) {
      char c = pending.charAt(i);
      if ((c == ',' || c == ';' || c == ':') && Character.isWhitespace(pending.charAt(i + 1))) {
        return skipSpaces(i + 1);
      }
      if (space < 0 && Character.isWhitespace(c)) {
        space = i;
      }
    }
    if (space > 0) {
      return skipSpaces(space);
    }
    int end = MAX_CHARS;
    return Character.isHighSurrogate(pending.charAt(end - 1)) ? end - 1 : end;
  }

  private int skipSpaces(int from) {
    int i = from;
    while (i < pending.length() && Character.isWhitespace(pending.charAt(i))) {
      i++;
    }
    return i;
  }

  private static boolean isCloser(char c) {
    return switch (c) {
      case '.', '!', '?', '"', '\'', ')', ']', '\u201d', '\u2019', '\u00bb', '*' -> true;
      default -> false;
    };
  }
}
