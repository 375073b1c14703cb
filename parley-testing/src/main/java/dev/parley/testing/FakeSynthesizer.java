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
package dev.parley.testing;

import dev.parley.core.spi.SpeechSynthesizer;

/**
 * A fake synthesiser: each word becomes {@code millisPerWord} of a quiet tone, announced before its
 * audio, delivered in 20 ms blocks as soon as the word is pushed. Lets tests reason about exactly
 * how long the agent speaks.
 */
public final class FakeSynthesizer implements SpeechSynthesizer {
  private final long millisPerWord;
  private final int sampleRate;

  public FakeSynthesizer() {
    this(250, 16_000);
  }

  public FakeSynthesizer(long millisPerWord, int sampleRate) {
    this.millisPerWord = millisPerWord;
    this.sampleRate = sampleRate;
  }

  @Override
  public String name() {
    return "fake";
  }

  @Override
  public int sampleRate() {
    return sampleRate;
  }

  @Override
  public Stream open(Listener listener) {
    return new Stream() {
      private final StringBuilder pending = new StringBuilder();

      @Override
      public void push(String text) throws InterruptedException {
        pending.append(text);
        int space = pending.lastIndexOf(" ");
        if (space > 0) {
          speak(pending.substring(0, space));
          pending.delete(0, space + 1);
        }
      }

      @Override
      public void flush() throws InterruptedException {
        speak(pending.toString());
        pending.setLength(0);
      }

      @Override
      public void close() {}

      private void speak(String text) throws InterruptedException {
        int block = sampleRate / 50;
        short[] tone = new short[block];
        for (int i = 0; i < block; i++) {
          tone[i] = (short) (2000 * Math.sin(2 * Math.PI * 440 * i / sampleRate));
        }
        for (String word : text.strip().split("\\s+")) {
          if (word.isEmpty()) {
            continue;
          }
          if (Thread.currentThread().isInterrupted()) {
            throw new InterruptedException();
          }
          listener.text(word);
          for (long done = 0; done < millisPerWord; done += 20) {
            listener.audio(tone, 0, block);
          }
        }
      }
    };
  }
}
