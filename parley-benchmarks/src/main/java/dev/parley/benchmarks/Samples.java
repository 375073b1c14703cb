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
package dev.parley.benchmarks;

import dev.parley.core.audio.WavReader;
import java.io.IOException;
import java.nio.file.Path;

/** The recorded speech the benchmarks feed, read once per benchmark run. */
final class Samples {
  /** Sample rate of session audio: what the VAD, the recogniser and the ring take. */
  static final int SESSION_RATE = 16_000;

  private Samples() {}

  /**
   * The JFK sample (11 s of real speech) as 16 kHz mono PCM16, from {@code samples/jfk.wav} under
   * the working directory, or the file named by the {@code parley.sample} system property.
   */
  static short[] jfk() throws IOException {
    return WavReader.read(Path.of(System.getProperty("parley.sample", "samples/jfk.wav")))
        .toSessionAudio();
  }
}
