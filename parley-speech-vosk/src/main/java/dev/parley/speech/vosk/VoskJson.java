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
package dev.parley.speech.vosk;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.parley.core.spi.ProviderException;
import dev.parley.core.spi.SpeechRecognizer.Word;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Vosk's JSON in both directions: results in ({@code {"partial": …}}, {@code {"result": [{"word",
 * "start", "end", "conf"}], "text": …}}, times in seconds from the recogniser's first sample) and
 * the phrase grammar out (a JSON array of phrases). Stateless.
 */
final class VoskJson {
  /** What Vosk reports for speech outside a grammar. */
  static final String UNKNOWN = "[unk]";

  private static final ObjectMapper JSON = new ObjectMapper();

  private VoskJson() {}

  /** The text of a partial result, or empty. */
  static String partial(String json) {
    return read(json).path("partial").asText("").strip();
  }

  /** The words of a result, in milliseconds, without {@value #UNKNOWN}. */
  static List<Word> words(String json) {
    JsonNode result = read(json).path("result");
    List<Word> words = new ArrayList<>();
    for (JsonNode entry : result) {
      String text = entry.path("word").asText("").strip();
      if (text.isEmpty() || text.equals(UNKNOWN)) {
        continue;
      }
      long start = Math.round(entry.path("start").asDouble() * 1000);
      long end = Math.round(entry.path("end").asDouble() * 1000);
      words.add(new Word(text, start, Math.max(start, end)));
    }
    return words;
  }

  /**
   * The grammar for a set of phrase hints: each phrase lower-cased with punctuation other than
   * apostrophes removed (Vosk's vocabularies are lower-case words), duplicates dropped, and {@value
   * #UNKNOWN} added so speech outside the phrases is reported as unknown (and dropped) instead of
   * being forced onto the nearest phrase. {@code null} when there are no usable hints.
   */
  static @Nullable String grammar(List<String> hints) {
    Set<String> phrases = new LinkedHashSet<>();
    for (String hint : hints) {
      String phrase =
          hint.toLowerCase(Locale.ROOT)
              .replaceAll("[^\\p{L}\\p{N}' ]+", " ")
              .replaceAll("\\s+", " ")
              .strip();
      if (!phrase.isEmpty()) {
        phrases.add(phrase);
      }
    }
    if (phrases.isEmpty()) {
      return null;
    }
    ArrayNode array = JSON.createArrayNode();
    phrases.forEach(array::add);
    array.add(UNKNOWN);
    return array.toString();
  }

  private static JsonNode read(String json) {
    try {
      return JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new ProviderException(
          ProviderException.Kind.FATAL, "Vosk returned a result that is not JSON: " + json, e);
    }
  }
}
