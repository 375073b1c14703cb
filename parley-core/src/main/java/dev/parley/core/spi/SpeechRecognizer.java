package dev.parley.core.spi;

import java.util.List;

/**
 * A streaming speech recogniser shaped {@code push / flush / close}: a shared engine that opens one
 * {@link Stream} per session.
 *
 * <p>The session feeds every sample of the call to the stream, in order, from one worker thread of
 * its own, so a stream needs no locks. The stream reports results to the {@link Listener} it was
 * opened with. An implementation should deliver them from inside {@code push} and {@code flush}, on
 * the calling thread: a session on a virtual clock then knows the recogniser has caught up when the
 * call returns, and replays identically. Results delivered later from other threads are accepted in
 * live calls.
 */
public interface SpeechRecognizer {
  /** A short name for logs and timelines, such as {@code "pocketsphinx"} or {@code "oracle"}. */
  String name();

  /**
   * Opens a recognition stream for one session.
   *
   * @throws ProviderException if the model cannot be loaded
   */
  Stream open(Options options, Listener listener);

  /**
   * Whether streams use the audio pushed to them. False only for {@link #none()}: the session then
   * skips the per-frame hand-off to its recogniser worker and only flushes at utterance ends.
   */
  default boolean hearsAudio() {
    return true;
  }

  /**
   * Whether the recogniser writes non-lexical vocalisations as such ("mhm", "uh-huh") rather than
   * forcing them into dictionary words ("i'm", "a hot"). When it does not, the words of a short
   * sound under the agent's speech cannot tell a backchannel from an interruption, and the barge-in
   * policy decides by how the sound was made instead.
   */
  default boolean transcribesVocalisations() {
    return false;
  }

  /**
   * The recogniser of a deployment that runs without one ({@code --stt none}): every utterance is
   * final and empty, so turns end on sound, prosody and silence alone, and no audio goes to a
   * recogniser thread.
   */
  static SpeechRecognizer none() {
    return NoRecognizer.INSTANCE;
  }

  /**
   * Recognition settings of one stream.
   *
   * @param phraseHints domain words and phrases that should be favoured ("Boston", "window seat")
   * @param language a BCP 47 tag such as {@code "en-US"}
   */
  record Options(List<String> phraseHints, String language) {
    public Options {
      phraseHints = List.copyOf(phraseHints);
    }

    /** No hints, US English. */
    public static Options defaults() {
      return new Options(List.of(), "en-US");
    }
  }

  /** One session's recognition state. Used by one thread at a time. */
  interface Stream extends AutoCloseable {
    /**
     * Feeds 16 kHz mono PCM16 audio contiguous with everything pushed before. May block while it
     * decodes.
     *
     * @throws InterruptedException if the session cancelled the work; the stream stays usable
     * @throws ProviderException if recognition fails
     */
    void push(short[] samples, int offset, int length) throws InterruptedException;

    /**
     * Marks the end of an utterance: finalises what was heard since the last final result and
     * reports it with {@link Listener#finalResult}, even if it is empty.
     */
    void flush() throws InterruptedException;

    /** Releases the stream. Idempotent; results after close are dropped. */
    @Override
    void close();
  }

  /** Receives a stream's results. */
  interface Listener {
    /** An interim hypothesis of the utterance in progress; later ones replace it. */
    void partial(String text);

    /** The final words of an utterance, with times measured from the stream's first sample. */
    void finalResult(List<Word> words);
  }

  /** A recognised word with its position in the stream, in milliseconds from its first sample. */
  record Word(String text, long startMillis, long endMillis) {}
}
