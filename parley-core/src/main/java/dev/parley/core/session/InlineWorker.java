package dev.parley.core.session;

import dev.parley.core.frame.Frame;
import dev.parley.core.spi.ProviderException;

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
  }

  /** Whether frames posted under {@code jobEpoch} are still wanted. */
  @Override
  public boolean isCurrent(long jobEpoch) {
    return jobEpoch == epoch;
  }

  @Override
  public void submit(Job job) {
    long jobEpoch = epoch;
    VirtualOutbox out =
        new VirtualOutbox(
            (at, frame) -> scheduler.schedule(at, this, jobEpoch, frame),
            scheduler.nowNanos() + latencyNanos,
            SessionCore.NEVER) {};
    try {
      job.run(out);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ProviderException e) {
      out.post(new Frame.ComponentFailed(component, String.valueOf(e.getMessage())));
    } catch (RuntimeException e) {
      out.post(new Frame.ComponentFailed(component, e.toString()));
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
