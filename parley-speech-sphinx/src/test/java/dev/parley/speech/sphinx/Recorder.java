package dev.parley.speech.sphinx;

import dev.parley.core.spi.SpeechRecognizer;
import dev.parley.core.spi.SpeechRecognizer.Word;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** A listener that keeps every result in order, for assertions. */
final class Recorder implements SpeechRecognizer.Listener {
  final List<String> partials = new ArrayList<>();
  final List<List<Word>> finals = new ArrayList<>();

  @Override
  public void partial(String text) {
    partials.add(text);
  }

  @Override
  public void finalResult(List<Word> words) {
    finals.add(List.copyOf(words));
  }

  List<Word> lastFinal() {
    return finals.getLast();
  }

  static String text(List<Word> words) {
    return words.stream().map(Word::text).collect(Collectors.joining(" "));
  }
}
