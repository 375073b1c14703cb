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
package dev.parley.core.turn;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SilenceTurnPolicyTest {
  private static final long MS = 1_000_000L;
  private final SilenceTurnPolicy policy = new SilenceTurnPolicy(500);

  @Test
  void aFixedSilenceEndsTheTurnWhateverWasSaid() {
    policy.onSpeechStarted(0);
    assertThat(policy.onSpeechEnded(1000 * MS)).isEqualTo(new TurnDecision.WakeAt(1500 * MS));
    assertThat(policy.onTranscript("I want to go to", 1200 * MS)).isEqualTo(TurnDecision.WAIT);
    assertThat(policy.onWake(1500 * MS)).isEqualTo(TurnDecision.END_OF_TURN);
    assertThat(policy.onWake(2000 * MS)).isEqualTo(TurnDecision.WAIT);
  }

  @Test
  void nothingEndsWhileTheUserSpeaks() {
    policy.onSpeechStarted(0);
    assertThat(policy.onWake(5000 * MS)).isEqualTo(TurnDecision.WAIT);
  }
}
