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

import java.util.Random;
import org.junit.jupiter.api.Test;

class EnergyGateTest {
  private final EnergyGate gate = new EnergyGate();
  private final Random random = new Random(7);

  @Test
  void digitalSilenceIsNeverSpeech() {
    for (int i = 0; i < 500; i++) {
      assertThat(gate.isSpeech(new short[160], 0, 160)).isFalse();
    }
  }

  @Test
  void aLoudBlockAfterQuietIsSpeech() {
    for (int i = 0; i < 200; i++) {
      gate.isSpeech(noise(20), 0, 160);
    }

    assertThat(gate.isSpeech(noise(3000), 0, 160)).isTrue();
  }

  @Test
  void aSteadyNoisyLineIsLearnedWithinTwoSeconds() {
    int speechBlocks = 0;
    for (int i = 0; i < 1000; i++) {
      boolean speech = gate.isSpeech(noise(300), 0, 160);
      if (i >= 200 && speech) {
        speechBlocks++;
      }
    }

    assertThat(speechBlocks).isZero();
    assertThat(gate.isSpeech(noise(3000), 0, 160)).isTrue();
  }

  @Test
  void speechDoesNotRaiseTheFloorPastItsOwnPauses() {
    for (int i = 0; i < 200; i++) {
      gate.isSpeech(noise(50), 0, 160);
    }
    int speechBlocks = 0;
    // Ten seconds of syllables: 200 ms loud, 100 ms back to the background.
    for (int i = 0; i < 1000; i++) {
      boolean loud = i % 30 < 20;
      if (gate.isSpeech(noise(loud ? 2000 : 50), 0, 160) && loud) {
        speechBlocks++;
      }
    }

    assertThat(speechBlocks).isEqualTo(1000 / 30 * 20 + 10);
  }

  @Test
  void anEmptyBlockIsNotSpeech() {
    assertThat(gate.isSpeech(new short[0], 0, 0)).isFalse();
  }

  private short[] noise(int rms) {
    short[] block = new short[160];
    for (int i = 0; i < block.length; i++) {
      block[i] = (short) Math.max(-32768, Math.min(32767, random.nextGaussian() * rms));
    }
    return block;
  }
}
