package dev.parley.speech.whisper;

import java.util.List;

/**
 * Runs Whisper over one buffered utterance: the part of a stream that touches native code, kept
 * apart so the buffering and timing around it can be tested without a model. Owned by one stream.
 */
interface Transcriber extends AutoCloseable {
  /**
   * Transcribes {@code length} samples of 16 kHz mono audio in [-1, 1].
   *
   * @return the segments Whisper found, timed in milliseconds from {@code audio[0]}
   * @throws dev.parley.core.spi.ProviderException if the decoder fails
   */
  List<Segment> transcribe(float[] audio, int length);

  /** Frees the decoder state. Idempotent. */
  @Override
  void close();

  /** A stretch of text with the times Whisper gives it, in ms from the start of the audio. */
  record Segment(String text, long startMillis, long endMillis) {}
}
