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
 * Judges whether the user has finished their turn, from the audio and words of the turn so far.
 *
 * <p>Thread-safe and shared across sessions. {@link #completionProbability} may run model
 * inference, so the session calls it on a worker, never on its loop, and discards the answer if the
 * user has spoken again in the meantime.
 */
public interface TurnDetector {
  /** A short name for logs and timelines, such as {@code "smart-turn-v3"}. */
  String name();

  /**
   * Returns the probability in [0, 1] that the turn is complete.
   *
   * @throws InterruptedException if the session cancelled the judgement
   * @throws ProviderException if inference fails; the session then decides on silence alone
   */
  float completionProbability(TurnSnapshot turn) throws InterruptedException;
}
