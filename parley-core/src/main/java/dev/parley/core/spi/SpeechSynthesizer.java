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

/**
 * A streaming speech synthesiser shaped like the language model that feeds it: text in as it is
 * generated, audio out as soon as the first clause can be spoken.
 *
 * <p>The engine is thread-safe and shared; each {@link Stream} serves one agent reply and is used
 * by one worker thread of its session. Cancelling a reply interrupts that thread and then closes
 * the stream.
 */
public interface SpeechSynthesizer {
  /** A short name for logs and timelines, such as {@code "flite-slt"}. */
  String name();

  /** The sample rate of the audio this synthesiser produces; the session resamples to 16 kHz. */
  int sampleRate();

  /**
   * Opens a stream for one reply.
   *
   * @throws ProviderException if the voice cannot be loaded
   */
  Stream open(Listener listener);

  /** One reply being spoken. */
  interface Stream extends AutoCloseable {
    /**
     * Adds text to the reply. Speaks any sentence or clause that is now complete; keeps the rest
     * until more text or {@link #flush}.
     *
     * @throws InterruptedException if the reply was cancelled
     * @throws ProviderException if synthesis fails
     */
    void push(String text) throws InterruptedException;

    /** Speaks whatever text is still held: the reply is complete. */
    void flush() throws InterruptedException;

    /** Releases the stream; audio not yet delivered is dropped. Idempotent. */
    @Override
    void close();
  }

  /** Receives a stream's audio, on the thread that called {@code push} or {@code flush}. */
  interface Listener {
    /**
     * Announces the text that the audio delivered next will speak, so the session can tell which
     * words the user actually heard when the reply is cut off.
     */
    void text(String spoken);

    /** Delivers PCM16 mono audio at {@link SpeechSynthesizer#sampleRate()}. */
    void audio(short[] samples, int offset, int length);
  }
}
