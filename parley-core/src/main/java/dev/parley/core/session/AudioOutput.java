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
package dev.parley.core.session;

/**
 * Where a session sends the agent's audio: a transport, or a recording in offline runs.
 *
 * <p>Called on the session loop every 20 ms while the agent speaks, so it must not block: a
 * transport buffers and applies its own watermarks.
 */
public interface AudioOutput {
  /**
   * Plays one frame of 16 kHz mono PCM16 that starts at {@code atNanos} on the session's clock
   * (since the session started). The array is reused after the call returns.
   */
  void play(long atNanos, short[] samples, int offset, int length);

  /** Drops anything still buffered for playback: the agent was interrupted. */
  void clear();

  /** An output that discards everything. */
  static AudioOutput discard() {
    return new AudioOutput() {
      @Override
      public void play(long atNanos, short[] samples, int offset, int length) {}

      @Override
      public void clear() {}
    };
  }
}
