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

import dev.parley.core.session.SessionConfig;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The engine's conversational behaviour over the scenario suite, Parley's defaults beside the naive
 * baseline (fixed 500 ms silence, stop on any onset, no pacing) in the same run.
 */
class ConversationSuiteTest {
  private static ConversationSuite.Result parley = run(SessionConfig.defaults());
  private static ConversationSuite.Result parleyNoPacing = run(SessionConfig.defaults());
  private static ConversationSuite.Result naive = run(SessionConfig.naive());

  private static ConversationSuite.Result run(SessionConfig config) {
    return ConversationSuite.run(config);
  }

  @BeforeAll
  static void runSuites() {
    parley = run(SessionConfig.defaults());
    parleyNoPacing = run(SessionConfig.defaults().withPacingMillis(0));
    naive = run(SessionConfig.naive());
    System.out.println(parley.table("parley (defaults)"));
    System.out.println(parleyNoPacing.table("parley (pacing off)"));
    System.out.println(naive.table("naive"));
  }

  @Test
  void theAgentDoesNotTakeTheTurnInThinkingPauses() {
    assertThat(parley.pauseScenarios()).isGreaterThanOrEqualTo(20);
    assertThat(parley.pauseTakeOverRate()).isLessThanOrEqualTo(0.02);
    assertThat(naive.pauseTakeOverRate()).isGreaterThan(parley.pauseTakeOverRate());
  }

  @Test
  void finishedTurnsAreAnsweredInsideTheHumanWindow() {
    assertThat(parley.smoothScenarios()).isGreaterThanOrEqualTo(20);
    assertThat(parley.turnTakeRate()).isEqualTo(1.0);
    assertThat(parleyNoPacing.turnEndDecisionMillisP50()).isLessThanOrEqualTo(250);
    assertThat(parley.firstAudioMillisP50()).isBetween(400L, 700L);
  }

  @Test
  void backchannelsNoiseAndEchoDoNotStopTheAgent() {
    assertThat(parley.backchannelScenarios()).isGreaterThanOrEqualTo(20);
    assertThat(parley.backchannelFalseStopRate()).isLessThanOrEqualTo(0.02);
    assertThat(parley.noiseFalseStopRate()).isLessThanOrEqualTo(0.02);
    assertThat(parley.echoFalseStopRate()).isZero();
    assertThat(naive.backchannelFalseStopRate()).isEqualTo(1.0);
  }

  @Test
  void theAgentBackchannelsInLongTurnsWithoutTalkingOverTheUser() {
    assertThat(parley.monologueScenarios()).isGreaterThanOrEqualTo(20);
    assertThat(parley.agentBackchannels()).isGreaterThanOrEqualTo(parley.monologueScenarios() / 2);
    assertThat(parley.agentBackchannelOverlapMillis())
        .isLessThanOrEqualTo(20L * parley.agentBackchannels());
    assertThat(parley.monologueTakeOverRate()).isLessThanOrEqualTo(0.02);
    assertThat(naive.agentBackchannels()).isZero();
  }

  @Test
  void realInterruptionsStopTheAgentFastAndItRemembersWhatWasHeard() {
    assertThat(parley.interruptionScenarios()).isGreaterThanOrEqualTo(20);
    assertThat(parley.interruptionStopRate()).isEqualTo(1.0);
    assertThat(parley.interruptionPauseMillisMax()).isLessThanOrEqualTo(250);
    assertThat(parley.heardTextWithinOneWordRate()).isEqualTo(1.0);
  }
}
