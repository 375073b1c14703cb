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
package dev.parley.core.speech;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.spi.VoiceActivityDetector;
import org.junit.jupiter.api.Test;

class EnergyVadTest {
  private final VoiceActivityDetector.Stream vad = new EnergyVad().open();

  private static short[] tone(double amplitude) {
    short[] out = new short[320];
    for (int i = 0; i < out.length; i++) {
      out[i] = (short) (amplitude * 32767 * Math.sin(2 * Math.PI * 200 * i / 16000.0));
    }
    return out;
  }

  @Test
  void silenceIsNotSpeech() {
    assertThat(vad.speechProbability(new short[320], 0)).isLessThan(0.01f);
  }

  @Test
  void aLoudVoiceAfterQuietIsSpeech() {
    for (int i = 0; i < 10; i++) {
      vad.speechProbability(tone(0.001), 0);
    }
    assertThat(vad.speechProbability(tone(0.2), 0)).isGreaterThan(0.99f);
  }

  @Test
  void steadyLowNoiseIsNotSpeech() {
    float last = 1;
    for (int i = 0; i < 50; i++) {
      last = vad.speechProbability(tone(0.003), 0);
    }
    assertThat(last).isLessThan(0.05f);
  }
}
