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
package dev.parley.server;

import dev.parley.core.clock.MediaClock;
import dev.parley.core.spi.SpeechRecognizer;
import dev.parley.metrics.VoiceMeters;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * A recogniser that times itself for one call: from each {@link SpeechRecognizer.Stream#flush()}
 * (the session asking for an utterance's final words) to the {@link
 * SpeechRecognizer.Listener#finalResult} that answers it, into {@code
 * parley_recognizer_final_seconds} and, when the call is traced, a {@code recognize} span under the
 * current turn. Everything else passes straight through.
 *
 * <p>The stream runs on the session's recogniser worker; results may come on any thread (a cloud
 * recogniser's socket), hence the atomic start time.
 */
final class ObservedRecognizer implements SpeechRecognizer {
  private final SpeechRecognizer delegate;
  private final MediaClock clock;
  private final VoiceMeters meters;
  private final @Nullable Tracer tracer;
  private final @Nullable CallTracing tracing;
  private final long originNanos;

  /**
   * Times {@code delegate}; {@code tracing} (with {@code tracer}) is null when the call is not
   * traced, and {@code originNanos} is the media-clock time of the session's start.
   */
  ObservedRecognizer(
      SpeechRecognizer delegate,
      MediaClock clock,
      VoiceMeters meters,
      @Nullable Tracer tracer,
      @Nullable CallTracing tracing,
      long originNanos) {
    this.delegate = delegate;
    this.clock = clock;
    this.meters = meters;
    this.tracer = tracer;
    this.tracing = tracing;
    this.originNanos = originNanos;
  }

  @Override
  public String name() {
    return delegate.name();
  }

  @Override
  public boolean hearsAudio() {
    return delegate.hearsAudio();
  }

  @Override
  public Stream open(Options options, Listener listener) {
    AtomicLong flushedNanos = new AtomicLong(-1);
    Stream stream =
        delegate.open(
            options,
            new Listener() {
              @Override
              public void partial(String text) {
                listener.partial(text);
              }

              @Override
              public void finalResult(List<Word> words) {
                long from = flushedNanos.getAndSet(-1);
                if (from >= 0) {
                  finished(from, clock.nanos(), words.size());
                }
                listener.finalResult(words);
              }
            });
    return new Stream() {
      @Override
      public void push(short[] samples, int offset, int length) throws InterruptedException {
        stream.push(samples, offset, length);
      }

      @Override
      public void flush() throws InterruptedException {
        flushedNanos.compareAndSet(-1, clock.nanos());
        stream.flush();
      }

      @Override
      public void close() {
        stream.close();
      }
    };
  }

  private void finished(long fromNanos, long toNanos, int words) {
    meters.recognizerFinal(toNanos - fromNanos);
    Tracer t = tracer;
    CallTracing c = tracing;
    if (t != null && c != null) {
      Span span =
          t.spanBuilder("recognize")
              .setParent(c.turnContext())
              .setStartTimestamp(c.epochNanos(fromNanos - originNanos), TimeUnit.NANOSECONDS)
              .setAttribute("parley.recognizer", delegate.name())
              .setAttribute("parley.words", words)
              .startSpan();
      span.end(c.epochNanos(toNanos - originNanos), TimeUnit.NANOSECONDS);
    }
  }
}
