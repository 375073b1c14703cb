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
import dev.parley.core.spi.SpeechRecognizer;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A recogniser that hangs: its first {@code stallingFlushes} flushes (counted across streams) block
 * until the session interrupts them, as a recogniser wedged on a dead connection or a stuck decoder
 * does; later flushes report {@code words} as the final result. Takes any audio. For the stall
 * watch's live tests. Thread-safe.
 */
public final class FakeStallingRecognizer implements SpeechRecognizer {
  private final int stallingFlushes;
  private final List<Word> words;
  private final AtomicInteger flushes = new AtomicInteger();
  private final AtomicInteger opened = new AtomicInteger();
  private final AtomicInteger interrupted = new AtomicInteger();
  private final MediaClock clock;
  private volatile long lastStallNanos = -1;

  /** {@code clock} times how long each stalled flush hung before the session interrupted it. */
  public FakeStallingRecognizer(int stallingFlushes, List<Word> words, MediaClock clock) {
    this.stallingFlushes = stallingFlushes;
    this.words = List.copyOf(words);
    this.clock = clock;
  }

  @Override
  public String name() {
    return "fake-stalling";
  }

  /** Streams opened so far: a session that reopens a stalled recogniser opens another. */
  public int opened() {
    return opened.get();
  }

  /** Stalled flushes that the session interrupted. */
  public int interrupted() {
    return interrupted.get();
  }

  /** How long the last interrupted flush hung, in nanoseconds of the clock; -1 if none. */
  public long lastStallNanos() {
    return lastStallNanos;
  }

  @Override
  public Stream open(Options options, Listener listener) {
    opened.incrementAndGet();
    return new Stream() {
      @Override
      public void push(short[] samples, int offset, int length) {}

      @Override
      public void flush() throws InterruptedException {
        if (flushes.getAndIncrement() < stallingFlushes) {
          long start = clock.nanos();
          try {
            new CountDownLatch(1).await(); // never counted down: only an interrupt ends it
          } catch (InterruptedException e) {
            lastStallNanos = clock.nanos() - start;
            interrupted.incrementAndGet();
            throw e;
          }
        }
        listener.finalResult(words);
      }

      @Override
      public void close() {}
    };
  }
}
