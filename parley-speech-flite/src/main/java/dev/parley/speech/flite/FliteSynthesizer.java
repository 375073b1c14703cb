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
package dev.parley.speech.flite;

import dev.parley.core.spi.ProviderException;
import dev.parley.core.spi.SpeechSynthesizer;

/**
 * Speaks with Flite's {@code cmu_us_slt} voice (US English, female, 16 kHz), a piece of the reply
 * at a time, through the Java FFM API.
 *
 * <pre>
 *  push(text) ─▶ SentenceChunker ─▶ piece ─▶ SpeakableText ─▶ flite_synth_text (engine lock)
 *                                                               │ samples + token times copied out
 *  listener ◀── text(word) · audio(20 ms block) · text(word) · audio … ◀─┘ (lock released)
 * </pre>
 *
 * <p>The engine is thread-safe and meant to be shared by every session of the process: the native
 * library and voice are loaded once, and synthesis calls into Flite one at a time under a fair lock
 * (see {@link FliteLibrary}). Each {@link Stream} belongs to one reply and is used by one thread;
 * {@link Stream#close()} may come from another.
 *
 * <p><b>Streaming.</b> Each complete sentence, or clause once it has enough words (see {@link
 * SentenceChunker}), is synthesised as soon as its punctuation arrives and delivered on the pushing
 * thread in blocks of 20 ms. Each piece's samples are a fresh array the stream never writes again,
 * so a listener may keep the blocks without copying. Flite synthesises a whole piece before any of
 * it is heard: at about 15 ms of work per second of speech, a first clause of a few words costs
 * 15–40 ms. Flite's streaming callback would deliver the first block of a long sentence about 30 ms
 * sooner, but only by holding the engine lock while the listener consumes audio, so short first
 * clauses were chosen instead. Flite's 190 ms of leading silence is trimmed so the first block
 * carries speech, and its trailing silence is cut to a pause that suits the boundary.
 *
 * <p><b>Word timing.</b> Before the audio of each word the stream calls {@link Listener#text} with
 * that word as written (with the spaces after it), at the block where Flite's own segmentation puts
 * the word's first phone. The announcements of a stream that runs to the end of {@code flush}
 * concatenate to exactly the text pushed.
 */
public final class FliteSynthesizer implements SpeechSynthesizer {
  private final FliteLibrary library;

  private FliteSynthesizer(FliteLibrary library) {
    this.library = library;
  }

  /**
   * Loads Flite and the {@code cmu_us_slt} voice, or returns the engine already loaded.
   *
   * @throws ProviderException of kind UNAVAILABLE, naming the Debian package to install, if the
   *     libraries are missing
   */
  public static FliteSynthesizer load() {
    return new FliteSynthesizer(FliteLibrary.instance());
  }

  @Override
  public String name() {
    return "flite-slt";
  }

  @Override
  public int sampleRate() {
    return library.sampleRate();
  }

  @Override
  public Stream open(Listener listener) {
    return new FliteStream(library, listener, new SentenceChunker());
  }

  /** One reply being spoken. Used by one thread; {@link #close} may be called from any. */
  private static final class FliteStream implements Stream {
    private final FliteLibrary library;
    private final Listener listener;
    private final SentenceChunker chunker;
    private final int blockSamples;
    private volatile boolean closed;

    FliteStream(FliteLibrary library, Listener listener, SentenceChunker chunker) {
      this.library = library;
      this.listener = listener;
      this.chunker = chunker;
      this.blockSamples = library.sampleRate() / 50;
    }

    @Override
    public void push(String text) throws InterruptedException {
      if (closed) {
        return;
      }
      chunker.append(text);
      speakCompletePieces();
    }

    @Override
    public void flush() throws InterruptedException {
      if (closed) {
        return;
      }
      speakCompletePieces();
      var rest = chunker.rest();
      if (rest.isPresent() && !closed) {
        speak(rest.get());
      }
    }

    @Override
    public void close() {
      closed = true;
    }

    private void speakCompletePieces() throws InterruptedException {
      while (!closed) {
        var piece = chunker.next();
        if (piece.isEmpty()) {
          return;
        }
        speak(piece.get());
      }
    }

    private void speak(SentenceChunker.Chunk piece) throws InterruptedException {
      checkInterrupted();
      SpokenChunk chunk = SpokenChunk.of(piece.text());
      if (!chunk.hasSpeech()) {
        listener.text(piece.text());
        return;
      }
      FliteLibrary.Synthesis synthesis = library.synthesize(chunk.synthesisText());
      SpokenChunk.Alignment alignment = chunk.align(synthesis, pauseMillis(piece.boundary()));
      var words = chunk.words();
      int[] starts = alignment.wordStarts();
      short[] samples = synthesis.samples();
      int word = 0;
      for (int at = alignment.from(); at < alignment.to(); at += blockSamples) {
        int end = Math.min(at + blockSamples, alignment.to());
        if (closed) {
          return;
        }
        checkInterrupted();
        while (word < words.size() && starts[word] < end) {
          listener.text(words.get(word++).text());
        }
        listener.audio(samples, at, end - at);
      }
      while (word < words.size()) {
        listener.text(words.get(word++).text());
      }
    }

    private static int pauseMillis(SentenceChunker.Boundary boundary) {
      return switch (boundary) {
        case SENTENCE -> 250;
        case CLAUSE -> 120;
        case LENGTH -> 60;
        // Inside the first sentence: a short phrase break, not a full stop.
        case PHRASE -> 50;
        case END -> 150;
      };
    }

    private static void checkInterrupted() throws InterruptedException {
      if (Thread.interrupted()) {
        throw new InterruptedException("speech cancelled");
      }
    }
  }
}
