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
import java.util.ArrayDeque;
import org.jspecify.annotations.Nullable;

/**
 * A {@link Worker} for a virtual clock whose jobs can wait for the session: the agent's. Each job
 * runs on its own thread, but only one of the driving thread and the job's thread runs at any
 * moment, handing control back and forth at known points, so a run is as deterministic as an inline
 * one.
 *
 * <p>{@link #submit} runs the job at once until it finishes or parks. A job parks in {@link
 * Worker.Outbox#sync} (until the session reaches the job's present, which runs ahead as it charges
 * time) and in {@link Worker.Outbox#awaitGate} (until the session opens the gate). The driver asks
 * {@link #wakeAtNanos()} when the parked job wants to go on and calls {@link #runDue} at that time;
 * {@link #cancel} wakes a parked job with an {@link InterruptedException}. A job that never parks
 * behaves exactly like one on an {@link InlineWorker}. Confined to the driving thread (the job
 * thread runs only while the driver waits for it).
 */
final class SteppedWorker implements Worker, VirtualOutbox.Epochs {
  private final String component;
  private final long latencyNanos;
  private final InlineWorker.Scheduler scheduler;
  private final ArrayDeque<Job> queued = new ArrayDeque<>();
  private final Object lock = new Object();
  private long epoch;
  private @Nullable Run current;
  private boolean closed;

  /** The baton: true while the job thread runs and the driver waits. Guarded by {@link #lock}. */
  private boolean jobTurn;

  SteppedWorker(String component, long latencyNanos, InlineWorker.Scheduler scheduler) {
    this.component = component;
    this.latencyNanos = latencyNanos;
    this.scheduler = scheduler;
  }

  @Override
  public boolean isCurrent(long jobEpoch) {
    return jobEpoch == epoch;
  }

  @Override
  public void submit(Job job) {
    if (closed) {
      return;
    }
    queued.add(job);
    if (current == null) {
      startQueued();
    }
  }

  /** When the parked job wants to run again, or {@link SessionCore#NEVER}. */
  long wakeAtNanos() {
    Run run = current;
    return run == null ? SessionCore.NEVER : run.wakeAtNanos;
  }

  /** Lets the parked job run if its time has come, until it parks again or ends. */
  void runDue(long nowNanos) {
    Run run = current;
    if (run != null && run.wakeAtNanos <= nowNanos) {
      run.outbox.timeNanos = Math.max(run.outbox.timeNanos, nowNanos);
      run.wakeAtNanos = SessionCore.NEVER;
      handOver(run);
    }
  }

  @Override
  public void cancel() {
    epoch++;
    queued.clear();
    Run run = current;
    if (run != null) {
      run.cancelled = true;
      run.wakeAtNanos = SessionCore.NEVER;
      handOver(run);
    }
  }

  @Override
  public void close() {
    closed = true;
    cancel();
  }

  private void startQueued() {
    while (current == null && !queued.isEmpty()) {
      Job job = queued.poll();
      Run run = new Run(epoch, scheduler.nowNanos() + latencyNanos);
      current = run;
      Thread thread = Thread.ofVirtual().name(component + "-job").unstarted(() -> body(run, job));
      synchronized (lock) {
        jobTurn = true;
        thread.start();
      }
      waitForBaton(run);
    }
  }

  private void handOver(Run run) {
    synchronized (lock) {
      jobTurn = true;
      lock.notifyAll();
    }
    waitForBaton(run);
  }

  /** Driver side: waits until the job parks or ends; moves on to the next job if it ended. */
  private void waitForBaton(Run run) {
    boolean interrupted = false;
    synchronized (lock) {
      while (jobTurn) {
        try {
          lock.wait();
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    if (run.done && current == run) {
      current = null;
      startQueued();
    }
  }

  private void body(Run run, Job job) {
    try {
      job.run(run.outbox);
    } catch (InterruptedException e) {
      // cancelled: the session has moved on
    } catch (RuntimeException e) { // a ProviderException, or a bug in the component
      run.outbox.post(Frame.ComponentFailed.of(component, e));
    } finally {
      synchronized (lock) {
        run.done = true;
        jobTurn = false;
        lock.notifyAll();
      }
    }
  }

  /** Job side: gives the baton back and waits for it; throws if the job was cancelled. */
  private void park(Run run) throws InterruptedException {
    if (run.cancelled) {
      throw new InterruptedException("cancelled");
    }
    synchronized (lock) {
      jobTurn = false;
      lock.notifyAll();
      while (!jobTurn) {
        try {
          lock.wait();
        } catch (InterruptedException e) {
          // only the driver moves this thread on
        }
      }
    }
    if (run.cancelled) {
      throw new InterruptedException("cancelled");
    }
  }

  /** One job in progress. Fields are handed between threads under the baton. */
  private final class Run {
    final long jobEpoch;
    final VirtualOutbox outbox;
    long wakeAtNanos = SessionCore.NEVER;
    boolean cancelled;
    boolean done;

    Run(long jobEpoch, long startNanos) {
      this.jobEpoch = jobEpoch;
      Run run = this;
      this.outbox =
          new VirtualOutbox(
              (at, frame) -> scheduler.schedule(at, SteppedWorker.this, jobEpoch, frame),
              startNanos,
              SessionCore.NEVER) {
            @Override
            public void sync() throws InterruptedException {
              if (run.cancelled) {
                throw new InterruptedException("cancelled");
              }
              if (timeNanos > scheduler.nowNanos()) {
                run.wakeAtNanos = timeNanos;
                park(run);
              }
            }

            @Override
            public void awaitGate(Gate gate) throws InterruptedException {
              if (run.cancelled) {
                throw new InterruptedException("cancelled");
              }
              if (gate.isOpen()) {
                return;
              }
              gate.onOpen(() -> run.wakeAtNanos = scheduler.nowNanos());
              park(run);
            }
          };
    }
  }
}
