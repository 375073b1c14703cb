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
package dev.parley.core.speech;

import dev.parley.core.spi.SpeechRecognizer;
import java.util.ArrayList;
import java.util.List;

/**
 * A recogniser that knows the words in advance: it replays a time-aligned transcript as the audio
 * that contains it streams past, so a benchmark can judge the engine without ASR errors.
 *
 * <p>A word becomes known {@code finalDelayMillis} after it ends in the audio (a partial lists the
 * utterance's known words); a flush reports every word that has started by then as final.
 */
public final class OracleRecognizer implements SpeechRecognizer {
  private final List<Word> words;
  private final long finalDelayMillis;

  public OracleRecognizer(List<Word> words, long finalDelayMillis) {
    this.words = List.copyOf(words);
    this.finalDelayMillis = finalDelayMillis;
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
    return new OracleStream(listener);
  }

  private final class OracleStream implements Stream {
    private final Listener listener;
    private long samples;
    private int next; // the first word not yet reported final
    private int known; // words already in the partial

    OracleStream(Listener listener) {
      this.listener = listener;
    }

    private long millis() {
      return samples / 16;
    }

    @Override
    public void push(short[] pcm, int offset, int length) {
      samples += length;
      int nowKnown = next;
      while (nowKnown < words.size()
          && words.get(nowKnown).endMillis() + finalDelayMillis <= millis()) {
        nowKnown++;
      }
      if (nowKnown > Math.max(known, next)) {
        known = nowKnown;
        listener.partial(join(words.subList(next, nowKnown)));
      }
    }

    @Override
    public void flush() {
      int end = next;
      while (end < words.size() && words.get(end).startMillis() < millis()) {
        end++;
      }
      listener.finalResult(new ArrayList<>(words.subList(next, end)));
      next = end;
      known = end;
    }

    @Override
    public void close() {}
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
