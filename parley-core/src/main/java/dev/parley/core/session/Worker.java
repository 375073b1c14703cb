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
import org.jspecify.annotations.Nullable;

/**
 * Runs one component's blocking calls for one session, in submission order, off the session loop.
 *
 * <p>Submitted from the loop only. {@link #cancel} abandons queued jobs and interrupts the running
 * one; jobs submitted afterwards run normally. Frames a job posts reach the loop through the
 * session's inbox.
 */
interface Worker extends AutoCloseable {
  /** Queues a job. */
  void submit(Job job);

  /** Drops queued jobs and interrupts the running one. Frames already posted stay posted. */
  void cancel();

  /** Cancels everything and stops the worker. Idempotent. */
  @Override
  void close();

  /**
   * Cancels everything, lets the running job return, runs {@code last} on the worker, and stops:
   * how a session releases what its jobs hold (a recogniser stream's native decoder) when the call
   * ends, rather than leaving it to a garbage collector. {@code last} must not post frames. The
   * default suits workers that run each job inside {@link #submit}.
   */
  default void closeAfter(Job last) {
    submit(last);
    close();
  }

  /** A unit of blocking work. */
  @FunctionalInterface
  interface Job {
    void run(Outbox out) throws InterruptedException;
  }

  /**
   * Where a job sends its results, and its view of session time.
   *
   * <p>On the system clock a job's time is the clock's. On a virtual clock a job runs ahead of the
   * session: its time is when it started plus the component's modelled latency plus whatever it has
   * {@link #charge charged} or {@link #await awaited}, and what it posts is delivered at that time.
   * {@link #sync} and {@link #awaitGate} are the points where a job may have to wait for the
   * session to catch up with it.
   */
  interface Outbox {
    /** Posts a frame to the session loop; may park the job when the inbox is full. */
    void post(Frame frame) throws InterruptedException;

    /**
     * Adds modelled latency to everything this job posts from now on. On a virtual clock this is
     * how a component's cost shows in the timeline; on the system clock the real cost already does,
     * and this is ignored.
     */
    void charge(long nanos);

    /**
     * Waits {@code nanos} of session time inside a job (a tool modelling its latency): parks the
     * job on the system clock, charges the time on a virtual one.
     */
    void await(long nanos) throws InterruptedException;

    /** The job's present in session time, nanoseconds on the session clock. */
    long nowNanos();

    /**
     * Waits until the session has reached this job's present, then throws if the job was cancelled
     * meanwhile. Call before an action that must not happen for a cancelled job (a side effect): on
     * a virtual clock the job may otherwise be running ahead of a cancellation that the session has
     * yet to reach.
     *
     * @throws InterruptedException if the job was cancelled
     */
    void sync() throws InterruptedException;

    /**
     * Waits until {@code gate} opens (the user's turn became final).
     *
     * @throws InterruptedException if the job was cancelled first
     */
    void awaitGate(Gate gate) throws InterruptedException;

    /**
     * Starts {@code work} alongside this job, from the job's present, with a time limit: a tool
     * call. On the system clock the work runs on its own thread; on a virtual one it runs at once,
     * on its own timeline starting at the job's present. Exactly one of the work finishing, the
     * limit passing or {@link Task#cancel} settles the task, and {@code settled} hears it once,
     * with an outbox whose present is when it settled.
     */
    Task spawn(Work work, long timeoutNanos, Settled settled);
  }

  /** Work spawned alongside a job; it may await session time through its own outbox. */
  @FunctionalInterface
  interface Work {
    String run(Outbox out) throws Exception;
  }

  /** Hears how spawned work settled. Called exactly once per task. */
  @FunctionalInterface
  interface Settled {
    void settled(Outcome outcome, Outbox out);
  }

  /** A handle on spawned work. */
  interface Task {
    /**
     * Waits for the outcome; on a virtual clock, moves the job's present to when the task settled,
     * if later.
     */
    Outcome join() throws InterruptedException;

    /** Abandons the work: interrupts it, and settles it as cancelled unless it already settled. */
    void cancel();
  }

  /**
   * How spawned work ended.
   *
   * @param value what the work returned, if it finished
   * @param failure what it threw, if it failed
   * @param timedOut whether the time limit passed first
   * @param cancelled whether it was cancelled first
   * @param endNanos when it settled, in session time
   */
  record Outcome(
      @Nullable String value,
      @Nullable Throwable failure,
      boolean timedOut,
      boolean cancelled,
      long endNanos) {
    static Outcome finished(String value, long endNanos) {
      return new Outcome(value, null, false, false, endNanos);
    }

    static Outcome failed(Throwable failure, long endNanos) {
      return new Outcome(null, failure, false, false, endNanos);
    }

    static Outcome timedOut(long endNanos) {
      return new Outcome(null, null, true, false, endNanos);
    }

    static Outcome cancelled(long endNanos) {
      return new Outcome(null, null, false, true, endNanos);
    }
  }
}
