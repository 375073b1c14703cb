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
package dev.parley.core.session;

import dev.parley.core.audio.Resampler;
import dev.parley.core.frame.Frame;
import dev.parley.core.spi.SpeechSynthesizer;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The synthesiser stream of the current reply on its worker: the loop hands it a reply's text and
 * gets speech back as frames of that reply. A new response id opens a new stream, which closes the
 * old one. The loop side submits jobs; the stream itself is confined to the TTS worker.
 */
final class Synthesis {
  private final Worker worker;
  private final Side side;

  Synthesis(Worker worker, SpeechSynthesizer synthesizer) {
    this.worker = worker;
    this.side = new Side(synthesizer);
  }

  /** Text of reply {@code id} to speak as it streams. */
  void push(long id, String text) {
    worker.submit(out -> side.push(out, id, text));
  }

  /** Reply {@code id} has no more text: speak what is held, then say it is done. */
  void flush(long id) {
    worker.submit(out -> side.flush(out, id));
  }

  /** Speaks {@code text} whole as reply {@code id}. */
  void say(long id, String text) {
    worker.submit(
        out -> {
          side.push(out, id, text);
          side.flush(out, id);
        });
  }

  /** Abandons the reply being spoken: its queued text is dropped and its stream closed. */
  void cancel() {
    worker.cancel();
    worker.submit(out -> side.close());
  }

  void closeWorker() {
    worker.close();
  }

  /** Speaks {@code text} whole, at the session rate: for short clips prepared ahead. */
  static short[] synthesize(SpeechSynthesizer synthesizer, String text)
      throws InterruptedException {
    List<short[]> blocks = new ArrayList<>();
    try (SpeechSynthesizer.Stream stream =
        synthesizer.open(
            new SpeechSynthesizer.Listener() {
              @Override
              public void text(String spoken) {}

              @Override
              public void audio(short[] samples, int offset, int length) {
                blocks.add(java.util.Arrays.copyOfRange(samples, offset, offset + length));
              }
            })) {
      stream.push(text);
      stream.flush();
    }
    int total = 0;
    for (short[] block : blocks) {
      total += block.length;
    }
    short[] all = new short[total];
    int at = 0;
    for (short[] block : blocks) {
      System.arraycopy(block, 0, all, at, block.length);
      at += block.length;
    }
    int rate = synthesizer.sampleRate();
    return rate == SessionCore.RATE ? all : Resampler.resample(all, rate, SessionCore.RATE);
  }

  /** Whether {@code text} completes a sentence, which a synthesiser must then speak. */
  static boolean endsASentence(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '.' || c == '!' || c == '?') {
        return true;
      }
    }
    return false;
  }

  /**
   * Posts from a provider callback, which cannot throw {@link InterruptedException}: an interrupt
   * means the work was cancelled, so the flag is kept for the provider to see and the frame, stale
   * anyway, is dropped.
   */
  static void postQuietly(Worker.@Nullable Outbox out, Frame frame) {
    if (out != null) {
      try {
        out.post(frame);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** The synthesiser stream of the current reply, confined to the TTS worker. */
  private static final class Side implements SpeechSynthesizer.Listener {
    private final SpeechSynthesizer synthesizer;
    private SpeechSynthesizer.@Nullable Stream stream;
    private @Nullable Resampler resampler;
    private long streamResponseId = -1;
    private Worker.@Nullable Outbox out;

    Side(SpeechSynthesizer synthesizer) {
      this.synthesizer = synthesizer;
    }

    void push(Worker.Outbox out, long id, String text) throws InterruptedException {
      streamFor(out, id).push(text);
    }

    void flush(Worker.Outbox out, long id) throws InterruptedException {
      try {
        streamFor(out, id).flush();
      } finally {
        out.post(new Frame.SpeechDone(id));
      }
    }

    private SpeechSynthesizer.Stream streamFor(Worker.Outbox out, long id) {
      this.out = out;
      SpeechSynthesizer.Stream current = stream;
      if (current == null || streamResponseId != id) {
        close();
        streamResponseId = id;
        int rate = synthesizer.sampleRate();
        resampler = rate == SessionCore.RATE ? null : new Resampler(rate, SessionCore.RATE);
        current = synthesizer.open(this);
        stream = current;
      }
      return current;
    }

    void close() {
      if (stream != null) {
        stream.close();
        stream = null;
      }
    }

    @Override
    public void text(String spoken) {
      postQuietly(out, new Frame.SpeechText(streamResponseId, spoken));
    }

    @Override
    public void audio(short[] samples, int offset, int length) {
      short[] pcm;
      Resampler r = resampler;
      if (r == null) {
        pcm = new short[length];
        System.arraycopy(samples, offset, pcm, 0, length);
      } else {
        short[] buffer = new short[r.maxOutputSamples(length)];
        int n = r.process(samples, offset, length, buffer, 0);
        pcm = java.util.Arrays.copyOf(buffer, n);
      }
      postQuietly(out, new Frame.SpeechAudio(streamResponseId, pcm));
    }
  }
}
