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

import dev.parley.core.audio.Resampler;
import dev.parley.core.spi.ProviderException;
import dev.parley.core.spi.SpeechSynthesizer;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Voices tried in order: when the one in use fails in the middle of a reply, the next speaks the
 * rest of it.
 *
 * <p>The chain speaks at the first voice's sample rate; a voice with another rate is resampled. A
 * reply's text is kept until the voice announces it as spoken ({@link Listener#text}), so the voice
 * that takes over starts from the first word the caller has not been sent, not from the top. A
 * failure while opening, pushing or flushing moves on; when the last voice fails its failure is
 * thrown. The engine is immutable; each stream is used by one thread.
 */
public final class FallbackSynthesizer implements SpeechSynthesizer {
  private final List<SpeechSynthesizer> chain;
  private final List<String> names;
  private final Failover failover;

  public FallbackSynthesizer(List<SpeechSynthesizer> chain, Failover failover) {
    if (chain.isEmpty()) {
      throw new IllegalArgumentException("a fallback chain needs at least one voice");
    }
    this.chain = List.copyOf(chain);
    this.names = this.chain.stream().map(SpeechSynthesizer::name).toList();
    this.failover = failover;
  }

  @Override
  public String name() {
    return String.join(">", names);
  }

  @Override
  public int sampleRate() {
    return chain.getFirst().sampleRate();
  }

  @Override
  public Stream open(Listener listener) {
    ChainStream stream = new ChainStream(listener);
    stream.openFrom(0, null);
    return stream;
  }

  private final class ChainStream implements Stream {
    private final Listener listener;
    private final StringBuilder unspoken = new StringBuilder();
    private int index;
    private @Nullable Stream current;
    private @Nullable Relay relay;

    ChainStream(Listener listener) {
      this.listener = listener;
    }

    void openFrom(int from, @Nullable ProviderException previous) {
      index =
          failover.openFirst(
              names,
              from,
              previous,
              i -> {
                SpeechSynthesizer voice = chain.get(i);
                Relay next = new Relay(this, voice.sampleRate(), sampleRate());
                current = voice.open(next);
                relay = next;
              });
    }

    @Override
    public void push(String text) throws InterruptedException {
      unspoken.append(text);
      try {
        stream().push(text);
      } catch (ProviderException e) {
        takeOver(e);
      }
    }

    @Override
    public void flush() throws InterruptedException {
      while (true) {
        try {
          stream().flush();
          return;
        } catch (ProviderException e) {
          takeOver(e);
        }
      }
    }

    @Override
    public void close() {
      Stream s = current;
      current = null;
      if (s != null) {
        s.close();
      }
    }

    void spoken(String text) {
      int n = Math.min(text.length(), unspoken.length());
      unspoken.delete(0, n);
      listener.text(text);
    }

    private Stream stream() {
      Stream s = current;
      if (s == null) {
        throw new IllegalStateException("the stream is closed");
      }
      return s;
    }

    private void takeOver(ProviderException cause) throws InterruptedException {
      Relay dead = relay;
      if (dead != null) {
        dead.silenced = true;
      }
      close();
      if (index + 1 >= chain.size()) {
        throw cause;
      }
      openFrom(index + 1, cause);
      String rest = unspoken.toString();
      if (!rest.isBlank()) {
        try {
          stream().push(rest);
        } catch (ProviderException e) {
          takeOver(e);
        }
      }
    }
  }

  /** Passes one voice's output on, resampled to the chain's rate, until that voice is dropped. */
  private static final class Relay implements Listener {
    private final ChainStream owner;
    private final @Nullable Resampler resampler;
    private boolean silenced;

    Relay(ChainStream owner, int fromRate, int toRate) {
      this.owner = owner;
      this.resampler = fromRate == toRate ? null : new Resampler(fromRate, toRate);
    }

    @Override
    public void text(String spoken) {
      if (!silenced) {
        owner.spoken(spoken);
      }
    }

    @Override
    public void audio(short[] samples, int offset, int length) {
      if (silenced) {
        return;
      }
      Resampler r = resampler;
      if (r == null) {
        owner.listener.audio(samples, offset, length);
        return;
      }
      short[] out = new short[r.maxOutputSamples(length)];
      int n = r.process(samples, offset, length, out, 0);
      owner.listener.audio(out, 0, n);
    }
  }
}
