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
package dev.parley.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.clock.ManualClock;
import dev.parley.core.session.SessionConfig;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Issue 17 item 1: new calls are admitted while the measured load has headroom; beyond, they are
 * refused with 503 and a reason, readiness turns false, and the calls already admitted keep their
 * slots. On a manual clock, the load watch's probe driven by hand.
 */
class CallHostAdmissionTest {
  private static final long MS = 1_000_000L;

  private final ManualClock clock = new ManualClock();
  private final CallHost host =
      new CallHost(
          Fixtures.config().admitByLoad(true).maxSessions(40).build(),
          Fixtures.components(),
          SessionConfig.defaults(),
          clock,
          m -> {});

  /** One window of the probe, every frame of it {@code lateShare} late. */
  private void window(int frames, int late) {
    for (int i = 0; i < frames - late; i++) {
      host.load().frame(MS);
    }
    for (int i = 0; i < late; i++) {
      host.load().frame(40 * MS);
    }
    for (int i = 0; i < 20; i++) {
      long due = clock.nanos() + LoadWatch.PROBE_NANOS;
      clock.advanceTo(due);
      host.load().probe(clock.nanos(), due);
    }
  }

  private List<CallHost.Slot> admit(int n) {
    List<CallHost.Slot> slots = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      if (host.admit("ws", "test") instanceof CallHost.Admitted a) {
        slots.add(a.slot());
      }
    }
    return slots;
  }

  @Test
  void anOverloadedServerRefusesNewCallsAndKeepsTheAdmittedOnes() {
    List<CallHost.Slot> admitted = admit(5);
    assertThat(admitted).hasSize(5);
    window(500, 50); // 10 % of frames late
    CallHost.Admission next = host.admit("twilio", "203.0.113.7");
    assertThat(next)
        .isInstanceOfSatisfying(
            CallHost.Refused.class,
            r -> {
              assertThat(r.reason()).isEqualTo(CallHost.Refusal.OVERLOAD);
              assertThat(r.reason().httpStatus()).isEqualTo(503);
              assertThat(r.detail()).contains("of frames later than 10 ms");
              assertThat(r.callId()).hasSize(36);
            });
    assertThat(host.ready()).isFalse();
    assertThat(host.notReadyBecause()).contains("overloaded");
    assertThat(host.active()).as("the admitted calls keep their slots").isEqualTo(5);
    assertThat(host.metrics().scrape())
        .contains("parley_sessions_rejected_total{reason=\"overload\"} 1.0")
        .contains("parley_load_overloaded 1.0");

    for (int i = 0; i < LoadWatch.HOLD_WINDOWS; i++) {
      window(500, 0);
    }
    assertThat(host.ready()).isTrue();
    assertThat(admit(1)).hasSize(1);
  }

  @Test
  void aBurstOfArrivalsIsLetInStepByStep() {
    assertThat(admit(10)).as("the unpaced start: a quarter of 40").hasSize(10);
    assertThat(admit(10)).as("then a quarter of those active").hasSize(2);
    window(500, 0);
    assertThat(admit(10)).as("one window later, the next step").hasSize(3);
    assertThat(host.metrics().scrape())
        .contains("parley_sessions_rejected_total{reason=\"overload\"}");
  }

  @Test
  void atTheMaximumTheRefusalIsCapacityAndTheSlotComesBack() {
    CallHost small =
        new CallHost(
            Fixtures.config().maxSessions(1).build(),
            Fixtures.components(),
            SessionConfig.defaults(),
            clock,
            m -> {});
    CallHost.Admission first = small.admit("ws", "a");
    assertThat(first).isInstanceOf(CallHost.Admitted.class);
    assertThat(small.admit("ws", "b"))
        .isInstanceOfSatisfying(
            CallHost.Refused.class,
            r -> assertThat(r.reason()).isEqualTo(CallHost.Refusal.CAPACITY));
    assertThat(small.ready()).isFalse();
    ((CallHost.Admitted) first).slot().release();
    assertThat(small.ready()).isTrue();
    assertThat(small.admit("ws", "c")).isInstanceOf(CallHost.Admitted.class);
  }
}
