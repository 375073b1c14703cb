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

import dev.parley.core.clock.MediaClock;
import dev.parley.core.spi.SpeechSynthesizer;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A synthesiser that hangs once: the first text pushed that contains {@code hangOn} blocks until
 * the session interrupts it, as an engine stuck on a dead connection does; everything else is
 * spoken as {@link FakeSynthesizer} speaks it. For the stall watch's live tests. Thread-safe.
 */
public final class FakeStallingSynthesizer implements SpeechSynthesizer {
  private final FakeSynthesizer voice;
  private final String hangOn;
  private final MediaClock clock;
  private final AtomicBoolean hung = new AtomicBoolean();
  private volatile long stallNanos = -1;

  /** {@code clock} times how long the hang lasted before the session interrupted it. */
  public FakeStallingSynthesizer(String hangOn, FakeSynthesizer voice, MediaClock clock) {
    this.hangOn = hangOn;
    this.voice = voice;
    this.clock = clock;
  }

  @Override
  public String name() {
    return "fake-stalling";
  }

  @Override
  public int sampleRate() {
    return voice.sampleRate();
  }

  /** How long the hang lasted before it was interrupted, in nanoseconds; -1 if not yet. */
  public long stallNanos() {
    return stallNanos;
  }

  @Override
  public Stream open(Listener listener) {
    Stream spoken = voice.open(listener);
    return new Stream() {
      @Override
      public void push(String text) throws InterruptedException {
        if (text.contains(hangOn) && hung.compareAndSet(false, true)) {
          long start = clock.nanos();
          try {
            new CountDownLatch(1).await(); // never counted down: only an interrupt ends it
          } finally {
            stallNanos = clock.nanos() - start;
          }
        }
        spoken.push(text);
      }

      @Override
      public void flush() throws InterruptedException {
        spoken.flush();
      }

      @Override
      public void close() {
        spoken.close();
      }
    };
  }
}
