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
package dev.parley.speech.cloud;

import dev.parley.core.speech.EnergyVad;
import dev.parley.core.spi.VoiceActivityDetector;

/**
 * The caller's speech edges in the audio an adapter forwards, for models that do not report them to
 * the client (Gemini Live with its own detection off, Moshi): Parley's {@link EnergyVad} over 20 ms
 * windows, speech after 60 ms of voice, silence after 300 ms without. Times are milliseconds of
 * audio since the connection opened, as {@link dev.parley.core.s2s.ModelEvent} wants. One thread.
 */
final class SpeechEdges {
  /** An edge found in the audio just given. */
  enum Edge {
    NONE,
    STARTED,
    STOPPED
  }

  private static final int WINDOW = 320;
  private static final int START_WINDOWS = 3;
  private static final int STOP_WINDOWS = 15;

  private final VoiceActivityDetector.Stream vad = new EnergyVad().open();
  private final short[] window = new short[WINDOW];
  private int filled;
  private long windows;
  private int voicedRun;
  private int silentRun;
  private boolean speaking;
  private long edgeMillis;

  /** Feeds 16 kHz audio; returns the last edge it contained (at most one per 20 ms). */
  Edge feed(short[] samples, int offset, int length) {
    Edge edge = Edge.NONE;
    for (int i = 0; i < length; ) {
      int n = Math.min(WINDOW - filled, length - i);
      System.arraycopy(samples, offset + i, window, filled, n);
      filled += n;
      i += n;
      if (filled == WINDOW) {
        filled = 0;
        Edge found = window(vad.speechProbability(window, 0) >= 0.5f);
        if (found != Edge.NONE) {
          edge = found;
        }
      }
    }
    return edge;
  }

  /** When the last edge happened: the first voiced window of a start, the end of the last one. */
  long edgeMillis() {
    return edgeMillis;
  }

  boolean speaking() {
    return speaking;
  }

  private Edge window(boolean voiced) {
    windows++;
    if (voiced) {
      voicedRun++;
      silentRun = 0;
      if (!speaking && voicedRun >= START_WINDOWS) {
        speaking = true;
        edgeMillis = (windows - voicedRun) * 20;
        return Edge.STARTED;
      }
    } else {
      silentRun++;
      voicedRun = 0;
      if (speaking && silentRun >= STOP_WINDOWS) {
        speaking = false;
        edgeMillis = (windows - silentRun) * 20;
        return Edge.STOPPED;
      }
    }
    return Edge.NONE;
  }
}
