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
package dev.parley.core.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.core.audio.AudioFormat.Encoding;
import org.junit.jupiter.api.Test;

class AudioFormatTest {
  @Test
  void sessionAudioIs16KilohertzMonoPcm16InFramesOf20Milliseconds() {
    assertThat(AudioFormat.SESSION).isEqualTo(new AudioFormat(16_000, 1, Encoding.PCM16));
    assertThat(AudioFormat.SESSION_RATE).isEqualTo(16_000);
    assertThat(AudioFormat.FRAME_MILLIS).isEqualTo(20);
    assertThat(AudioFormat.FRAME_SAMPLES)
        .isEqualTo(AudioFormat.SESSION_RATE * AudioFormat.FRAME_MILLIS / 1000)
        .isEqualTo(320);
  }

  @Test
  void convertsBetweenMillisecondsAndSessionSamples() {
    assertThat(AudioFormat.samplesFor(20)).isEqualTo(320);
    assertThat(AudioFormat.samplesFor(60_000)).isEqualTo(960_000);
    assertThat(AudioFormat.millisFor(320)).isEqualTo(20);
    assertThat(AudioFormat.millisFor(335)).isEqualTo(20);
    assertThat(AudioFormat.millisFor(-1)).isEqualTo(-1);
  }

  @Test
  void sizesBlocksAndSecondsFromTheEncoding() {
    assertThat(new AudioFormat(48_000, 2, Encoding.FLOAT32).blockBytes()).isEqualTo(8);
    assertThat(new AudioFormat(8000, 1, Encoding.MULAW).bytesPerSecond()).isEqualTo(8000);
    assertThat(AudioFormat.pcm16(16_000, 2).bytesPerSecond()).isEqualTo(64_000);
    assertThat(Encoding.ALAW.bytesPerSample()).isOne();
  }

  @Test
  void rejectsRatesAndChannelCountsOutOfRange() {
    assertThatThrownBy(() -> AudioFormat.pcm16(0, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("sample rate must be 1 to 384000 Hz, not 0");
    assertThatThrownBy(() -> AudioFormat.pcm16(384_001, 1))
        .hasMessage("sample rate must be 1 to 384000 Hz, not 384001");
    assertThatThrownBy(() -> AudioFormat.pcm16(16_000, 0))
        .hasMessage("channel count must be 1 to 8, not 0");
    assertThatThrownBy(() -> AudioFormat.pcm16(16_000, 9))
        .hasMessage("channel count must be 1 to 8, not 9");
    assertThat(AudioFormat.pcm16(384_000, 8).channels()).isEqualTo(8);
  }
}
