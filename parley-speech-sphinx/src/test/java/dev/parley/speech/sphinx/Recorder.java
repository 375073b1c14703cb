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
