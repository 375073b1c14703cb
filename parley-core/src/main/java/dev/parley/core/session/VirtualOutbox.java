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

/**
 * A job's outbox on a virtual clock: the job's present is its own, ahead of the session's, and what
 * it posts is scheduled at that present. Spawned work runs at once on a branch of the job's
 * timeline that starts at the job's present and has its own time limit. Confined to the thread
 * running the job.
 */
abstract class VirtualOutbox implements Worker.Outbox {
  /** A worker whose cancellations make the frames of its earlier jobs stale. */
  interface Epochs {
    boolean isCurrent(long epoch);
  }

  /** Where posted frames go: scheduled for delivery at a session time. */
  @FunctionalInterface
  interface Poster {
    void schedule(long atNanos, Frame frame);
  }

  private final Poster poster;
  private final long deadlineNanos;
  long timeNanos;
  boolean timedOut;

  VirtualOutbox(Poster poster, long startNanos, long deadlineNanos) {
    this.poster = poster;
    this.timeNanos = startNanos;
    this.deadlineNanos = deadlineNanos;
  }

  @Override
  public void post(Frame frame) {
    poster.schedule(timeNanos, frame);
  }

  @Override
  public void charge(long nanos) {
    timeNanos += nanos;
  }

  @Override
  public void await(long nanos) throws InterruptedException {
    if (nanos > deadlineNanos - timeNanos) {
      timeNanos = deadlineNanos;
      timedOut = true;
      throw new InterruptedException("time limit reached");
    }
    timeNanos += Math.max(0, nanos);
    sync();
  }

  @Override
  public long nowNanos() {
    return timeNanos;
  }

  @Override
  public void sync() throws InterruptedException {}

  @Override
  public void awaitGate(Gate gate) throws InterruptedException {
    if (!gate.isOpen()) {
      throw new IllegalStateException("only an agent job can wait for the end of the turn");
    }
  }

  @Override
  public Worker.Task spawn(Worker.Work work, long timeoutNanos, Worker.Settled settled) {
    long start = timeNanos;
    long deadline =
        timeoutNanos >= SessionCore.NEVER - start ? SessionCore.NEVER : start + timeoutNanos;
    Branch branch = new Branch(poster, start, deadline);
    Worker.Outcome outcome;
    try {
      String value = work.run(branch);
      outcome =
          branch.timedOut
              ? Worker.Outcome.timedOut(deadline)
              : Worker.Outcome.finished(value, branch.timeNanos);
    } catch (InterruptedException e) {
      outcome =
          branch.timedOut
              ? Worker.Outcome.timedOut(deadline)
              : Worker.Outcome.cancelled(branch.timeNanos);
    } catch (Exception e) {
      outcome =
          branch.timedOut
              ? Worker.Outcome.timedOut(deadline)
              : Worker.Outcome.failed(e, branch.timeNanos);
    }
    branch.timeNanos = outcome.endNanos();
    settled.settled(outcome, branch);
    Worker.Outcome result = outcome;
    return new Worker.Task() {
      @Override
      public Worker.Outcome join() {
        timeNanos = Math.max(timeNanos, result.endNanos());
        return result;
      }

      @Override
      public void cancel() {}
    };
  }

  /** Spawned work's own timeline: awaits only move its present, they never wait. */
  private static final class Branch extends VirtualOutbox {
    Branch(Poster poster, long startNanos, long deadlineNanos) {
      super(poster, startNanos, deadlineNanos);
    }
  }
}
