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

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class IdleReclaimTest {
  private static final long SECOND = 1_000_000_000L;

  private final AtomicInteger active = new AtomicInteger();
  private final AtomicInteger reclaims = new AtomicInteger();
  private final IdleReclaim idle = new IdleReclaim(active::get, reclaims::incrementAndGet);

  @Test
  void aServerThatNeverHadACallReclaimsNothing() {
    for (long t = 0; t < 60; t++) {
      idle.check(t * SECOND);
    }
    assertThat(reclaims).hasValue(0);
  }

  @Test
  void reclaimsOnceAfterTheQuietPeriodThatFollowsCalls() {
    active.set(3);
    idle.check(0);
    active.set(0);
    idle.check(1 * SECOND); // quiet from here
    idle.check(10 * SECOND);
    assertThat(reclaims).as("9 s quiet is a gap between calls").hasValue(0);
    idle.check(11 * SECOND);
    assertThat(reclaims).hasValue(1);
    for (long t = 12; t < 60; t++) {
      idle.check(t * SECOND);
    }
    assertThat(reclaims).as("once per quiet spell").hasValue(1);
  }

  @Test
  void aCallInTheQuietPeriodStartsItAgain() {
    active.set(1);
    idle.check(0);
    active.set(0);
    idle.check(1 * SECOND);
    active.set(1);
    idle.check(8 * SECOND);
    active.set(0);
    idle.check(9 * SECOND);
    idle.check(18 * SECOND);
    assertThat(reclaims).hasValue(0);
    idle.check(19 * SECOND);
    assertThat(reclaims).hasValue(1);
  }
}
