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
 * A {@link Worker} for a virtual clock: runs each job at once on the caller's thread and schedules
 * the frames it posts at the current time plus the component's modelled latency.
 *
 * <p>Running inline makes the session quiescent by construction: when {@link #submit} returns, the
 * component has done all the work it was given, so time may advance. Confined to the thread driving
 * the {@link VirtualSession}.
 */
final class InlineWorker implements Worker, VirtualOutbox.Epochs {
  private final String component;
  private final long latencyNanos;
  private final Scheduler scheduler;
  private long epoch;
  private long jobEpoch;
  private final VirtualOutbox outbox;

  /** Where scheduled frames wait for their time. */
  interface Scheduler {
    long nowNanos();

    /**
     * Delivers {@code frame} at {@code atNanos} unless {@code worker} has moved past {@code epoch}.
     */
    void schedule(long atNanos, VirtualOutbox.Epochs worker, long epoch, Frame frame);
  }

  InlineWorker(String component, long latencyNanos, Scheduler scheduler) {
    this.component = component;
    this.latencyNanos = latencyNanos;
    this.scheduler = scheduler;
    this.outbox =
        new VirtualOutbox(
            (at, frame) -> scheduler.schedule(at, this, jobEpoch, frame), 0, SessionCore.NEVER) {};
  }

  /** Whether frames posted under {@code postedEpoch} are still wanted. */
  @Override
  public boolean isCurrent(long postedEpoch) {
    return postedEpoch == epoch;
  }

  @Override
  public void submit(Job job) {
    // Jobs run one at a time and to completion here, so one outbox serves them all and a frame
    // of caller audio costs no allocation.
    jobEpoch = epoch;
    outbox.timeNanos = scheduler.nowNanos() + latencyNanos;
    outbox.timedOut = false;
    VirtualOutbox out = outbox;
    try {
      job.run(out);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) { // a ProviderException, or a bug in the component
      out.post(Frame.ComponentFailed.of(component, e));
    }
  }

  @Override
  public void cancel() {
    epoch++;
  }

  @Override
  public void close() {
    epoch++;
  }
}
