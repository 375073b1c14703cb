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
package dev.parley.speech.flite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.spi.SpeechSynthesizer;
import java.io.ByteArrayOutputStream;
import org.junit.jupiter.api.Test;

class FliteDeterminismTest {
  private static byte[] speak(FliteSynthesizer flite, String text) throws InterruptedException {
    ByteArrayOutputStream audio = new ByteArrayOutputStream();
    try (SpeechSynthesizer.Stream stream =
        flite.open(
            new SpeechSynthesizer.Listener() {
              @Override
              public void text(String spoken) {}

              @Override
              public void audio(short[] samples, int offset, int length) {
                for (int i = offset; i < offset + length; i++) {
                  audio.write(samples[i] & 0xff);
                  audio.write(samples[i] >> 8);
                }
              }
            })) {
      stream.push(text);
      stream.flush();
    }
    return audio.toByteArray();
  }

  @Test
  void theSameTextSoundsTheSameEveryTimeSoOfflineCallsReplayExactly() throws Exception {
    FliteSynthesizer flite = FliteSynthesizer.load();
    byte[] first = speak(flite, "Your flight to Boston leaves at nine.");
    speak(flite, "Something else in between, to move the random state.");
    byte[] again = speak(flite, "Your flight to Boston leaves at nine.");
    assertThat(first).hasSizeGreaterThan(16_000);
    assertThat(again).isEqualTo(first);
  }
}
