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
package dev.parley.speech.flite;

import java.text.Normalizer;

/**
 * Turns one word of model output into text Flite reads safely and sensibly: printable ASCII only,
 * accents folded ("café" → "cafe"), typographic quotes and dashes made plain, markdown markup,
 * emoji, control characters and other scripts dropped, and the length capped.
 *
 * <p>Flite handles any printable ASCII without failing (a fuzz run of random printable strings
 * found no crash), but it has no defence against other input: its error path calls {@code exit}.
 * Nothing else reaches it.
 */
final class SpeakableText {
  /** Longest word passed to Flite; the rest of a longer token is not spoken. */
  static final int MAX_WORD_CHARS = 64;

  private SpeakableText() {}

  /** The speakable form of {@code word} (a run without whitespace); empty if nothing is left. */
  static String of(String word) {
    String folded = Normalizer.normalize(word, Normalizer.Form.NFKD);
    StringBuilder out = new StringBuilder(Math.min(folded.length(), MAX_WORD_CHARS));
    for (int i = 0; i < folded.length() && out.length() < MAX_WORD_CHARS; ) {
      int cp = folded.codePointAt(i);
      i += Character.charCount(cp);
      char kept = plain(cp, i < folded.length() ? folded.charAt(i) : ' ');
      if (kept != 0) {
        out.append(kept);
      }
    }
    return out.toString();
  }

  /**
   * Whether {@code speakable} is only punctuation that Flite treats as part of the neighbouring
   * word (it shapes prosody but is not a word of its own).
   */
  static boolean isPunctuationOnly(String speakable) {
    for (int i = 0; i < speakable.length(); i++) {
      if ("\"'`({[]}).,:;!?-".indexOf(speakable.charAt(i)) < 0) {
        return false;
      }
    }
    return true;
  }

  /** The ASCII character to speak for {@code cp}, or 0 to drop it. */
  private static char plain(int cp, char next) {
    if (cp > 0x20 && cp < 0x7f) {
      return switch ((char) cp) {
        // Markdown and markup, which a reader would not pronounce.
        case '*', '_', '`', '~', '|', '\\', '^', '<', '>', '[', ']', '{', '}' -> 0;
        // "#1" reads as "number one"; a heading's "##" is markup.
        case '#' -> Character.isDigit(next) ? '#' : 0;
        default -> (char) cp;
      };
    }
    return switch (cp) {
      case '\u2018', '\u2019', '\u201a', '\u201b', '\u2032' -> '\'';
      case '\u201c', '\u201d', '\u201e', '\u201f', '\u2033', '\u00ab', '\u00bb' -> '"';
      case '\u2010', '\u2011', '\u2012', '\u2013', '\u2014', '\u2015', '\u2212' -> '-';
      case '\u2044' -> '/';
      default -> 0;
    };
  }
}
