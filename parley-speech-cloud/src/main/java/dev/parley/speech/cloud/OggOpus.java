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

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Opus in Ogg pages (RFC 3533 framing, RFC 7845 mapping), as the Moshi server streams it: just
 * enough of the container for one mono stream — the {@code OpusHead} and {@code OpusTags} header
 * pages, audio pages of whole packets, CRC checked on the way in.
 */
final class OggOpus {
  private static final byte[] CAPTURE = {'O', 'g', 'g', 'S'};
  private static final int[] CRC = crcTable();

  private OggOpus() {}

  /** Writes one logical stream's pages. */
  static final class Writer {
    private final int serial;
    private final int inputRate;
    private int sequence;
    private long granule; // at 48 kHz, as Opus in Ogg counts
    private boolean headed;

    Writer(int serial, int inputRate) {
      this.serial = serial;
      this.inputRate = inputRate;
    }

    /**
     * A page holding {@code packets}, each of {@code samplesPerPacket} samples at the input rate;
     * the first call also returns the two header pages before it.
     */
    byte[] pages(List<byte[]> packets, int samplesPerPacket) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      if (!headed) {
        headed = true;
        out.writeBytes(page(0x02, 0, List.of(head())));
        out.writeBytes(page(0, 0, List.of(tags())));
      }
      granule += (long) packets.size() * samplesPerPacket * (48_000 / inputRate);
      out.writeBytes(page(0, granule, packets));
      return out.toByteArray();
    }

    private byte[] head() {
      ByteBuffer b = ByteBuffer.allocate(19).order(ByteOrder.LITTLE_ENDIAN);
      b.put("OpusHead".getBytes(StandardCharsets.US_ASCII));
      b.put((byte) 1).put((byte) 1).putShort((short) 312).putInt(inputRate).putShort((short) 0);
      b.put((byte) 0);
      return b.array();
    }

    private static byte[] tags() {
      byte[] vendor = "parley".getBytes(StandardCharsets.US_ASCII);
      ByteBuffer b = ByteBuffer.allocate(8 + 4 + vendor.length + 4).order(ByteOrder.LITTLE_ENDIAN);
      b.put("OpusTags".getBytes(StandardCharsets.US_ASCII))
          .putInt(vendor.length)
          .put(vendor)
          .putInt(0);
      return b.array();
    }

    private byte[] page(int flags, long granulePosition, List<byte[]> packets) {
      ByteArrayOutputStream lacing = new ByteArrayOutputStream();
      ByteArrayOutputStream body = new ByteArrayOutputStream();
      for (byte[] packet : packets) {
        int left = packet.length;
        while (left >= 255) {
          lacing.write(255);
          left -= 255;
        }
        lacing.write(left);
        body.writeBytes(packet);
      }
      if (lacing.size() > 255) {
        throw new IllegalArgumentException("too many packets for one Ogg page");
      }
      ByteBuffer b =
          ByteBuffer.allocate(27 + lacing.size() + body.size()).order(ByteOrder.LITTLE_ENDIAN);
      b.put(CAPTURE).put((byte) 0).put((byte) flags).putLong(granulePosition);
      b.putInt(serial).putInt(sequence++).putInt(0).put((byte) lacing.size());
      b.put(lacing.toByteArray()).put(body.toByteArray());
      byte[] page = b.array();
      ByteBuffer.wrap(page, 22, 4).order(ByteOrder.LITTLE_ENDIAN).putInt(crc(page));
      return page;
    }
  }

  /**
   * Reads pages from bytes that arrive in any pieces and hands out the Opus audio packets; header
   * packets are checked and skipped, a damaged page (bad CRC) is skipped and counted.
   */
  static final class Reader {
    private byte[] buffer = new byte[0];
    private final ByteArrayOutputStream partial = new ByteArrayOutputStream();
    private int packetsSeen;
    private int damaged;

    /** Feeds bytes; returns the audio packets completed by them. */
    List<byte[]> feed(byte[] data) {
      buffer = concat(buffer, data);
      List<byte[]> packets = new ArrayList<>();
      int at = 0;
      while (true) {
        int start = find(buffer, at);
        if (start < 0) {
          at = Math.max(at, buffer.length - 3); // keep a capture pattern split across pieces
          break;
        }
        if (buffer.length - start < 27) {
          at = start;
          break;
        }
        int segments = buffer[start + 26] & 0xff;
        if (buffer.length - start < 27 + segments) {
          at = start;
          break;
        }
        int bodyLength = 0;
        for (int s = 0; s < segments; s++) {
          bodyLength += buffer[start + 27 + s] & 0xff;
        }
        int end = start + 27 + segments + bodyLength;
        if (buffer.length < end) {
          at = start;
          break;
        }
        byte[] page = Arrays.copyOfRange(buffer, start, end);
        int stored = ByteBuffer.wrap(page, 22, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
        ByteBuffer.wrap(page, 22, 4).putInt(0);
        if (crc(page) != stored) {
          damaged++;
          partial.reset();
          at = start + 1; // not a page after all, or a damaged one: look for the next
          continue;
        }
        readPackets(page, segments, packets);
        at = end;
      }
      buffer = Arrays.copyOfRange(buffer, at, buffer.length);
      return packets;
    }

    /** Pages skipped because their checksum was wrong. */
    int damaged() {
      return damaged;
    }

    private void readPackets(byte[] page, int segments, List<byte[]> packets) {
      if ((page[5] & 0x01) == 0) {
        partial.reset(); // a fresh packet starts: drop any half of one whose page was lost
      }
      int offset = 27 + segments;
      for (int s = 0; s < segments; s++) {
        int length = page[27 + s] & 0xff;
        partial.write(page, offset, length);
        offset += length;
        if (length < 255) {
          byte[] packet = partial.toByteArray();
          partial.reset();
          if (packetsSeen++ >= 2 || !isHeader(packet)) {
            packets.add(packet);
          }
        }
      }
    }

    private static boolean isHeader(byte[] packet) {
      if (packet.length < 8) {
        return false;
      }
      String magic = new String(packet, 0, 8, StandardCharsets.US_ASCII);
      return magic.equals("OpusHead") || magic.equals("OpusTags");
    }
  }

  private static int find(byte[] bytes, int from) {
    outer:
    for (int i = from; i <= bytes.length - 4; i++) {
      for (int j = 0; j < 4; j++) {
        if (bytes[i + j] != CAPTURE[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  /** Ogg's CRC-32: polynomial 0x04c11db7, no reflection, initial value 0. */
  static int crc(byte[] page) {
    int crc = 0;
    for (byte b : page) {
      crc = (crc << 8) ^ CRC[((crc >>> 24) ^ (b & 0xff)) & 0xff];
    }
    return crc;
  }

  private static int[] crcTable() {
    int[] table = new int[256];
    for (int i = 0; i < 256; i++) {
      int r = i << 24;
      for (int k = 0; k < 8; k++) {
        r = (r & 0x80000000) != 0 ? (r << 1) ^ 0x04c11db7 : r << 1;
      }
      table[i] = r;
    }
    return table;
  }
}
