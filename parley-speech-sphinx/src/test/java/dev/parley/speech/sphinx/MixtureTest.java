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
package dev.parley.speech.sphinx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.parley.core.spi.SpeechRecognizer.Expectation;
import java.util.List;
import org.junit.jupiter.api.Test;

class MixtureTest {
  private final Mixture mixture = new Mixture(true, List.of("city", "yes_no"), 0.001f, 0.05f);

  @Test
  void membersAreTheGeneralModelTheHintsAndOnePerSlot() {
    assertThat(mixture.names()).containsExactly("general", "hints", "slot:city", "slot:yes_no");
  }

  @Test
  void anOpenTurnKeepsEverySlotQuiet() {
    float[] weights = mixture.weights(Expectation.OPEN);

    assertThat(weights[0]).isCloseTo(0.999f, within(1e-6f));
    assertThat(weights[1]).isEqualTo(0.001f);
    assertThat(weights[2]).isEqualTo(Mixture.INACTIVE);
    assertThat(weights[3]).isEqualTo(Mixture.INACTIVE);
  }

  @Test
  void theExpectedSlotTakesItsWeightFromTheGeneralModel() {
    float[] weights = mixture.weights("yes_no");

    assertThat(weights[0]).isCloseTo(0.949f, within(1e-6f));
    assertThat(weights[2]).isEqualTo(Mixture.INACTIVE);
    assertThat(weights[3]).isEqualTo(0.05f);
  }

  @Test
  void anUndeclaredSlotCountsAsOpen() {
    assertThat(mixture.weights("name")).containsExactly(mixture.weights(Expectation.OPEN));
  }

  @Test
  void theOpeningSlotIsActiveFromTheFirstUtteranceWhenDeclared() {
    assertThat(mixture.firstSlot()).isEqualTo(Expectation.OPEN);
    assertThat(new Mixture(false, List.of("opening"), 0, 0.05f).firstSlot()).isEqualTo("opening");
  }

  @Test
  void nothingToMixWithoutHintsOrSlots() {
    assertThat(new Mixture(false, List.of(), 0.001f, 0.05f).mixes()).isFalse();
  }

  @Test
  void weightsThatLeaveTheGeneralModelNothingAreRefused() {
    assertThatThrownBy(() -> new Mixture(true, List.of(), 0.5f, 0.5f))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
