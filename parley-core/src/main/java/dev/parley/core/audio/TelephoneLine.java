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
package dev.parley.core.audio;

import java.util.Arrays;

/**
 * What a telephone line does to a recording: the bench's phone caller and the recogniser's tests.
 */
public final class TelephoneLine {
  private TelephoneLine() {}

  /**
   * {@code pcm} at {@code rate} Hz band-limited to 8 kHz sampling, μ-law coded, and back at {@code
   * rate}.
   */
  public static short[] apply(short[] pcm, int rate) {
    short[] narrow = Resampler.resample(pcm, rate, 8_000);
    byte[] coded = new byte[narrow.length];
    G711.encodeMuLaw(narrow, 0, narrow.length, coded, 0);
    G711.decodeMuLaw(coded, 0, coded.length, narrow, 0);
    return Arrays.copyOf(Resampler.resample(narrow, 8_000, rate), pcm.length);
  }
}
