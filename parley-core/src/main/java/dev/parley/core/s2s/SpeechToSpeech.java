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
package dev.parley.core.s2s;

import dev.parley.core.spi.ProviderException;
import dev.parley.core.tool.ToolSpec;
import java.util.List;

/**
 * A speech-to-speech model that listens and speaks at once: caller audio in, model events out.
 *
 * <p>Parley, not the model, decides when a response starts and when one is interrupted: an adapter
 * configures its model to report the caller's speech without answering or cancelling on its own, so
 * a "mhm" under the agent's speech does not stop it. One engine serves every call; {@link #open}
 * starts one call's connection. Events reach the {@link Listener} on the adapter's threads; the
 * session queues them onto its loop.
 */
public interface SpeechToSpeech {
  /** A short name for logs and timelines, such as {@code "openai-realtime"}. */
  String name();

  /**
   * Opens one call's connection.
   *
   * @throws ProviderException if the model cannot be reached or refuses the session
   */
  Connection open(Setup setup, Listener listener);

  /**
   * What a call's model is told at the start.
   *
   * @param instructions the system prompt
   * @param tools the functions the model may call (none in delegation mode)
   */
  record Setup(String instructions, List<ToolSpec> tools) {
    public Setup {
      tools = List.copyOf(tools);
    }
  }

  /** Receives model events. Must be quick: the session only queues them. */
  @FunctionalInterface
  interface Listener {
    void event(ModelEvent event);
  }

  /**
   * One call's connection. Used from the session's loop; methods send and return without waiting
   * for the model. A closed or failed connection throws {@link ProviderException} of kind {@code
   * UNAVAILABLE}.
   */
  interface Connection extends AutoCloseable {
    /** Appends 16 kHz mono PCM16 caller audio. */
    void appendAudio(short[] samples, int offset, int length);

    /** Asks for a response to the conversation so far. */
    void createResponse();

    /**
     * Asks the model to say {@code text} as it is (delegation: the words come from the user's own
     * agent).
     */
    void say(String text);

    /** Cancels the response in progress. */
    void cancelResponse();

    /**
     * Tells the model the caller heard only the first {@code heardMillis} of an item's audio, so
     * its memory holds what was actually said.
     */
    void truncate(String itemId, long heardMillis);

    /** Answers a function call; the model answers when {@link #createResponse} is called. */
    void functionResult(String callId, String outputJson);

    /** Closes the connection. Idempotent. */
    @Override
    void close();
  }
}
