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

import java.util.UUID;
import org.junit.jupiter.api.Test;

/** AudioSocket's type-length-value framing, with no socket. */
class AudioSocketCodecTest {
  @Test
  void aHeaderGivesItsKindAndBigEndianLength() throws Exception {
    byte[] header = {0x10, 0x01, 0x40};
    assertThat(AudioSocketCodec.kind(header)).isEqualTo(AudioSocketCodec.KIND_AUDIO);
    assertThat(AudioSocketCodec.length(header)).isEqualTo(320);
  }

  @Test
  void aLengthOverTheLimitLosesTheFramingAndSaysSo() {
    assertThatThrownBy(() -> AudioSocketCodec.length(new byte[] {0x10, (byte) 0xff, (byte) 0xff}))
        .isInstanceOfSatisfying(ProtocolException.class, e -> assertThat(e.fatal()).isTrue())
        .hasMessage("a 65535-byte message, over the limit of 4096");
  }

  @Test
  void theUuidIsSixteenBigEndianBytesAndAnythingElseFirstIsRefused() throws Exception {
    UUID id = UUID.fromString("123e4567-e89b-12d3-a456-426614174000");
    byte[] payload = new byte[16];
    for (int i = 0; i < 8; i++) {
      payload[i] = (byte) (id.getMostSignificantBits() >>> (56 - 8 * i));
      payload[8 + i] = (byte) (id.getLeastSignificantBits() >>> (56 - 8 * i));
    }
    assertThat(AudioSocketCodec.uuid(AudioSocketCodec.KIND_UUID, payload, 16)).isEqualTo(id);
    assertThatThrownBy(() -> AudioSocketCodec.uuid(AudioSocketCodec.KIND_AUDIO, payload, 16))
        .isInstanceOf(ProtocolException.class)
        .hasMessageContaining("was kind 0x10 of 16 bytes");
    assertThatThrownBy(() -> AudioSocketCodec.uuid(AudioSocketCodec.KIND_UUID, payload, 15))
        .hasMessageContaining("of 15 bytes");
  }

  @Test
  void encodedAudioDecodesBackAsLittleEndianSlinInTwentyMillisecondMessages() throws Exception {
    AudioSocketCodec.Encoder encoder = new AudioSocketCodec.Encoder();
    short[] frame = new short[320];
    for (int i = 0; i < frame.length; i++) {
      frame[i] = (short) (3000 * Math.sin(2 * Math.PI * 300 * i / 16_000.0));
    }
    short[] decoded = new short[160];
    double peak = 0;
    for (int k = 0; k < 5; k++) {
      int bytes = encoder.encode(k * 20_000_000L, frame, 320);
      assertThat(bytes).isEqualTo(323); // a primed converter: exactly one message a frame
      byte[] out = encoder.bytes();
      assertThat(AudioSocketCodec.kind(out)).isEqualTo(AudioSocketCodec.KIND_AUDIO);
      assertThat(AudioSocketCodec.length(out)).isEqualTo(320);
      byte[] payload = java.util.Arrays.copyOfRange(out, 3, 323);
      assertThat(AudioSocketCodec.slin(payload, 320, decoded)).isEqualTo(160);
      for (short s : decoded) {
        peak = Math.max(peak, Math.abs(s));
      }
    }
    assertThat(peak).isBetween(2700.0, 3300.0);
  }

  @Test
  void badAudioAndKeysAreRefusedButDoNotLoseTheFraming() {
    assertThatThrownBy(() -> AudioSocketCodec.slin(new byte[3], 3, new short[2]))
        .isInstanceOfSatisfying(ProtocolException.class, e -> assertThat(e.fatal()).isFalse())
        .hasMessageContaining("3 bytes, not a whole number of samples");
    assertThatThrownBy(() -> AudioSocketCodec.slin(new byte[0], 0, new short[0]))
        .isInstanceOf(ProtocolException.class);
    assertThatThrownBy(() -> AudioSocketCodec.dtmf(new byte[] {'x'}, 1))
        .isInstanceOf(ProtocolException.class)
        .hasMessageContaining("not one of 0-9 * # A-D");
  }

  @Test
  void keysHangupsAndErrorsAreTheirFewBytes() throws Exception {
    assertThat(AudioSocketCodec.dtmf(new byte[] {'#'}, 1)).isEqualTo('#');
    assertThat(AudioSocketCodec.hangup()).containsExactly(0, 0, 0);
    assertThat(AudioSocketCodec.error(AudioSocketCodec.ERROR_BUSY))
        .containsExactly(0xff, 0, 1, 0x81);
  }
}
