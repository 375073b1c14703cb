package dev.parley.testing;

import dev.parley.core.spi.VoiceActivityDetector;

/**
 * A fake voice activity detector: any 20 ms window whose peak is above a fixed level is speech.
 * Exact on {@link ScriptedAudio}, useless on real recordings.
 */
public final class FakeVad implements VoiceActivityDetector {
  private final int peakThreshold;

  public FakeVad() {
    this(500);
  }

  public FakeVad(int peakThreshold) {
    this.peakThreshold = peakThreshold;
  }

  @Override
  public String name() {
    return "fake";
  }

  @Override
  public int windowSamples() {
    return 320;
  }

  @Override
  public Stream open() {
    return new Stream() {
      @Override
      public float speechProbability(short[] samples, int offset) {
        for (int i = offset; i < offset + 320; i++) {
          if (Math.abs(samples[i]) > peakThreshold) {
            return 1f;
          }
        }
        return 0f;
      }

      @Override
      public void reset() {}

      @Override
      public void close() {}
    };
  }
}
