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

import dev.parley.core.spi.SpeechSynthesizer;

/**
 * A placeholder voice, not speech: each word becomes a vowel-like buzz (a 120 Hz pulse train
 * through two formant resonators) as long as the word would take to say, with short gaps between
 * words. It lets a machine without a real synthesiser run whole calls with realistic timing.
 *
 * <p>Speaks each sentence as soon as its final punctuation arrives, announcing every word before
 * its audio, in 20 ms blocks. Stateless engine; streams are confined to one worker.
 */
public final class PlaceholderVoice implements SpeechSynthesizer {
  private static final int RATE = 16_000;
  private static final int BLOCK = 320;

  /** Milliseconds per character: about 14 characters a second, a relaxed speaking rate. */
  private static final int MILLIS_PER_CHAR = 70;

  /** Samples in one glottal period: a 120 Hz pulse train. */
  private static final int PERIOD = RATE / 120;

  /**
   * One period of the buzz, before the word's fade: a decaying pulse through the two formants.
   * Every period is the same, so it is computed once instead of with an exp and two sines per
   * sample (which made this voice a sixth of a loaded server's CPU).
   */
  private static final double[] PULSE = pulse();

  private static double[] pulse() {
    double f1 = 2 * Math.PI * 700 / RATE;
    double f2 = 2 * Math.PI * 1200 / RATE;
    double[] pulse = new double[PERIOD];
    for (int k = 0; k < PERIOD; k++) {
      double decay = Math.exp(-(k / (double) RATE) * 400);
      pulse[k] = decay * (Math.sin(f1 * k) + 0.5 * Math.sin(f2 * k));
    }
    return pulse;
  }

  @Override
  public String name() {
    return "placeholder-tone";
  }

  @Override
  public int sampleRate() {
    return RATE;
  }

  @Override
  public Stream open(Listener listener) {
    return new ToneStream(listener);
  }

  private static final class ToneStream implements Stream {
    private final Listener listener;
    private final StringBuilder pending = new StringBuilder();
    private final short[] block = new short[BLOCK];
    private long phase;
    private boolean closed;

    ToneStream(Listener listener) {
      this.listener = listener;
    }

    @Override
    public void push(String text) throws InterruptedException {
      pending.append(text);
      int cut = lastSentenceEnd(pending);
      if (cut > 0) {
        String sentence = pending.substring(0, cut);
        pending.delete(0, cut);
        speak(sentence);
      }
    }

    @Override
    public void flush() throws InterruptedException {
      String rest = pending.toString();
      pending.setLength(0);
      speak(rest);
    }

    @Override
    public void close() {
      closed = true;
    }

    private static int lastSentenceEnd(CharSequence text) {
      for (int i = text.length() - 1; i >= 0; i--) {
        char c = text.charAt(i);
        if ((c == '.' || c == '!' || c == '?')
            && (i + 1 == text.length() || text.charAt(i + 1) == ' ')) {
          return i + 1;
        }
      }
      return 0;
    }

    private void speak(String sentence) throws InterruptedException {
      for (String word : sentence.strip().split("\\s+")) {
        if (word.isEmpty()) {
          continue;
        }
        if (closed || Thread.currentThread().isInterrupted()) {
          throw new InterruptedException("synthesis cancelled");
        }
        listener.text(word);
        emit(Math.max(120, word.length() * MILLIS_PER_CHAR) * RATE / 1000, true);
        emit(60 * RATE / 1000, false);
      }
    }

    private void emit(int samples, boolean voiced) {
      for (int done = 0; done < samples; done += BLOCK) {
        int n = Math.min(BLOCK, samples - done);
        for (int i = 0; i < n; i++) {
          long t = phase++;
          double v = 0;
          if (voiced) {
            double fade = Math.min(1, Math.min(done + i, samples - done - i) / 160.0);
            v = PULSE[(int) (t % PERIOD)];
            v *= 0.25 * fade;
          }
          block[i] = (short) Math.round(v * 32767);
        }
        listener.audio(block, 0, n);
      }
    }
  }
}
