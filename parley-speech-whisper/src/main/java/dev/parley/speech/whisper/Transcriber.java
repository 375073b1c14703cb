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
