package dev.parley.core.spi;

/**
 * Judges whether the user has finished their turn, from the audio and words of the turn so far.
 *
 * <p>Thread-safe and shared across sessions. {@link #completionProbability} may run model
 * inference, so the session calls it on a worker, never on its loop, and discards the answer if the
 * user has spoken again in the meantime.
 */
public interface TurnDetector {
  /** A short name for logs and timelines, such as {@code "smart-turn-v3"}. */
  String name();

  /**
   * Returns the probability in [0, 1] that the turn is complete.
   *
   * @throws InterruptedException if the session cancelled the judgement
   * @throws ProviderException if inference fails; the session then decides on silence alone
   */
  float completionProbability(TurnSnapshot turn) throws InterruptedException;
}
