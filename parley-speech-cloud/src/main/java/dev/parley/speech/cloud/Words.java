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
package dev.parley.speech.cloud;

import dev.parley.core.spi.SpeechRecognizer.Word;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Helpers for recognised words and query strings shared by the recognisers. */
final class Words {
  private Words() {}

  static String text(List<Word> words) {
    StringBuilder text = new StringBuilder();
    for (Word word : words) {
      if (!text.isEmpty()) {
        text.append(' ');
      }
      text.append(word.text());
    }
    return text.toString();
  }

  /**
   * Words without times (a provider that gives text only) spread evenly over the span they were
   * spoken in, so the session can still place them.
   */
  static List<Word> spread(String text, long startMillis, long endMillis) {
    String[] tokens = text.trim().isEmpty() ? new String[0] : text.trim().split("\\s+");
    List<Word> words = new ArrayList<>(tokens.length);
    long span = Math.max(endMillis - startMillis, tokens.length);
    for (int i = 0; i < tokens.length; i++) {
      long from = startMillis + span * i / tokens.length;
      long to = startMillis + span * (i + 1) / tokens.length;
      words.add(new Word(tokens[i], from, to));
    }
    return words;
  }

  static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
