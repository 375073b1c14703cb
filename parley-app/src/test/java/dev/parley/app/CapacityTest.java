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
package dev.parley.app;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Issue 17: the default --max-sessions follows the stack and the cores, not a fixed 400. */
class CapacityTest {
  @Test
  void theDefaultStackOnTwoCoresIsWhatWasMeasured() {
    assertThat(Capacity.defaultMaxSessions("silero", "sphinx", "flite", 2)).isEqualTo(17);
  }

  @Test
  void theStrippedStackKeepsItsMeasuredTwoHundred() {
    assertThat(Capacity.defaultMaxSessions("silero", "none", "placeholder", 2)).isEqualTo(200);
  }

  @Test
  void moreCoresCarryMoreCallsAndAnUnmeasuredRecogniserCountsAsTheCostliest() {
    assertThat(Capacity.defaultMaxSessions("silero", "sphinx", "flite", 8)).isEqualTo(70);
    assertThat(Capacity.defaultMaxSessions("silero", "whisper:model.bin", "flite", 2))
        .isEqualTo(Capacity.defaultMaxSessions("silero", "sphinx", "flite", 2));
    assertThat(Capacity.defaultMaxSessions("energy", "sphinx", "flite", 1)).isPositive();
  }
}
