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
package dev.parley.server;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Random;

/**
 * Malformed inputs for every transport, drawn from a seeded {@link Random}: valid messages with one
 * part broken (a field missing, of the wrong type, out of range, truncated), random bytes, sizes at
 * and past every limit, and every message kind in every order. The same seed gives the same inputs,
 * so a failure names its seed and replays.
 */
final class FuzzInputs {
  private final Random random;

  FuzzInputs(long seed) {
    this.random = new Random(seed);
  }

  Random random() {
    return random;
  }

  boolean chance(int percent) {
    return random.nextInt(100) < percent;
  }

  <T> T pick(List<T> options) {
    return options.get(random.nextInt(options.size()));
  }

  /** A JSON value of a surprising type or size. */
  String oddValue() {
    return pick(
        List.of(
            "null",
            "true",
            "-1",
            "0",
            "1e308",
            "18446744073709551616",
            "8000.5",
            "\"16000\"",
            "[]",
            "{}",
            "\"" + word(random.nextInt(40)) + "\"",
            "\"\\ud800\"",
            "\"" + "x".repeat(random.nextInt(20_000)) + "\""));
  }

  String word(int length) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < length; i++) {
      b.append((char) (chance(90) ? 'a' + random.nextInt(26) : random.nextInt(0x3000)));
    }
    return b.toString().replace("\"", "").replace("\\", "");
  }

  /** Random bytes of up to {@code max}. */
  byte[] bytes(int max) {
    byte[] b = new byte[random.nextInt(max + 1)];
    random.nextBytes(b);
    return b;
  }

  /** A string that is not JSON, or JSON broken somewhere. */
  String brokenJson(String valid) {
    return switch (random.nextInt(6)) {
      case 0 -> valid.substring(0, random.nextInt(Math.max(1, valid.length())));
      case 1 -> new String(bytes(300), StandardCharsets.ISO_8859_1);
      case 2 -> "[".repeat(2_000 + random.nextInt(4_000)); // deeper than any parser allows
      case 3 -> valid.replace(":", ":" + oddValue() + ",\"x\":");
      case 4 -> "{\"" + word(8) + "\":" + oddValue() + "}";
      default -> valid + valid; // two objects in one message
    };
  }

  /** Base64 that is broken, empty, oversized or of audio. */
  String payload() {
    return switch (random.nextInt(6)) {
      case 0 -> "";
      case 1 -> "!!not base64!!" + word(10);
      case 2 -> Base64.getEncoder().encodeToString(bytes(5_000)); // over 200 ms at once
      case 3 -> Base64.getEncoder().encodeToString(bytes(160)).substring(1); // bad padding
      default -> Base64.getEncoder().encodeToString(bytes(400));
    };
  }
}
