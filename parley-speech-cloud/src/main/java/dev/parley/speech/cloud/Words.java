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
