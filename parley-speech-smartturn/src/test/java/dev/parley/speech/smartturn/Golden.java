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
package dev.parley.speech.smartturn;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

/**
 * The golden fixtures under {@code src/test/resources/golden/}, written by {@code make_golden.py}
 * there: test signals as 16 kHz PCM16 and the features the Python reference computes from them.
 */
final class Golden {
  /** 3 s (left-padded), 9 s (truncated to the last 8 s) and exactly 8 s. */
  static final List<String> SIGNALS = List.of("chirp_3s", "voiced_9s", "quiet_8s");

  private Golden() {}

  static short[] pcm(String name) {
    ByteBuffer bytes = resource(name + ".pcm");
    short[] samples = new short[bytes.remaining() / 2];
    bytes.asShortBuffer().get(samples);
    return samples;
  }

  /** The expected features, mel-major, {@code 80 * 800} floats. */
  static float[] features(String name) {
    ByteBuffer bytes = resource(name + ".features.bin");
    float[] features = new float[bytes.remaining() / 4];
    bytes.asFloatBuffer().get(features);
    return features;
  }

  private static ByteBuffer resource(String file) {
    try (InputStream in = Golden.class.getResourceAsStream("/golden/" + file)) {
      if (in == null) {
        throw new IllegalStateException("missing test resource golden/" + file);
      }
      return ByteBuffer.wrap(in.readAllBytes()).order(ByteOrder.LITTLE_ENDIAN);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
