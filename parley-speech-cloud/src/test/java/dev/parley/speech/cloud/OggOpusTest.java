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
package dev.parley.speech.cloud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Opus through the system's libopus, in Ogg pages written and read here. */
class OggOpusTest {
  private static final int RATE = 24_000;

  static short[] tone(int samples, double hz, int amplitude) {
    short[] out = new short[samples];
    for (int i = 0; i < samples; i++) {
      out[i] = (short) (amplitude * Math.sin(i * 2 * Math.PI * hz / RATE));
    }
    return out;
  }

  static double rms(short[] samples, int from, int to) {
    double sum = 0;
    for (int i = from; i < to; i++) {
      sum += (double) samples[i] * samples[i];
    }
    return Math.sqrt(sum / (to - from));
  }

  @Test
  void aToneSurvivesEncodingFramingReadingInPiecesAndDecoding() {
    short[] tone = tone(RATE, 300, 8000); // one second
    OggOpus.Writer writer = new OggOpus.Writer(42, RATE);
    ByteArrayOutputStream stream = new ByteArrayOutputStream();
    try (Opus.Encoder encoder = Opus.encoder(RATE)) {
      int frame = encoder.frameSamples();
      assertThat(frame).isEqualTo(480);
      for (int at = 0; at + 4 * frame <= tone.length; at += 4 * frame) {
        List<byte[]> packets = new ArrayList<>();
        for (int k = 0; k < 4; k++) {
          packets.add(encoder.encode(tone, at + k * frame));
        }
        stream.writeBytes(writer.pages(packets, frame));
      }
    }
    byte[] bytes = stream.toByteArray();
    assertThat(new String(bytes, 28, 8, java.nio.charset.StandardCharsets.US_ASCII))
        .isEqualTo("OpusHead");

    OggOpus.Reader reader = new OggOpus.Reader();
    List<short[]> decoded = new ArrayList<>();
    try (Opus.Decoder decoder = Opus.decoder(RATE)) {
      for (int at = 0; at < bytes.length; at += 37) { // pieces that split pages anywhere
        for (byte[] packet :
            reader.feed(Arrays.copyOfRange(bytes, at, Math.min(bytes.length, at + 37)))) {
          decoded.add(decoder.decode(packet));
        }
      }
    }
    assertThat(decoded).hasSize(48); // 12 pages of 4 packets, headers skipped
    short[] all = decoded.stream().reduce(new short[0], OggOpusTest::concat);
    assertThat(all).hasSize(48 * 480);
    // Past the codec's start-up, the level is the tone's (8000 / sqrt 2 = 5657) within 20 %.
    assertThat(rms(all, 4800, all.length)).isBetween(4500.0, 6800.0);
    assertThat(reader.damaged()).isZero();
  }

  @Test
  void aDamagedPageIsSkippedAndTheNextOneStillReads() {
    OggOpus.Writer writer = new OggOpus.Writer(1, RATE);
    byte[] first;
    byte[] second;
    try (Opus.Encoder encoder = Opus.encoder(RATE)) {
      short[] tone = tone(960, 300, 8000);
      first = writer.pages(List.of(encoder.encode(tone, 0)), 480);
      second = writer.pages(List.of(encoder.encode(tone, 480)), 480);
    }
    first[first.length - 3] ^= 0x55; // a bit flipped in the audio page's body
    OggOpus.Reader reader = new OggOpus.Reader();
    assertThat(reader.feed(first)).isEmpty();
    assertThat(reader.damaged()).isEqualTo(1);
    assertThat(reader.feed(second)).hasSize(1);
  }

  @Test
  void garbageIsAClearErrorFromTheDecoderNotACrash() {
    try (Opus.Decoder decoder = Opus.decoder(RATE)) {
      assertThatThrownBy(() -> decoder.decode(new byte[] {(byte) 0xff, (byte) 0xff, 1, 2}))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("libopus");
    }
  }

  @Test
  void theCrcIsOggs() {
    // RFC 3533's CRC of "OggS" alone, computed with the same polynomial by hand.
    assertThat(
            Integer.toHexString(
                OggOpus.crc("OggS".getBytes(java.nio.charset.StandardCharsets.US_ASCII))))
        .isEqualTo(
            Integer.toHexString(
                referenceCrc("OggS".getBytes(java.nio.charset.StandardCharsets.US_ASCII))));
  }

  /** The bitwise form of the CRC, no table: an independent check of the table-driven one. */
  private static int referenceCrc(byte[] data) {
    int crc = 0;
    for (byte b : data) {
      crc ^= (b & 0xff) << 24;
      for (int k = 0; k < 8; k++) {
        crc = (crc & 0x80000000) != 0 ? (crc << 1) ^ 0x04c11db7 : crc << 1;
      }
    }
    return crc;
  }

  private static short[] concat(short[] a, short[] b) {
    short[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
