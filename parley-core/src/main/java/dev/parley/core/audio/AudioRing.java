package dev.parley.core.audio;

/** TEMP stand-in until the audio branch lands. */
public final class AudioRing {
  private final short[] data;
  private long end;

  public AudioRing(int capacity) {
    data = new short[capacity];
  }

  public long write(short[] src, int off, int len) {
    for (int i = 0; i < len; i++) {
      data[(int) ((end + i) % data.length)] = src[off + i];
    }
    end += len;
    return end;
  }

  public long startSequence() {
    return Math.max(0, end - data.length);
  }

  public long endSequence() {
    return end;
  }

  public void read(long from, short[] dst, int off, int len) {
    for (int i = 0; i < len; i++) {
      dst[off + i] = data[(int) ((from + i) % data.length)];
    }
  }
}
