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
 * A voice activity detector: a shared model that opens one stateful {@link Stream} per session.
 *
 * <p>The engine is thread-safe and may be shared by every session of a process (Silero keeps one
 * ONNX session); each stream keeps that session's recurrent state and is confined to the session
 * loop. Detection runs on the loop, so a window must cost well under a millisecond.
 */
public interface VoiceActivityDetector {
  /** A short name for logs and timelines, such as {@code "silero"} or {@code "energy"}. */
  String name();

  /** Samples of 16 kHz audio per analysis window (Silero: 512, energy: 320). */
  int windowSamples();

  /** Opens a detector stream for one session. */
  Stream open();

  /** One session's detector state. Confined to the session loop; not thread-safe. */
  interface Stream extends AutoCloseable {
    /**
     * Returns the probability in [0, 1] that the next {@link #windowSamples()} samples of 16 kHz
     * PCM16 audio, contiguous with the previous window, contain speech.
     *
     * @throws ProviderException if the model fails; the session then falls back to treating the
     *     window as silence and reports the failure once
     */
    float speechProbability(short[] samples, int offset);

    /** Forgets all state, as at the start of a stream. */
    void reset();

    /** Releases the stream's resources. Idempotent. */
    @Override
    void close();
  }
}
