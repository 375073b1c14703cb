package dev.parley.core.audio;

/** TEMP stand-in until the audio branch lands. */
public final class Resampler {
  private final int from;
  private final int to;

  public Resampler(int from, int to) {
    this.from = from;
    this.to = to;
  }

  public int maxOutputSamples(int n) {
    return (int) ((long) n * to / from) + 2;
  }

  public int process(short[] in, int off, int len, short[] out, int outOff) {
    int n = (int) ((long) len * to / from);
    for (int i = 0; i < n; i++) {
      out[outOff + i] = in[off + (int) ((long) i * from / to)];
    }
    return n;
  }

  public static short[] resample(short[] in, int from, int to) {
    Resampler r = new Resampler(from, to);
    short[] out = new short[r.maxOutputSamples(in.length)];
    int n = r.process(in, 0, in.length, out, 0);
    return java.util.Arrays.copyOf(out, n);
  }
}
