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

import dev.parley.core.spi.SpeechRecognizer;
import java.util.ArrayList;
import java.util.List;

/**
 * A user's side of a call written as a script: stretches of silence and of speech, with the words
 * each speech stretch contains, rendered to 16 kHz mono PCM16 with a matching time-aligned
 * transcript.
 *
 * <p>Speech is a voiced buzz with a syllable-rate envelope, loud enough for any VAD that goes by
 * energy; words are spread evenly across their stretch. Built once, immutable.
 */
public final class ScriptedAudio {
  private static final int RATE = 16_000;
  private final short[] samples;
  private final List<SpeechRecognizer.Word> words;

  private ScriptedAudio(short[] samples, List<SpeechRecognizer.Word> words) {
    this.samples = samples;
    this.words = List.copyOf(words);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The audio, 16 kHz mono PCM16. */
  public short[] samples() {
    return samples.clone();
  }

  /** The words and where they are, for an oracle recogniser. */
  public List<SpeechRecognizer.Word> words() {
    return words;
  }

  public long durationMillis() {
    return samples.length * 1000L / RATE;
  }

  /** Writes a script step by step. */
  public static final class Builder {
    private final List<short[]> parts = new ArrayList<>();
    private final List<SpeechRecognizer.Word> words = new ArrayList<>();
    private long millis;

    private Builder() {}

    /** The user is silent for {@code millis}. */
    public Builder silence(long millis) {
      parts.add(new short[(int) (millis * RATE / 1000)]);
      this.millis += millis;
      return this;
    }

    /** The user says {@code text} over {@code millis}. */
    public Builder say(String text, long millis) {
      String[] said = text.strip().split("\\s+");
      long per = millis / said.length;
      for (int i = 0; i < said.length; i++) {
        long start = this.millis + i * per;
        words.add(new SpeechRecognizer.Word(said[i], start, start + per - Math.min(40, per / 4)));
      }
      parts.add(voice((int) (millis * RATE / 1000), this.millis));
      this.millis += millis;
      return this;
    }

    /** A burst of sound with no words (a cough, a click) lasting {@code millis}. */
    public Builder noise(long millis) {
      parts.add(voice((int) (millis * RATE / 1000), this.millis));
      this.millis += millis;
      return this;
    }

    public ScriptedAudio build() {
      int total = 0;
      for (short[] part : parts) {
        total += part.length;
      }
      short[] all = new short[total];
      int at = 0;
      for (short[] part : parts) {
        System.arraycopy(part, 0, all, at, part.length);
        at += part.length;
      }
      return new ScriptedAudio(all, words);
    }

    private static short[] voice(int n, long seed) {
      short[] out = new short[n];
      double pitch = 2 * Math.PI * (110 + seed % 40) / RATE;
      for (int i = 0; i < n; i++) {
        double syllable = 0.6 + 0.4 * Math.sin(2 * Math.PI * 4 * i / RATE);
        double edge = Math.min(1, Math.min(i, n - i) / 80.0);
        double v =
            Math.sin(pitch * i) + 0.5 * Math.sin(3 * pitch * i) + 0.25 * Math.sin(5 * pitch * i);
        out[i] = (short) Math.round(6000 * syllable * edge * v);
      }
      return out;
    }
  }
}
