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
package dev.parley.core.turn;

/**
 * Turns a stream of per-window speech probabilities into speech segments, with hysteresis so a
 * click does not start speech and a short gap between words does not end it.
 *
 * <p>Speech starts when the probability stays at or above the start threshold for {@code
 * minSpeechNanos}; it ends when it stays below the stop threshold for {@code minSilenceNanos}. Each
 * edge is reported once it is certain, stamped where it is in the audio: the onset of the speech or
 * of the silence. Plain object, confined to its owner; allocates nothing.
 */
public final class SpeechSegmenter {
  /** What a window changed. */
  public enum Edge {
    NONE,
    STARTED,
    ENDED
  }

  private final double startThreshold;
  private final double stopThreshold;
  private final long minSpeechNanos;
  private final long minSilenceNanos;

  private boolean speaking;
  private long candidateNanos = -1;
  private long edgeNanos;

  public SpeechSegmenter(
      double startThreshold, double stopThreshold, long minSpeechNanos, long minSilenceNanos) {
    if (stopThreshold > startThreshold) {
      throw new IllegalArgumentException("stop threshold must not exceed start threshold");
    }
    this.startThreshold = startThreshold;
    this.stopThreshold = stopThreshold;
    this.minSpeechNanos = minSpeechNanos;
    this.minSilenceNanos = minSilenceNanos;
  }

  /**
   * Takes the probability of the window {@code [startNanos, endNanos)} and returns the edge it
   * confirmed, if any; {@link #edgeNanos()} then says where the edge is.
   */
  public Edge accept(long startNanos, long endNanos, double probability) {
    if (!speaking) {
      if (probability >= startThreshold) {
        if (candidateNanos < 0) {
          candidateNanos = startNanos;
        }
        if (endNanos - candidateNanos >= minSpeechNanos) {
          speaking = true;
          edgeNanos = candidateNanos;
          candidateNanos = -1;
          return Edge.STARTED;
        }
      } else {
        candidateNanos = -1;
      }
    } else {
      if (probability < stopThreshold) {
        if (candidateNanos < 0) {
          candidateNanos = startNanos;
        }
        if (endNanos - candidateNanos >= minSilenceNanos) {
          speaking = false;
          edgeNanos = candidateNanos;
          candidateNanos = -1;
          return Edge.ENDED;
        }
      } else {
        candidateNanos = -1;
      }
    }
    return Edge.NONE;
  }

  /** Whether the segmenter is inside a speech segment. */
  public boolean speaking() {
    return speaking;
  }

  /** Where the last reported edge lies in the audio. */
  public long edgeNanos() {
    return edgeNanos;
  }

  /** The onset of a silence inside speech that has not yet lasted long enough to end it, or -1. */
  public long pendingSilenceNanos() {
    return speaking ? candidateNanos : -1;
  }

  /** The onset of speech that has begun but not yet lasted long enough to count, or -1. */
  public long pendingOnsetNanos() {
    return speaking ? -1 : candidateNanos;
  }
}
