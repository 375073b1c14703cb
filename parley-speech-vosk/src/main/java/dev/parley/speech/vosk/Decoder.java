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
package dev.parley.speech.vosk;

/**
 * One Kaldi recogniser as a stream drives it, kept apart so the stream's logic can be tested
 * without a model. Owned by one stream; results are Vosk's JSON strings.
 */
interface Decoder extends AutoCloseable {
  /**
   * Decodes {@code length} samples from the start of {@code samples} (16 kHz PCM16).
   *
   * @return whether Vosk found the end of an utterance (a pause): its words are then in {@link
   *     #result()}, and are lost if not read before the next call
   */
  boolean accept(short[] samples, int length);

  /** {@code {"partial": "..."}}: the hypothesis of the utterance in progress. */
  String partial();

  /** {@code {"result": [...], "text": "..."}}: the words of the utterance that just ended. */
  String result();

  /** Ends the utterance in progress and returns its words, like {@link #result()}. */
  String finalResult();

  /** Frees the recogniser. Idempotent. */
  @Override
  void close();
}
