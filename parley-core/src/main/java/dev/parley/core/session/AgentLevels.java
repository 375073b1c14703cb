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
 * The agent's output level over the last 200 ms, one entry per 20 ms the speaker plays: what the
 * echo gate compares the caller's sound with on input without echo cancellation. Written by the
 * {@link Speaker}, read by {@link UserInput}; confined to the session loop.
 */
final class AgentLevels {
  static final double SILENCE_DB = -120;

  /** How far back the agent's output is compared with the caller's audio for echo: 200 ms. */
  private static final int WINDOW_FRAMES = 10;

  private final double[] levelsDb = new double[WINDOW_FRAMES];
  private int next;

  AgentLevels() {
    java.util.Arrays.fill(levelsDb, SILENCE_DB);
  }

  void record(double db) {
    levelsDb[next] = db;
    next = (next + 1) % levelsDb.length;
  }

  /** The loudest level over the window. */
  double loudestDb() {
    double loudest = SILENCE_DB;
    for (double level : levelsDb) {
      loudest = Math.max(loudest, level);
    }
    return loudest;
  }

  /** The level of {@code length} samples in dBFS, {@link #SILENCE_DB} for digital silence. */
  static double levelDb(short[] samples, int offset, int length) {
    double sum = 0;
    for (int i = offset; i < offset + length; i++) {
      double s = samples[i] / 32768.0;
      sum += s * s;
    }
    return sum == 0 ? SILENCE_DB : 10 * Math.log10(sum / length);
  }
}
