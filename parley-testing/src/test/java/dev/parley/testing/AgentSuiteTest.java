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
package dev.parley.testing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Tools from 50 ms to 4 s and finished turns with speculation on and off, over the agent suite;
 * prints the measured numbers (the README's agent table).
 */
class AgentSuiteTest {
  private static AgentSuite.Result result = AgentSuite.run();

  @BeforeAll
  static void runSuite() {
    result = AgentSuite.run();
    System.out.println(result.table());
  }

  @Test
  void slowToolsAreMaskedSoTheLineIsNeverSilentForLong() {
    assertThat(result.toolScenarios()).isGreaterThanOrEqualTo(20);
    assertThat(result.maxSilenceMillis()).isLessThanOrEqualTo(1500);
    assertThat(result.slowToolsMasked()).isEqualTo(result.slowTools());
  }

  @Test
  void fastToolsGetNoFillerAndNoFillerStartsOverTheUser() {
    assertThat(result.fastToolFillers()).isZero();
    assertThat(result.fillersOverUser()).isZero();
  }

  @Test
  void theAnswerFollowsTheFillerWithoutAGap() {
    assertThat(result.maxAnswerGapMillis()).isBetween(0L, 20L);
  }

  @Test
  void speculationSavesAtLeast150MillisecondsMedian() {
    assertThat(result.speculationScenarios()).isGreaterThanOrEqualTo(20);
    assertThat(result.savingMillisP50()).isGreaterThanOrEqualTo(150);
    assertThat(result.latencyOnMillisP50()).isLessThan(result.latencyOffMillisP50());
  }
}
