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

import dev.parley.core.spi.ProviderException;
import dev.parley.core.spi.SpeechRecognizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Recognisers tried in order: when the one in use fails, the next takes over in the middle of the
 * call, as LiveKit's {@code FallbackAdapter} does.
 *
 * <p>A stream keeps the audio of the utterance in progress (up to {@value #MAX_UTTERANCE_SECONDS}
 * s), so the recogniser that takes over hears the whole utterance, not its tail; word times stay
 * measured from the call's first sample. A failure while opening, pushing or flushing moves on;
 * when the last recogniser fails its failure is thrown. Interruption is never a failure. The engine
 * is immutable; each stream is used by one thread, like the streams it wraps.
 */
public final class FallbackRecognizer implements SpeechRecognizer {
  static final int MAX_UTTERANCE_SECONDS = 30;
  private static final int MAX_SAMPLES = 16_000 * MAX_UTTERANCE_SECONDS;

  private final List<SpeechRecognizer> chain;
  private final List<String> names;
  private final Failover failover;

  public FallbackRecognizer(List<SpeechRecognizer> chain, Failover failover) {
    if (chain.isEmpty()) {
      throw new IllegalArgumentException("a fallback chain needs at least one recogniser");
    }
    this.chain = List.copyOf(chain);
    this.names = this.chain.stream().map(SpeechRecognizer::name).toList();
    this.failover = failover;
  }

  @Override
  public String name() {
    return String.join(">", names);
  }

  @Override
  public Stream open(Options options, Listener listener) {
    ChainStream stream = new ChainStream(options, listener);
    stream.openFrom(0, null);
    return stream;
  }

  private final class ChainStream implements Stream {
    private final Options options;
    private final Listener listener;
    private int index;
    private @Nullable Stream current;
    private @Nullable OffsetListener currentListener;
    private short[] utterance = new short[16_000 * 2];
    private int utteranceLength;
    private long utteranceStartMillis;
    private long pushedSamples;

    ChainStream(Options options, Listener listener) {
      this.options = options;
      this.listener = listener;
    }

    /** Opens chain[from...], the first that opens; throws the last failure if none does. */
    void openFrom(int from, @Nullable ProviderException previous) {
      index =
          failover.openFirst(
              names,
              from,
              previous,
              i -> {
                OffsetListener offset = new OffsetListener(listener, utteranceStartMillis);
                current = chain.get(i).open(options, offset);
                currentListener = offset;
              });
    }

    @Override
    public void push(short[] samples, int offset, int length) throws InterruptedException {
      keep(samples, offset, length);
      pushedSamples += length;
      try {
        stream().push(samples, offset, length);
      } catch (ProviderException e) {
        takeOver(e);
      }
    }

    @Override
    public void flush() throws InterruptedException {
      while (true) {
        try {
          stream().flush();
          break;
        } catch (ProviderException e) {
          takeOver(e);
        }
      }
      utteranceLength = 0;
      utteranceStartMillis = pushedSamples / 16;
    }

    @Override
    public void close() {
      Stream s = current;
      current = null;
      if (s != null) {
        s.close();
      }
    }

    private Stream stream() {
      Stream s = current;
      if (s == null) {
        throw new IllegalStateException("the stream is closed");
      }
      return s;
    }

    /** Moves to the next recogniser that opens and replays the utterance so far to it. */
    private void takeOver(ProviderException cause) throws InterruptedException {
      OffsetListener dead = currentListener;
      if (dead != null) {
        dead.silence(); // a failed stream's late results must not reach the session
      }
      close();
      if (index + 1 >= chain.size()) {
        throw cause;
      }
      openFrom(index + 1, cause);
      if (utteranceLength > 0) {
        try {
          stream().push(utterance, 0, utteranceLength);
        } catch (ProviderException e) {
          takeOver(e);
        }
      }
    }

    private void keep(short[] samples, int offset, int length) {
      if (utteranceLength + length > MAX_SAMPLES) {
        return; // past the limit the fallback hears the first half minute of the utterance
      }
      if (utteranceLength + length > utterance.length) {
        utterance =
            Arrays.copyOf(
                utterance,
                Math.min(MAX_SAMPLES, Math.max(utteranceLength + length, 2 * utterance.length)));
      }
      System.arraycopy(samples, offset, utterance, utteranceLength, length);
      utteranceLength += length;
    }
  }

  /** Shifts a stream's word times from its own first sample to the call's, until silenced. */
  private static final class OffsetListener implements Listener {
    private final Listener target;
    private final long offsetMillis;
    private volatile boolean silenced;

    OffsetListener(Listener target, long offsetMillis) {
      this.target = target;
      this.offsetMillis = offsetMillis;
    }

    void silence() {
      silenced = true;
    }

    @Override
    public void partial(String text) {
      if (!silenced) {
        target.partial(text);
      }
    }

    @Override
    public void finalResult(List<Word> words) {
      if (silenced) {
        return;
      }
      if (offsetMillis == 0) {
        target.finalResult(words);
        return;
      }
      List<Word> shifted = new ArrayList<>(words.size());
      for (Word w : words) {
        shifted.add(
            new Word(w.text(), w.startMillis() + offsetMillis, w.endMillis() + offsetMillis));
      }
      target.finalResult(shifted);
    }

    @Override
    public void endOfTurn(double probability) {
      if (!silenced) {
        target.endOfTurn(probability);
      }
    }
  }
}
