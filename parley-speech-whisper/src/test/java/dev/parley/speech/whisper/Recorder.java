package dev.parley.speech.whisper;

import dev.parley.core.spi.SpeechRecognizer;
import java.util.ArrayList;
import java.util.List;

/** Records a stream's results. */
final class Recorder implements SpeechRecognizer.Listener {
  final List<String> partials = new ArrayList<>();
  final List<List<SpeechRecognizer.Word>> finals = new ArrayList<>();

  @Override
  public void partial(String text) {
    partials.add(text);
  }

  @Override
  public void finalResult(List<SpeechRecognizer.Word> words) {
    finals.add(words);
  }
}
