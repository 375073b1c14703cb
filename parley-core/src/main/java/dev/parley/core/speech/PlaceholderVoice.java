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
      double f1 = 2 * Math.PI * 700 / RATE;
      double f2 = 2 * Math.PI * 1200 / RATE;
      int period = RATE / 120;
      for (int done = 0; done < samples; done += BLOCK) {
        int n = Math.min(BLOCK, samples - done);
        for (int i = 0; i < n; i++) {
          long t = phase++;
          double v = 0;
          if (voiced) {
            double sinceP = (t % period) / (double) RATE;
            double decay = Math.exp(-sinceP * 400);
            v = decay * (Math.sin(f1 * (t % period)) + 0.5 * Math.sin(f2 * (t % period)));
            double fade = Math.min(1, Math.min(done + i, samples - done - i) / 160.0);
            v *= 0.25 * fade;
          }
          block[i] = (short) Math.round(v * 32767);
        }
        listener.audio(block, 0, n);
      }
    }
  }
}
