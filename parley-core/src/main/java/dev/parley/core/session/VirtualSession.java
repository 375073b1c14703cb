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

import dev.parley.core.clock.ManualClock;
import dev.parley.core.event.SessionEvent;
import dev.parley.core.frame.Frame;
import dev.parley.core.spi.CallControl;
import dev.parley.core.spi.CallInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.function.Consumer;

/**
 * A session on a virtual clock, driven by its caller: the engine of offline runs ({@code parley
 * converse}, the benchmark) and of the test harness.
 *
 * <p>Workers run inline, so the session is quiescent whenever a call returns; their results are
 * delivered at the time of the request plus the component's {@link ModelledLatency}. Time moves
 * only in {@link #advanceTo}, which visits every deadline and delivery on the way in order, ties
 * broken by the order the work was handed out. The same inputs give the same timeline every run.
 * Confined to the calling thread.
 */
public final class VirtualSession implements AutoCloseable {
  private record Scheduled(
      long atNanos, long order, VirtualOutbox.Epochs worker, long epoch, Frame frame)
      implements Comparable<Scheduled> {
    @Override
    public int compareTo(Scheduled other) {
      int byTime = Long.compare(atNanos, other.atNanos);
      return byTime != 0 ? byTime : Long.compare(order, other.order);
    }
  }

  private final ManualClock clock;
  private final PriorityQueue<Scheduled> scheduled = new PriorityQueue<>();
  private final List<SteppedWorker> stepped = new ArrayList<>();
  private final SessionCore core;
  private long order;

  public VirtualSession(
      ManualClock clock,
      Components components,
      SessionConfig config,
      ModelledLatency latency,
      Consumer<SessionEvent> listener,
      AudioOutput output) {
    this(
        clock,
        components,
        config,
        latency,
        listener,
        output,
        CallInfo.local("virtual"),
        CallControl.none());
  }

  /**
   * A session of the call {@code call}, whose {@code control} the call-control tools act through (a
   * fake carrier in tests).
   */
  public VirtualSession(
      ManualClock clock,
      Components components,
      SessionConfig config,
      ModelledLatency latency,
      Consumer<SessionEvent> listener,
      AudioOutput output,
      CallInfo call,
      CallControl control) {
    this.clock = clock;
    InlineWorker.Scheduler scheduler =
        new InlineWorker.Scheduler() {
          @Override
          public long nowNanos() {
            return clock.nanos();
          }

          @Override
          public void schedule(long atNanos, VirtualOutbox.Epochs worker, long epoch, Frame frame) {
            scheduled.add(new Scheduled(atNanos, order++, worker, epoch, frame));
          }
        };
    this.core =
        new SessionCore(
            config,
            components,
            listener,
            output,
            clock.nanos(),
            component -> {
              if (component.equals("agent")) {
                SteppedWorker worker =
                    new SteppedWorker(component, latency.nanos(component), scheduler);
                stepped.add(worker);
                return worker;
              }
              return new InlineWorker(component, latency.nanos(component), scheduler);
            },
            call,
            control);
  }

  /** The current time on the session's clock. */
  public long nowNanos() {
    return clock.nanos();
  }

  /** Feeds caller audio (16 kHz mono PCM16) that arrives now. */
  public void feed(short[] samples, int offset, int length) {
    core.onUserAudio(samples, offset, length, clock.nanos());
  }

  /** Moves time forward to {@code deadlineNanos}, running everything that falls due on the way. */
  public void advanceTo(long deadlineNanos) {
    while (true) {
      Scheduled head = scheduled.peek();
      long next =
          Math.min(head == null ? SessionCore.NEVER : head.atNanos(), core.nextDeadlineNanos());
      for (int i = 0; i < stepped.size(); i++) { // indexed: no iterator per frame
        next = Math.min(next, stepped.get(i).wakeAtNanos());
      }
      if (next > deadlineNanos) {
        break;
      }
      long now = Math.max(next, clock.nanos());
      clock.advanceTo(now);
      for (int i = 0; i < stepped.size(); i++) {
        stepped.get(i).runDue(now); // a parked agent job goes on, posting at or after now
      }
      while ((head = scheduled.peek()) != null && head.atNanos() <= now) {
        scheduled.poll();
        // A fact about the world arrives even from a cancelled job.
        if (head.worker().isCurrent(head.epoch()) || head.frame() instanceof Frame.Fact) {
          core.onFrame(head.frame(), now);
        }
      }
      core.onTime(now);
    }
    clock.advanceTo(deadlineNanos);
  }

  /**
   * The transport confirms the caller has heard the agent's audio up to {@code upToNanos}
   * (session-relative, as {@link AudioOutput#play} gives {@code atNanos}): a telephony mark echo.
   */
  public void heard(long upToNanos) {
    core.onFrame(new Frame.PlaybackHeard(upToNanos), clock.nanos());
  }

  /** Ends the call now. */
  public void hangup(String reason) {
    core.onFrame(new Frame.Hangup(reason), clock.nanos());
  }

  /** Whether the call has ended. */
  public boolean ended() {
    return core.ended();
  }

  @Override
  public void close() {
    if (!core.ended()) {
      hangup("closed");
    }
    core.closeWorkers();
  }
}
