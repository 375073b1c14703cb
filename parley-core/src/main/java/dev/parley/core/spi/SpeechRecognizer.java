/*
 * Copyright 2026 The Parley authors
 *
 * Licensed under the Apache License, Version 2.0 (the "License");
 * you may not use this file except in compliance with the License.
 * You may obtain a copy of the License at
 *
 *     https://www.apache.org/licenses/LICENSE-2.0
 *
 * Unless required by applicable law or agreed to in writing, software
 * distributed under the License is distributed on an "AS IS" BASIS,
 * WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
 * See the License for the specific language governing permissions and
 * limitations under the License.
 */
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
   * Loads what the next {@link #open} with these options needs, ahead of the call, so the call's
   * audio does not queue behind model loading. Blocks while it loads; optional (the default does
   * nothing).
   *
   * @throws ProviderException if the model cannot be loaded
   */
  default void prepare(Options options) {}

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
   * @param phraseHints domain words and phrases that should be favoured all through the call
   *     ("Boston", "window seat")
   * @param language a BCP 47 tag such as {@code "en-US"}
   * @param expectations the answers the agent may ask for during the call, each a named slot with
   *     its phrases; {@link Stream#expect} picks the one for the next answer. Declared up front so
   *     a recogniser can prepare them once (PocketSphinx builds one interpolated model per stream
   *     and only moves weights per turn)
   */
  record Options(List<String> phraseHints, String language, List<Expectation> expectations) {
    public Options {
      phraseHints = List.copyOf(phraseHints);
      expectations = List.copyOf(expectations);
      java.util.Set<String> slots = new java.util.HashSet<>();
      for (Expectation expectation : expectations) {
        if (!slots.add(expectation.slot())) {
          throw new IllegalArgumentException("slot declared twice: " + expectation.slot());
        }
      }
    }

    /** Settings with call-wide hints and no per-turn expectations. */
    public Options(List<String> phraseHints, String language) {
      this(phraseHints, language, List.of());
    }

    /** No hints, US English. */
    public static Options defaults() {
      return new Options(List.of(), "en-US");
    }

    /**
     * The settings of a call to {@code agent}: its domain words bias the whole call ("Boston",
     * "October") and the slots it may ask for bias the answer that follows each question.
     */
    public static Options forAgent(Agent agent) {
      return new Options(agent.phraseHints(), defaults().language(), agent.expectations());
    }

    /** The declared expectation of {@code slot}, if there is one. */
    public java.util.Optional<Expectation> expectation(String slot) {
      for (Expectation expectation : expectations) {
        if (expectation.slot().equals(slot)) {
          return java.util.Optional.of(expectation);
        }
      }
      return java.util.Optional.empty();
    }
  }

  /**
   * What the user's next answer is likely to be: the slot the agent just asked for and the phrases
   * that fill it. Recognisers bias towards the phrases (PocketSphinx: an interpolated n-gram model
   * whose weight rises for the turn; Whisper: the prompt; Vosk: a grammar; cloud recognisers: key
   * terms); a recogniser that cannot ignores them. A bias, never a constraint: an answer outside
   * the slot is still heard.
   *
   * @param slot a name: one of the constants here or the agent's own
   * @param phrases the phrases that fill the slot, in the words a caller would say ("new york", "to
   *     boston", "the fifth of may")
   */
  public record Expectation(String slot, List<String> phrases) {
    /** A city or an airport. */
    public static final String CITY = "city";

    /** A date or a day ("next friday", "the fifth of may"). */
    public static final String DATE = "date";

    /** A number or a count ("two of us"). */
    public static final String NUMBER = "number";

    /** A confirmation: yes or no. */
    public static final String YES_NO = "yes_no";

    /** A person's name. */
    public static final String NAME = "name";

    /**
     * What callers say first, before the agent has asked anything ("I'd like to book a flight from
     * Chicago to ..."): a declared expectation of this slot applies from the start of the call
     * until the agent names another.
     */
    public static final String OPENING = "opening";

    /** Nothing in particular: the recogniser's general model with the call's hints. */
    public static final String OPEN = "";

    public Expectation {
      if (slot.isBlank()) {
        throw new IllegalArgumentException("an expectation needs a slot name");
      }
      phrases = List.copyOf(phrases);
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

    /**
     * Biases the utterances that start after this call towards the declared expectation {@code
     * slot} ({@link Expectation#OPEN} for none), until the next call. Cheap and non-blocking; a
     * slot that was not declared in the stream's {@link Options} counts as open. Ignored by
     * recognisers that cannot bias.
     */
    default void expect(String slot) {}

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

    /**
     * The provider's own estimate that the speaker's turn is over (Deepgram Flux's {@code
     * EndOfTurn} and {@code EagerEndOfTurn}, AssemblyAI's {@code end_of_turn_confidence}), between
     * 0 and 1: evidence for the turn policy, never the decision. Most recognisers give none.
     */
    default void endOfTurn(double probability) {}
  }

  /** A recognised word with its position in the stream, in milliseconds from its first sample. */
  record Word(String text, long startMillis, long endMillis) {}
}
