package dev.parley.core.session;

/**
 * Where a session sends the agent's audio: a transport, or a recording in offline runs.
 *
 * <p>Called on the session loop every 20 ms while the agent speaks, so it must not block: a
 * transport buffers and applies its own watermarks.
 */
public interface AudioOutput {
  /**
   * Plays one frame of 16 kHz mono PCM16 that starts at {@code atNanos} on the session's clock
   * (since the session started). The array is reused after the call returns.
   */
  void play(long atNanos, short[] samples, int offset, int length);

  /** Drops anything still buffered for playback: the agent was interrupted. */
  void clear();

  /** An output that discards everything. */
  static AudioOutput discard() {
    return new AudioOutput() {
      @Override
      public void play(long atNanos, short[] samples, int offset, int length) {}

      @Override
      public void clear() {}
    };
  }
}
