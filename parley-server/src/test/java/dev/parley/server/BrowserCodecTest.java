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
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/** The browser's control messages and PCM16 frames, with no socket. */
class BrowserCodecTest {
  @Test
  void controlMessagesDecode() throws Exception {
    assertThat(BrowserCodec.control("{\"type\":\"start\",\"sample_rate\":48000}"))
        .isEqualTo(new BrowserCodec.Start(48_000));
    assertThat(BrowserCodec.control("{\"type\":\"start\"}")).isEqualTo(new BrowserCodec.Start(0));
    assertThat(BrowserCodec.control("{\"type\":\"dtmf\",\"digit\":\"*\"}"))
        .isEqualTo(new BrowserCodec.Dtmf('*'));
    assertThat(BrowserCodec.control("{\"type\":\"hangup\"}"))
        .isInstanceOf(BrowserCodec.Hangup.class);
    assertThat(BrowserCodec.control("{\"type\":\"ping\"}")).isInstanceOf(BrowserCodec.Ping.class);
  }

  @Test
  void malformedControlIsRefusedWithTheCodeTheClientIsSent() {
    assertRefused("{", "bad_json");
    assertRefused("{\"kind\":\"start\"}", "bad_message");
    assertRefused("{\"type\":\"dtmf\",\"digit\":\"x\"}", "bad_dtmf");
    assertRefused("{\"type\":\"start\",\"sample_rate\":4000}", "bad_rate");
    assertRefused("{\"type\":\"dance\"}", "unknown_type");
  }

  @Test
  void audioRoundTripsAsLittleEndianPcm16() throws Exception {
    short[] frame = {1, -2, 300, Short.MIN_VALUE, Short.MAX_VALUE};
    ByteBuffer bytes = new BrowserCodec.Encoder().audio(frame, frame.length);
    assertThat(bytes.remaining()).isEqualTo(10);
    assertThat(bytes.get(0)).isEqualTo((byte) 1); // little-endian: low byte first
    short[] back = new short[BrowserCodec.samplesIn(bytes)];
    assertThat(BrowserCodec.audio(bytes, back)).isEqualTo(5);
    assertThat(back).containsExactly(frame);
  }

  @Test
  void anOddNumberOfBytesIsNotAudio() {
    assertThatThrownBy(() -> BrowserCodec.audio(ByteBuffer.allocate(3), new short[2]))
        .isInstanceOfSatisfying(
            ProtocolException.class, e -> assertThat(e.code()).isEqualTo("bad_audio"))
        .hasMessageContaining("3 bytes");
  }

  @Test
  void theEncoderReusesItsBuffer() {
    BrowserCodec.Encoder encoder = new BrowserCodec.Encoder();
    short[] frame = new short[320];
    assertThat(encoder.audio(frame, 320)).isSameAs(encoder.audio(frame, 320));
  }

  private static void assertRefused(String message, String code) {
    assertThatThrownBy(() -> BrowserCodec.control(message))
        .isInstanceOfSatisfying(
            ProtocolException.class,
            e -> {
              assertThat(e.code()).isEqualTo(code);
              assertThat(e.fatal()).isFalse();
            });
  }
}
