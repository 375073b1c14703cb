package dev.parley.speech.piper;

/**
 * Turns one sentence of text into the phoneme string a Piper voice reads: IPA with stress marks,
 * spaces between words, and the sentence's punctuation ({@code , ; : . ? !}) where Piper's own
 * phonemiser puts it. Thread-safe.
 */
interface Phonemizer {
  /**
   * The phonemes of {@code sentence}; empty if it has nothing to pronounce.
   *
   * @throws InterruptedException if the calling thread is interrupted while waiting
   * @throws dev.parley.core.spi.ProviderException if phonemisation fails
   */
  String phonemes(String sentence) throws InterruptedException;
}
