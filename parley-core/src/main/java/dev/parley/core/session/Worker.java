package dev.parley.core.session;

import dev.parley.core.frame.Frame;

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

  /** A unit of blocking work. */
  @FunctionalInterface
  interface Job {
    void run(Outbox out) throws InterruptedException;
  }

  /** Where a job sends its results. */
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
  }
}
