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
package dev.parley.loadtest;

import dev.parley.core.audio.G711;
import dev.parley.core.audio.Resampler;
import java.util.Base64;

/**
 * A recording cut into 20 ms frames the way each transport sends them, prepared once and shared
 * read-only by every simulated caller.
 */
final class CallAudio {
  static final int FRAME_SAMPLES = 320;
  private static final int RATE = 16_000;

  private final byte[] pcm16le;
  private final String[] muLawBase64;
  private final int frames;

  /**
   * Prepares {@code samples} (16 kHz mono PCM16), whole frames only.
   *
   * @throws IllegalArgumentException if the recording is shorter than one second
   */
  CallAudio(short[] samples) {
    frames = samples.length / FRAME_SAMPLES;
    if (frames < 50) {
      throw new IllegalArgumentException(
          "the recording is " + samples.length * 1000L / RATE + " ms long; it needs at least 1 s");
    }
    pcm16le = new byte[frames * FRAME_SAMPLES * 2];
    for (int i = 0; i < frames * FRAME_SAMPLES; i++) {
      pcm16le[2 * i] = (byte) samples[i];
      pcm16le[2 * i + 1] = (byte) (samples[i] >> 8);
    }
    short[] telephone = Resampler.resample(samples, RATE, 8_000);
    muLawBase64 = new String[frames];
    byte[] muLaw = new byte[FRAME_SAMPLES / 2];
    short[] frame = new short[FRAME_SAMPLES / 2];
    Base64.Encoder base64 = Base64.getEncoder();
    for (int f = 0; f < frames; f++) {
      int from = f * FRAME_SAMPLES / 2;
      int n = Math.max(0, Math.min(frame.length, telephone.length - from));
      java.util.Arrays.fill(frame, (short) 0);
      System.arraycopy(telephone, from, frame, 0, n);
      G711.encodeMuLaw(frame, 0, frame.length, muLaw, 0);
      muLawBase64[f] = base64.encodeToString(muLaw);
    }
  }

  /** Whole 20 ms frames in the recording. */
  int frames() {
    return frames;
  }

  /** The recording as PCM16LE bytes; frame {@code f} starts at byte {@code f * 640}. */
  byte[] pcm16le() {
    return pcm16le;
  }

  /** Frame {@code f} as Twilio sends it: 160 μ-law bytes at 8 kHz, base64. */
  String muLawBase64(int f) {
    return muLawBase64[f];
  }
}
