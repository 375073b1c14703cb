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
package dev.parley.speech.piper;

import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.parley.core.spi.ProviderException;
import dev.parley.core.spi.SpeechSynthesizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One reply being spoken by a Piper voice: sentences are cut from the streamed text, phonemised,
 * synthesised and delivered in 20 ms blocks on the pushing thread. Used by one thread; {@link
 * #close} may come from any, and then also terminates an ONNX Runtime run in progress.
 */
final class PiperStream implements SpeechSynthesizer.Stream {
  private final PiperSynthesizer engine;
  private final SpeechSynthesizer.Listener listener;
  private final SentenceSplitter splitter = new SentenceSplitter();
  private final int blockSamples;
  private final short[] silence;
  private final OrtSession.RunOptions run;
  private final Object runLock = new Object();
  private volatile boolean closed;
  private boolean running;
  private boolean runFreed;
  private boolean spokeBefore;

  PiperStream(PiperSynthesizer engine, SpeechSynthesizer.Listener listener) {
    this.engine = engine;
    this.listener = listener;
    this.blockSamples = engine.sampleRate() / 50;
    this.silence = new short[engine.sampleRate() * PiperSynthesizer.SENTENCE_PAUSE_MILLIS / 1000];
    try {
      this.run = new OrtSession.RunOptions();
    } catch (OrtException e) {
      throw new ProviderException(ProviderException.Kind.FATAL, "cannot create run options", e);
    }
  }

  @Override
  public void push(String text) throws InterruptedException {
    if (closed) {
      return;
    }
    splitter.append(text);
    speakCompleteSentences();
  }

  @Override
  public void flush() throws InterruptedException {
    if (closed) {
      return;
    }
    speakCompleteSentences();
    Optional<String> rest = splitter.rest();
    if (rest.isPresent() && !closed) {
      speak(rest.get());
    }
  }

  private void speakCompleteSentences() throws InterruptedException {
    while (!closed) {
      Optional<String> sentence = splitter.next();
      if (sentence.isEmpty()) {
        return;
      }
      speak(sentence.get());
    }
  }

  private void speak(String sentence) throws InterruptedException {
    checkInterrupted();
    String phonemes = engine.phonemes(sentence);
    checkInterrupted();
    short[] audio = phonemes.isEmpty() ? new short[0] : synthesize(phonemes);
    if (closed) {
      return;
    }
    if (audio.length == 0) {
      listener.text(sentence);
      return;
    }
    if (spokeBefore) {
      for (int at = 0; at < silence.length && !closed; at += blockSamples) {
        listener.audio(silence, at, Math.min(blockSamples, silence.length - at));
      }
    }
    spokeBefore = true;
    List<String> words = words(sentence);
    int[] starts = starts(words, audio.length);
    int word = 0;
    for (int at = 0; at < audio.length; at += blockSamples) {
      if (closed) {
        return;
      }
      checkInterrupted();
      int end = Math.min(audio.length, at + blockSamples);
      while (word < words.size() && starts[word] < end) {
        listener.text(words.get(word++));
      }
      listener.audio(audio, at, end - at);
    }
    while (word < words.size()) {
      listener.text(words.get(word++));
    }
  }

  private short[] synthesize(String phonemes) {
    synchronized (runLock) {
      if (closed) {
        return new short[0];
      }
      running = true;
    }
    try {
      return engine.synthesize(phonemes, run);
    } catch (ProviderException e) {
      if (closed) {
        return new short[0]; // The run was terminated by close.
      }
      throw e;
    } finally {
      synchronized (runLock) {
        running = false;
        if (closed) {
          freeRun();
        }
      }
    }
  }

  /**
   * The sentence cut into words as written, each with the spaces after it (and the first with any
   * before it), so that they concatenate to the sentence.
   */
  static List<String> words(String sentence) {
    List<String> words = new ArrayList<>();
    int start = 0;
    int i = 0;
    while (i < sentence.length() && Character.isWhitespace(sentence.charAt(i))) {
      i++;
    }
    while (i < sentence.length()) {
      while (i < sentence.length() && !Character.isWhitespace(sentence.charAt(i))) {
        i++;
      }
      while (i < sentence.length() && Character.isWhitespace(sentence.charAt(i))) {
        i++;
      }
      words.add(sentence.substring(start, i));
      start = i;
    }
    if (words.isEmpty()) {
      words.add(sentence);
    }
    return words;
  }

  /** Where each word starts in {@code samples} of audio, in proportion to the letters before it. */
  static int[] starts(List<String> words, int samples) {
    int[] letters = new int[words.size()];
    long total = 0;
    for (int w = 0; w < letters.length; w++) {
      letters[w] = words.get(w).strip().length();
      total += letters[w];
    }
    int[] starts = new int[words.size()];
    long before = 0;
    for (int w = 0; w < starts.length; w++) {
      starts[w] = total == 0 ? 0 : (int) (samples * before / total);
      before += letters[w];
    }
    return starts;
  }

  @Override
  public void close() {
    closed = true;
    synchronized (runLock) {
      if (running) {
        try {
          run.setTerminate(true);
        } catch (OrtException e) {
          // The run then ends by itself; its audio is dropped because the stream is closed.
        }
      } else {
        freeRun();
      }
    }
  }

  private void freeRun() {
    if (!runFreed) {
      runFreed = true;
      run.close();
    }
  }

  private static void checkInterrupted() throws InterruptedException {
    if (Thread.interrupted()) {
      throw new InterruptedException("speech cancelled");
    }
  }
}
