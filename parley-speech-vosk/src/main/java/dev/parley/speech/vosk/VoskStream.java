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

import dev.parley.core.spi.SpeechRecognizer;
import dev.parley.core.spi.SpeechRecognizer.Word;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One session's Vosk recogniser: every push is decoded at once, partial hypotheses are reported
 * while they change, and {@link #flush} finalises the utterance with word times.
 *
 * <pre>
 *   push ─▶ 100 ms pieces ─▶ acceptWaveForm ─┬─ pause found: getResult ─▶ words kept for flush
 *                                            └─ every 200 ms of audio: getPartialResult ─▶ partial
 *   flush ─▶ getFinalResult ─▶ finalResult(kept words + these)
 * </pre>
 *
 * <p>Vosk ends an utterance by itself at a pause (its endpointer); those words are kept, not
 * reported, until the session flushes, so a final result covers exactly the session's utterance. A
 * partial is the kept words followed by Vosk's hypothesis of the utterance in progress. Word times
 * are Vosk's, in seconds from the recogniser's first sample (it counts every sample it was given,
 * across utterances), turned into milliseconds: the recogniser lives as long as the stream, so they
 * count from the stream's first sample.
 *
 * <p>Used by one thread at a time; a lock still serialises {@link #close} against a decode in
 * progress so the native recogniser is never freed under it. Cancellation lands between 100 ms
 * pieces: audio before it is decoded, the rest of that push is dropped.
 */
final class VoskStream implements SpeechRecognizer.Stream {
  static final int SAMPLE_RATE = 16_000;

  /** Audio per {@code acceptWaveForm} call: the granularity of cancellation. */
  static final int PIECE_SAMPLES = SAMPLE_RATE / 10;

  /** How much audio passes between two looks at the partial hypothesis. */
  static final int PARTIAL_INTERVAL_SAMPLES = SAMPLE_RATE / 5;

  private final Decoder decoder;
  private final SpeechRecognizer.Listener listener;
  private final ReentrantLock lock = new ReentrantLock();
  private final short[] piece = new short[PIECE_SAMPLES];
  private final List<Word> pending = new ArrayList<>();
  private int sincePartial;
  private String lastPartial = "";
  private boolean closed;

  VoskStream(Decoder decoder, SpeechRecognizer.Listener listener) {
    this.decoder = decoder;
    this.listener = listener;
  }

  @Override
  public void push(short[] samples, int offset, int length) throws InterruptedException {
    Objects.checkFromIndexSize(offset, length, samples.length);
    lock.lock();
    try {
      for (int at = offset; at < offset + length; at += PIECE_SAMPLES) {
        if (closed) {
          return;
        }
        if (Thread.interrupted()) {
          throw new InterruptedException("speech recognition cancelled");
        }
        int n = Math.min(PIECE_SAMPLES, offset + length - at);
        // The binding reads from the start of the array it is given.
        System.arraycopy(samples, at, piece, 0, n);
        if (decoder.accept(piece, n)) {
          pending.addAll(VoskJson.words(decoder.result()));
          sincePartial = 0;
        } else {
          sincePartial += n;
          if (sincePartial >= PARTIAL_INTERVAL_SAMPLES) {
            sincePartial = 0;
            reportPartial(VoskJson.partial(decoder.partial()));
          }
        }
      }
    } finally {
      lock.unlock();
    }
  }

  private void reportPartial(String hypothesis) {
    StringBuilder text = new StringBuilder();
    for (Word word : pending) {
      text.append(text.isEmpty() ? "" : " ").append(word.text());
    }
    for (String word : hypothesis.split(" ")) {
      if (!word.isEmpty() && !word.equals(VoskJson.UNKNOWN)) {
        text.append(text.isEmpty() ? "" : " ").append(word);
      }
    }
    String partial = text.toString();
    if (!partial.isEmpty() && !partial.equals(lastPartial)) {
      lastPartial = partial;
      listener.partial(partial);
    }
  }

  @Override
  public void flush() throws InterruptedException {
    if (Thread.interrupted()) {
      throw new InterruptedException("speech recognition cancelled");
    }
    lock.lock();
    try {
      if (closed) {
        return;
      }
      pending.addAll(VoskJson.words(decoder.finalResult()));
      List<Word> words = List.copyOf(pending);
      pending.clear();
      lastPartial = "";
      sincePartial = 0;
      listener.finalResult(words);
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void close() {
    lock.lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      decoder.close();
    } finally {
      lock.unlock();
    }
  }
}
