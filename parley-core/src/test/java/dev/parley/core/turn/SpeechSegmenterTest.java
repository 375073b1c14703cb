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

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SpeechSegmenterTest {
  private static final long MS = 1_000_000L;
  private final SpeechSegmenter segmenter = new SpeechSegmenter(0.5, 0.35, 100 * MS, 200 * MS);

  /** Feeds 20 ms windows from {@code fromMs} with probability {@code p}; returns the last edge. */
  private SpeechSegmenter.Edge feed(long fromMs, long toMs, double p) {
    SpeechSegmenter.Edge last = SpeechSegmenter.Edge.NONE;
    for (long t = fromMs; t < toMs; t += 20) {
      SpeechSegmenter.Edge edge = segmenter.accept(t * MS, (t + 20) * MS, p);
      if (edge != SpeechSegmenter.Edge.NONE) {
        last = edge;
      }
    }
    return last;
  }

  @Test
  void aClickShorterThanMinimumSpeechIsNotSpeech() {
    assertThat(feed(0, 60, 0.9)).isEqualTo(SpeechSegmenter.Edge.NONE);
    assertThat(feed(60, 400, 0.1)).isEqualTo(SpeechSegmenter.Edge.NONE);
    assertThat(segmenter.speaking()).isFalse();
  }

  @Test
  void speechIsStampedAtItsOnsetNotWhenItWasConfirmed() {
    feed(0, 200, 0.0);
    assertThat(feed(200, 400, 0.9)).isEqualTo(SpeechSegmenter.Edge.STARTED);
    assertThat(segmenter.edgeNanos()).isEqualTo(200 * MS);
  }

  @Test
  void aGapBetweenWordsShorterThanMinimumSilenceDoesNotEndSpeech() {
    feed(0, 300, 0.9);
    assertThat(feed(300, 440, 0.1)).isEqualTo(SpeechSegmenter.Edge.NONE);
    feed(440, 600, 0.9);
    assertThat(segmenter.speaking()).isTrue();
  }

  @Test
  void silenceIsStampedAtItsOnset() {
    feed(0, 300, 0.9);
    assertThat(feed(300, 600, 0.1)).isEqualTo(SpeechSegmenter.Edge.ENDED);
    assertThat(segmenter.edgeNanos()).isEqualTo(300 * MS);
  }

  @Test
  void probabilitiesBetweenTheThresholdsKeepTheCurrentState() {
    feed(0, 300, 0.9);
    assertThat(feed(300, 1000, 0.4)).isEqualTo(SpeechSegmenter.Edge.NONE);
    assertThat(segmenter.speaking()).isTrue();
  }
}
