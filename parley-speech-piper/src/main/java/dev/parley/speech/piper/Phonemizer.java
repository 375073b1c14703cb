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
package dev.parley.speech.piper;

/**
 * Turns one sentence of text into the phoneme string a Piper voice reads: IPA with stress marks,
 * spaces between words, and the sentence's punctuation ({@code , ; : . ? !}) where Piper's own
 * phonemiser puts it. Thread-safe.
 */
interface Phonemizer {
  /**
   * The phonemes of {@code sentence}; empty if it has nothing to pronounce.
   *
   * @throws InterruptedException if the calling thread is interrupted while waiting
   * @throws dev.parley.core.spi.ProviderException if phonemisation fails
   */
  String phonemes(String sentence) throws InterruptedException;
}
