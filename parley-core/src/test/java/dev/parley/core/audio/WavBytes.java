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

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Locale;

/** Hand-built RIFF WAVE bytes, for files {@link WavWriter} would never write. */
final class WavBytes {
  private WavBytes() {}

  /** A RIFF WAVE container holding {@code chunks}, with a correct RIFF size. */
  static byte[] riff(byte[]... chunks) {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.writeBytes(ascii("WAVE"));
    for (byte[] chunk : chunks) {
      body.writeBytes(chunk);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(ascii("RIFF"));
    out.writeBytes(le32(body.size()));
    out.writeBytes(body.toByteArray());
    return out.toByteArray();
  }

  /** A chunk with its true size and, if that is odd, a pad byte. */
  static byte[] chunk(String id, byte[] body) {
    byte[] chunk = chunkDeclaring(id, body.length, body);
    if (body.length % 2 == 0) {
      return chunk;
    }
    byte[] padded = new byte[chunk.length + 1];
    System.arraycopy(chunk, 0, padded, 0, chunk.length);
    return padded;
  }

  /** A chunk whose header declares {@code declaredBytes} whatever the body holds, unpadded. */
  static byte[] chunkDeclaring(String id, long declaredBytes, byte[] body) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(ascii(id));
    out.writeBytes(le32((int) declaredBytes));
    out.writeBytes(body);
    return out.toByteArray();
  }

  /** A 16-byte fmt chunk. */
  static byte[] fmt(int tag, int channels, int sampleRate, int bits) {
    int block = channels * bits / 8;
    ByteBuffer b = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
    b.putShort((short) tag).putShort((short) channels).putInt(sampleRate);
    b.putInt(sampleRate * block).putShort((short) block).putShort((short) bits);
    return chunk("fmt ", b.array());
  }

  /** A 40-byte WAVE_FORMAT_EXTENSIBLE fmt chunk whose subformat GUID is given in hex. */
  static byte[] extensibleFmt(int channels, int sampleRate, int bits, String subformatHex) {
    int block = channels * bits / 8;
    ByteBuffer b = ByteBuffer.allocate(40).order(ByteOrder.LITTLE_ENDIAN);
    b.putShort((short) 0xFFFE).putShort((short) channels).putInt(sampleRate);
    b.putInt(sampleRate * block).putShort((short) block).putShort((short) bits);
    b.putShort((short) 22).putShort((short) bits).putInt(channels == 2 ? 3 : 4);
    b.put(HexFormat.of().parseHex(subformatHex));
    return chunk("fmt ", b.array());
  }

  /** The KSDATAFORMAT_SUBTYPE GUID of a classic format tag, as stored in the file. */
  static String subformat(int tag) {
    return String.format(Locale.ROOT, "%02x%02x000000001000800000aa00389b71", tag & 0xFF, tag >> 8);
  }

  /** Little-endian PCM16 bytes. */
  static byte[] pcm16(short... samples) {
    ByteBuffer b = ByteBuffer.allocate(2 * samples.length).order(ByteOrder.LITTLE_ENDIAN);
    for (short s : samples) {
      b.putShort(s);
    }
    return b.array();
  }

  static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }

  static byte[] le32(int value) {
    return ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(value).array();
  }

  static int readLe32(byte[] bytes, int offset) {
    return ByteBuffer.wrap(bytes, offset, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
  }

  static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      out.writeBytes(part);
    }
    return out.toByteArray();
  }
}
