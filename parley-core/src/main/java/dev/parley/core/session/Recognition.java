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

import dev.parley.core.frame.Frame;
import dev.parley.core.spi.SpeechRecognizer;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The call's recogniser stream on its worker: the loop hands it audio, flushes and hints, and gets
 * the words back as transcript frames. The loop side submits jobs; the stream itself is confined to
 * the STT worker.
 */
final class Recognition {
  private final Worker worker;
  private final Side side;
  private final boolean hearsAudio;
  private final SttFeed feed;

  Recognition(
      Worker worker,
      SpeechRecognizer recognizer,
      SpeechRecognizer.Options options,
      int inboxCapacity) {
    this.worker = worker;
    this.side = new Side(recognizer, options);
    this.hearsAudio = recognizer.hearsAudio();
    this.feed = new SttFeed(inboxCapacity, side::push);
    worker.submit(side::open);
  }

  /** Hands the recogniser caller audio, copied into a pooled chunk. */
  void feed(short[] samples, int offset, int length) {
    if (hearsAudio) {
      worker.submit(feed.copyOf(samples, offset, length));
    }
  }

  /** The caller went quiet: the recogniser gives its final words. */
  void flush() {
    worker.submit(side::flush);
  }

  /** The agent expects an answer of kind {@code slot}. */
  void expect(String slot) {
    worker.submit(out -> side.expect(slot));
  }

  /** A recogniser stuck in push or flush is interrupted and its stream replaced. */
  void reopen() {
    worker.cancel();
    worker.submit(out -> side.close());
    worker.submit(side::open);
  }

  /** Closes the stream once the queued audio is through. */
  void close() {
    worker.submit(out -> side.close());
  }

  /** Stops the worker; the stream's close runs even if a plain close would drop it. */
  void closeWorker() {
    worker.closeAfter(out -> side.close());
  }

  /** The recogniser stream, confined to the STT worker. */
  private static final class Side implements SpeechRecognizer.Listener {
    private final SpeechRecognizer recognizer;
    private final SpeechRecognizer.Options options;
    private SpeechRecognizer.@Nullable Stream stream;
    private Worker.@Nullable Outbox out;

    Side(SpeechRecognizer recognizer, SpeechRecognizer.Options options) {
      this.recognizer = recognizer;
      this.options = options;
    }

    void open(Worker.Outbox out) {
      this.out = out;
      stream = recognizer.open(options, this);
    }

    void push(Worker.Outbox out, short[] samples, int length) throws InterruptedException {
      this.out = out;
      if (stream != null) {
        stream.push(samples, 0, length);
      }
    }

    void flush(Worker.Outbox out) throws InterruptedException {
      this.out = out;
      if (stream != null) {
        stream.flush();
      } else {
        out.post(new Frame.TranscriptFinal(List.of()));
      }
    }

    void expect(String slot) {
      if (stream != null) {
        stream.expect(slot);
      }
    }

    void close() {
      if (stream != null) {
        stream.close();
        stream = null;
      }
    }

    @Override
    public void partial(String text) {
      Synthesis.postQuietly(out, new Frame.TranscriptPartial(text));
    }

    @Override
    public void finalResult(List<SpeechRecognizer.Word> words) {
      Synthesis.postQuietly(out, new Frame.TranscriptFinal(List.copyOf(words)));
    }

    @Override
    public void endOfTurn(double probability) {
      Synthesis.postQuietly(out, new Frame.RecognizerEndOfTurn(probability));
    }
  }
}
