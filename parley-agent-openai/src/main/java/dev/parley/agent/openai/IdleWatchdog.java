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
package dev.parley.agent.openai;

import java.io.Closeable;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Closes a response body that has gone quiet, so that a server which stalls mid-stream ends in a
 * failure instead of a reply that never finishes. {@link java.net.http.HttpClient}'s request
 * timeout covers only the wait for the headers; this covers the body.
 *
 * <p>One daemon thread serves every stream of the process. A stream is checked once per idle
 * period, so a stall is noticed between one and two periods after the last line arrived.
 */
final class IdleWatchdog {
  private static final ScheduledExecutorService TIMER =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "parley-openai-idle-watchdog");
            t.setDaemon(true);
            return t;
          });

  private IdleWatchdog() {}

  /** Starts watching {@code body}; the reader calls {@link Guard#progress} for each line. */
  static Guard watch(Closeable body, Duration idle) {
    return new Guard(body, idle);
  }

  /** The watch over one body. The reader thread reports progress; the timer thread checks it. */
  static final class Guard implements AutoCloseable {
    private final AtomicLong progress = new AtomicLong();
    private final Closeable body;
    private final ScheduledFuture<?> task;
    private volatile boolean fired;
    private long seen = -1; // timer thread only

    private Guard(Closeable body, Duration idle) {
      this.body = body;
      long periodNanos = Math.max(1, idle.toNanos());
      this.task =
          TIMER.scheduleAtFixedRate(this::check, periodNanos, periodNanos, TimeUnit.NANOSECONDS);
    }

    void progress() {
      progress.incrementAndGet();
    }

    /** Whether the watchdog closed the body because it went quiet. */
    boolean fired() {
      return fired;
    }

    private void check() {
      long now = progress.get();
      if (now == seen) {
        fired = true;
        task.cancel(false);
        try {
          body.close();
        } catch (IOException | RuntimeException e) {
          // closing is best effort: the reader fails either way
        }
      }
      seen = now;
    }

    @Override
    public void close() {
      task.cancel(false);
    }
  }
}
