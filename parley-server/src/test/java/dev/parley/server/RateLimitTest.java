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
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Issue 17: the limit counts seconds of audio, and the server's own lag is not the caller's. */
class RateLimitTest {
  private static final long FRAME = 20_000_000L;

  @Test
  void aCallerSendingInRealTimeIsNeverLimited() {
    ManualClock clock = new ManualClock();
    RateLimit limit = new RateLimit(clock, 200, () -> 0);
    for (int i = 0; i < 50 * 600; i++) { // ten minutes of 20 ms frames
      assertThat(limit.audio(FRAME)).as("frame %d", i).isTrue();
      clock.advance(Duration.ofMillis(20));
    }
  }

  @Test
  void bigMessagesAreChargedByTheirAudioNotCountedAsOne() {
    ManualClock clock = new ManualClock();
    RateLimit limit = new RateLimit(clock, 200, () -> 0);
    long twoSeconds = RateLimit.nanosOf(32_000, 16_000); // a 64 KB message of PCM16 at 16 kHz
    assertThat(limit.audio(twoSeconds)).as("the burst covers one").isTrue();
    int taken = 1;
    for (int i = 0; i < 180 && limit.audio(twoSeconds); i++) {
      clock.advance(Duration.ofMillis(1_000 / 180)); // 180 a second: hours of audio a minute
      taken++;
    }
    assertThat(taken).as("cut within a second, not after 180").isLessThan(10);
  }

  @Test
  void aBurstAfterTheServersOwnStallIsForgiven() {
    ManualClock clock = new ManualClock();
    AtomicLong lag = new AtomicLong();
    RateLimit limit = new RateLimit(clock, 50, lag::get);
    limit.audio(FRAME);
    // The server's threads stall for 9 s: the caller went on sending in real time, and the
    // reader now finds 450 frames waiting at once.
    clock.advance(Duration.ofSeconds(9));
    lag.set(9_000_000_000L);
    for (int i = 0; i < 450; i++) {
      assertThat(limit.audio(FRAME)).as("frame %d of the backlog", i).isTrue();
    }
  }

  @Test
  void aStallBeyondTheAllowanceAndTheMeasuredLagIsCapped() {
    ManualClock clock = new ManualClock();
    RateLimit limit = new RateLimit(clock, 500, () -> 0);
    limit.audio(FRAME);
    clock.advance(Duration.ofSeconds(20));
    int taken = 0;
    while (taken < 1_000 && limit.audio(FRAME)) {
      taken++;
    }
    // 2 s of burst and 5 s of allowance at 1.1 times real time: 7.5 s of 20 ms frames
    assertThat(taken).isBetween(370, 380);
  }

  @Test
  void controlMessagesHaveTheirOwnRate() {
    ManualClock clock = new ManualClock();
    RateLimit limit = new RateLimit(clock, 10, () -> 0);
    for (int i = 0; i < 10; i++) {
      assertThat(limit.message()).isTrue();
    }
    assertThat(limit.message()).isFalse();
    clock.advance(Duration.ofMillis(100));
    assertThat(limit.message()).isTrue();
  }
}
