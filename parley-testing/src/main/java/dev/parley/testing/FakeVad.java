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
package dev.parley.testing;

import dev.parley.core.spi.VoiceActivityDetector;

/**
 * A fake voice activity detector: any 20 ms window whose peak is above a fixed level is speech.
 * Exact on {@link ScriptedAudio}, useless on real recordings.
 */
public final class FakeVad implements VoiceActivityDetector {
  private final int peakThreshold;

  public FakeVad() {
    this(500);
  }

  public FakeVad(int peakThreshold) {
    this.peakThreshold = peakThreshold;
  }

  @Override
  public String name() {
    return "fake";
  }

  @Override
  public int windowSamples() {
    return 320;
  }

  @Override
  public Stream open() {
    return new Stream() {
      @Override
      public float speechProbability(short[] samples, int offset) {
        for (int i = offset; i < offset + 320; i++) {
          if (Math.abs(samples[i]) > peakThreshold) {
            return 1f;
          }
        }
        return 0f;
      }

      @Override
      public void reset() {}

      @Override
      public void close() {}
    };
  }
}
