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
package dev.parley.bench;

import dev.parley.core.spi.SpeechRecognizer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The oracle recogniser of a benchmark call: the simulated user adds each word, with its time in
 * the call, before the audio holding it is fed, and the recogniser reports it as the audio streams
 * past, exactly as {@link dev.parley.core.speech.OracleRecognizer} does for a transcript known in
 * advance. Isolates the engine from recognition errors.
 *
 * <p>A word becomes known {@code delayMillis} after it ends (a partial lists the utterance's known
 * words); a flush reports every word that has started by then as final. One per call; words are
 * added on the thread driving the call.
 */
final class SpokenWords implements SpeechRecognizer {
  private final List<Word> words = new CopyOnWriteArrayList<>();
  private final long delayMillis;

  SpokenWords(long delayMillis) {
    this.delayMillis = delayMillis;
  }

  /** Every word added so far, in order; safe to read from any thread. */
  List<Word> all() {
    return List.copyOf(words);
  }

  /** Adds a word the user is about to say, timed in the call. */
  void add(Word word) {
    words.add(word);
  }

  @Override
  public String name() {
    return "oracle";
  }

  /** The oracle reports the words as written, "mhm" included. */
  @Override
  public boolean transcribesVocalisations() {
    return true;
  }

  @Override
  public Stream open(Options options, Listener listener) {
    return new Stream() {
      private long samples;
      private int next;
      private int known;

      @Override
      public void push(short[] pcm, int offset, int length) {
        samples += length;
        long millis = samples / 16;
        int nowKnown = next;
        while (nowKnown < words.size() && words.get(nowKnown).endMillis() + delayMillis <= millis) {
          nowKnown++;
        }
        if (nowKnown > Math.max(known, next)) {
          known = nowKnown;
          listener.partial(join(words.subList(next, nowKnown)));
        }
      }

      @Override
      public void flush() {
        long millis = samples / 16;
        int end = next;
        while (end < words.size() && words.get(end).startMillis() < millis) {
          end++;
        }
        listener.finalResult(new ArrayList<>(words.subList(next, end)));
        next = end;
        known = end;
      }

      @Override
      public void close() {}
    };
  }

  private static String join(List<Word> words) {
    StringBuilder text = new StringBuilder();
    for (Word word : words) {
      if (!text.isEmpty()) {
        text.append(' ');
      }
      text.append(word.text());
    }
    return text.toString();
  }
}
