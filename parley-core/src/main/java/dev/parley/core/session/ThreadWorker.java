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

import dev.parley.core.clock.MediaClock;
import dev.parley.core.clock.Pacer;
import dev.parley.core.frame.Frame;
import dev.parley.core.log.CallMdc;
import dev.parley.core.spi.ProviderException;
import java.util.ArrayDeque;
import org.jspecify.annotations.Nullable;

/**
 * A {@link Worker} on its own virtual thread, for live calls. Its frames go straight to the session
 * inbox, parking the job while the inbox is full.
 *
 * <p>Jobs wait in an array deque under a monitor rather than a linked queue, so the loop's {@link
 * #submit}, called for every frame of caller audio, allocates nothing once the deque has grown.
 */
final class ThreadWorker implements Worker {
  private final String component;
  private final ArrayDeque<Job> jobs = new ArrayDeque<>();
  private final Inbox inbox;
  private final MediaClock clock;
  private final Thread thread;
  private boolean running;
  private volatile boolean closed;

  /** Runs once the loop has stopped; set by {@link #closeAfter}. */
  private volatile @Nullable Job last;

  /** The session's inbox as a worker sees it. */
  interface Inbox {
    void put(Frame frame) throws InterruptedException;
  }

  ThreadWorker(String sessionName, String component, Inbox inbox, MediaClock clock) {
    this.component = component;
    this.inbox = inbox;
    this.clock = clock;
    this.thread =
        Thread.ofVirtual().name(sessionName + "-" + component).start(CallMdc.carry(this::loop));
  }

  @Override
  public void submit(Job job) {
    synchronized (jobs) {
      if (!closed) {
        jobs.add(job);
        jobs.notifyAll();
      }
    }
  }

  @Override
  public void cancel() {
    // One monitor for the queue and the running flag: a job taken but not yet marked running
    // would otherwise miss the interrupt and run in full, stale, ahead of the jobs after it.
    synchronized (jobs) {
      jobs.clear();
      if (running) {
        thread.interrupt();
      }
    }
  }

  @Override
  public void close() {
    synchronized (jobs) {
      closed = true;
      jobs.clear();
    }
    thread.interrupt();
  }

  @Override
  public void closeAfter(Job last) {
    synchronized (jobs) {
      if (closed) {
        return;
      }
      this.last = last;
      closed = true;
      jobs.clear();
    }
    thread.interrupt();
  }

  private Job take() throws InterruptedException {
    synchronized (jobs) {
      Job job;
      while ((job = jobs.poll()) == null) {
        jobs.wait();
      }
      running = true;
      return job;
    }
  }

  private void loop() {
    Outbox out = new LiveOutbox();
    while (!closed) {
      Job job;
      try {
        job = take();
      } catch (InterruptedException e) {
        continue; // a cancel that raced with the end of the previous job, or close
      }
      Frame.@Nullable ComponentFailed failure = null;
      try {
        job.run(out);
      } catch (InterruptedException e) {
        // cancelled: the loop has already moved on
      } catch (ProviderException e) {
        if (e.getMessage() != null) { // a provider failing without a word is not reported
          failure = Frame.ComponentFailed.of(component, e);
        }
      } catch (RuntimeException e) {
        failure = Frame.ComponentFailed.of(component, e);
      } finally {
        synchronized (jobs) {
          running = false;
          Thread.interrupted(); // a cancel that arrived after the job ended must not hit the next
        }
      }
      if (failure != null && !closed) {
        try {
          inbox.put(failure);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    }
    runLast(out);
  }

  private void runLast(Outbox out) {
    Job job = last;
    if (job == null) {
      return;
    }
    Thread.interrupted(); // the interrupt that stopped the loop is not meant for the last job
    try {
      job.run(out);
    } catch (InterruptedException | RuntimeException e) {
      // The call has ended; nothing is left to tell.
    }
  }

  /** The outbox of a live job: session time is the clock's; spawned work gets its own thread. */
  private final class LiveOutbox implements Outbox {
    @Override
    public void post(Frame frame) throws InterruptedException {
      inbox.put(frame);
    }

    @Override
    public void charge(long nanos) {}

    @Override
    public void await(long nanos) throws InterruptedException {
      new Pacer(clock).awaitUntil(clock.nanos() + nanos);
    }

    @Override
    public long nowNanos() {
      return clock.nanos();
    }

    @Override
    public void sync() throws InterruptedException {
      if (Thread.interrupted()) {
        throw new InterruptedException("cancelled");
      }
    }

    @Override
    public void awaitGate(Gate gate) throws InterruptedException {
      gate.await();
    }

    @Override
    public Task spawn(Work work, long timeoutNanos, Settled settled) {
      LiveTask task = new LiveTask(this, settled);
      long deadline = clock.nanos() + timeoutNanos;
      Thread runner =
          Thread.ofVirtual()
              .name(component + "-task")
              .unstarted(
                  CallMdc.carry(
                      () -> {
                        try {
                          task.settle(Outcome.finished(work.run(this), clock.nanos()));
                        } catch (InterruptedException e) {
                          task.settle(Outcome.cancelled(clock.nanos()));
                        } catch (Exception e) {
                          task.settle(Outcome.failed(e, clock.nanos()));
                        } finally {
                          task.finished();
                        }
                      }));
      task.runner = runner;
      Thread watchdog =
          Thread.ofVirtual()
              .name(component + "-limit")
              .unstarted(
                  () -> {
                    try {
                      new Pacer(clock).awaitUntil(deadline);
                      if (task.settle(Outcome.timedOut(clock.nanos()))) {
                        runner.interrupt();
                      }
                    } catch (InterruptedException e) {
                      // the work settled first
                    }
                  });
      task.watchdog = watchdog;
      runner.start();
      watchdog.start();
      return task;
    }
  }

  /**
   * Spawned work on its own thread, settled once by whichever of work, limit or cancel is first.
   */
  private final class LiveTask implements Task {
    private final Outbox out;
    private final Settled settled;
    private final java.util.concurrent.CompletableFuture<Outcome> outcome =
        new java.util.concurrent.CompletableFuture<>();
    private final java.util.concurrent.atomic.AtomicBoolean once =
        new java.util.concurrent.atomic.AtomicBoolean();
    volatile @Nullable Thread runner;
    volatile @Nullable Thread watchdog;

    LiveTask(Outbox out, Settled settled) {
      this.out = out;
      this.settled = settled;
    }

    boolean settle(Outcome result) {
      if (!once.compareAndSet(false, true)) {
        return false;
      }
      try {
        settled.settled(result, out);
      } finally {
        outcome.complete(result);
      }
      return true;
    }

    void finished() {
      Thread limit = watchdog;
      if (limit != null) {
        limit.interrupt();
      }
    }

    @Override
    public Outcome join() throws InterruptedException {
      try {
        return outcome.get();
      } catch (java.util.concurrent.ExecutionException e) {
        throw new IllegalStateException(e);
      }
    }

    @Override
    public void cancel() {
      if (settle(Outcome.cancelled(clock.nanos()))) {
        Thread work = runner;
        if (work != null) {
          work.interrupt();
        }
      }
    }
  }
}
