package dev.parley.speech.cloud;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** PCM16 samples as the little-endian bytes every provider's wire format uses, and back. */
final class Pcm {
  private Pcm() {}

  static ByteBuffer littleEndian(short[] samples, int offset, int length) {
    ByteBuffer bytes = ByteBuffer.allocate(length * 2).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < length; i++) {
      bytes.putShort(samples[offset + i]);
    }
    return bytes.flip();
  }

  static short[] samples(byte[] littleEndian) {
    short[] out = new short[littleEndian.length / 2];
    ByteBuffer.wrap(littleEndian).order(ByteOrder.LITTLE_ENDIAN).asShortBuffer().get(out);
    return out;
  }
}
