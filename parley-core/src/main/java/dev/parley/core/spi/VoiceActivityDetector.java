package dev.parley.core.spi;

/**
 * A voice activity detector: a shared model that opens one stateful {@link Stream} per session.
 *
 * <p>The engine is thread-safe and may be shared by every session of a process (Silero keeps one
 * ONNX session); each stream keeps that session's recurrent state and is confined to the session
 * loop. Detection runs on the loop, so a window must cost well under a millisecond.
 */
public interface VoiceActivityDetector {
  /** A short name for logs and timelines, such as {@code "silero"} or {@code "energy"}. */
  String name();

  /** Samples of 16 kHz audio per analysis window (Silero: 512, energy: 320). */
  int windowSamples();

  /** Opens a detector stream for one session. */
  Stream open();

  /** One session's detector state. Confined to the session loop; not thread-safe. */
  interface Stream extends AutoCloseable {
    /**
     * Returns the probability in [0, 1] that the next {@link #windowSamples()} samples of 16 kHz
     * PCM16 audio, contiguous with the previous window, contain speech.
     *
     * @throws ProviderException if the model fails; the session then falls back to treating the
     *     window as silence and reports the failure once
     */
    float speechProbability(short[] samples, int offset);

    /** Forgets all state, as at the start of a stream. */
    void reset();

    /** Releases the stream's resources. Idempotent. */
    @Override
    void close();
  }
}
