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

import java.util.concurrent.ArrayBlockingQueue;

/**
 * Copies of caller audio on their way from the session loop to the recogniser's worker, pooled so
 * that handing a frame over allocates nothing once the pool has grown to the worker's backlog.
 *
 * <p>Thread-safe: the loop takes a chunk with {@link #copyOf}, the worker gives it back when the
 * job has run. A chunk dropped by a cancelled worker is simply not returned and the pool makes a
 * new one later; more than {@code capacity} idle chunks are left to the garbage collector.
 */
final class SttFeed {
  /** Where the worker sends each chunk's samples. */
  @FunctionalInterface
  interface Sink {
    void push(Worker.Outbox out, short[] samples, int length) throws InterruptedException;
  }

  private final ArrayBlockingQueue<Chunk> free;
  private final Sink sink;

  SttFeed(int capacity, Sink sink) {
    this.free = new ArrayBlockingQueue<>(capacity);
    this.sink = sink;
  }

  /** A job that pushes a copy of {@code samples[offset..offset+length)} to the sink. */
  Worker.Job copyOf(short[] samples, int offset, int length) {
    Chunk chunk = free.poll();
    if (chunk == null) {
      chunk = new Chunk();
    }
    if (chunk.samples.length < length) {
      chunk.samples = new short[length];
    }
    System.arraycopy(samples, offset, chunk.samples, 0, length);
    chunk.length = length;
    return chunk;
  }

  /** One frame's copy; reused once its job has run. */
  private final class Chunk implements Worker.Job {
    private short[] samples = new short[SessionCore.FRAME_SAMPLES];
    private int length;

    @Override
    public void run(Worker.Outbox out) throws InterruptedException {
      try {
        sink.push(out, samples, length);
      } finally {
        free.offer(this);
      }
    }
  }
}
