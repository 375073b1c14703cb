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

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.parley.core.clock.MediaClock;
import java.util.Arrays;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

class WhisperFeaturesTest {
  private static final double GOLDEN_TOLERANCE = 1e-4;

  @Nested
  class AgainstThePythonReference {
    @ParameterizedTest
    @FieldSource("dev.parley.speech.smartturn.Golden#SIGNALS")
    void everyFeatureMatchesTheGoldenFixture(String signal) {
      float[] expected = Golden.features(signal);
      float[] actual = new WhisperFeatures().compute(Golden.pcm(signal));

      assertThat(actual).hasSize(WhisperFeatures.SIZE).hasSameSizeAs(expected);
      double maxError = 0;
      int worst = 0;
      for (int i = 0; i < actual.length; i++) {
        double error = Math.abs(actual[i] - expected[i]);
        if (error > maxError) {
          maxError = error;
          worst = i;
        }
      }
      System.out.printf(
          Locale.ROOT,
          "WhisperFeatures vs make_golden.py, %s: max |error| %.3g at mel %d, frame %d%n",
          signal,
          maxError,
          worst / WhisperFeatures.FRAMES,
          worst % WhisperFeatures.FRAMES);
      assertThat(maxError)
          .as(
              "largest difference, at mel %d frame %d",
              worst / WhisperFeatures.FRAMES, worst % WhisperFeatures.FRAMES)
          .isLessThan(GOLDEN_TOLERANCE);
    }

    @Test
    void theFirstMelFilterIsWhispers() {
      // Whisper's published mel_filters.npz (librosa, Slaney) has 0.02486259 at band 0, bin 1.
      WhisperFeatures.MelFilters filters = WhisperFeatures.MelFilters.slaney(80, 400, 16_000);

      assertThat(filters.bands()).isEqualTo(80);
      assertThat(filters.weight(0, 0)).isZero();
      assertThat(filters.weight(0, 1)).isCloseTo(0.02486259, within(1e-8));
      assertThat(filters.weight(0, 2)).isZero();
    }
  }

  @Nested
  class WhatAudioIsRead {
    @Test
    void silenceIsTheLogFloorEverywhere() {
      float[] features = new WhisperFeatures().compute(new short[16_000]);

      // Zero audio normalises to zero, every mel energy to the 1e-10 floor: (log10(1e-10) + 4) / 4.
      for (float value : features) {
        assertThat(value).isEqualTo(-1.5f);
      }
    }

    @Test
    void noAudioAtAllIsSilence() {
      assertThat(new WhisperFeatures().compute(new short[0]))
          .isEqualTo(new WhisperFeatures().compute(new short[16_000]));
    }

    @Test
    void onlyTheLastEightSecondsCount() {
      short[] turn = noise(8 * 16_000, 1);
      short[] longer = new short[turn.length + 3 * 16_000];
      short[] before = noise(3 * 16_000, 2);
      System.arraycopy(before, 0, longer, 0, before.length);
      System.arraycopy(turn, 0, longer, before.length, turn.length);

      assertThat(new WhisperFeatures().compute(longer))
          .isEqualTo(new WhisperFeatures().compute(turn));
    }

    @Test
    void offsetAndLengthSelectTheTurn() {
      short[] buffer = noise(5 * 16_000, 3);
      float[] features = new float[WhisperFeatures.SIZE];

      new WhisperFeatures().compute(buffer, 16_000, 2 * 16_000, features);

      assertThat(features)
          .isEqualTo(new WhisperFeatures().compute(Arrays.copyOfRange(buffer, 16_000, 3 * 16_000)));
    }

    @Test
    void anExtractorGivesTheSameAnswerEachTimeItIsReused() {
      WhisperFeatures extractor = new WhisperFeatures();
      short[] speech = Golden.pcm("voiced_9s");
      float[] first = extractor.compute(speech);
      extractor.compute(Golden.pcm("chirp_3s"));

      assertThat(extractor.compute(speech)).isEqualTo(first);
    }

    @Test
    void aRangeOutsideTheAudioIsRefused() {
      assertThatThrownBy(
              () ->
                  new WhisperFeatures()
                      .compute(new short[10], 5, 6, new float[WhisperFeatures.SIZE]))
          .isInstanceOf(IndexOutOfBoundsException.class);
      assertThatThrownBy(() -> new WhisperFeatures().compute(new short[10], 0, 10, new float[10]))
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  /**
   * Prints what 8 s of audio cost on this machine. Nothing is asserted about time; the JMH
   * benchmark is the place for that.
   */
  @Test
  void printsTheCostOfEightSeconds() {
    short[] speech = Golden.pcm("quiet_8s");
    WhisperFeatures extractor = new WhisperFeatures();
    float[] features = new float[WhisperFeatures.SIZE];
    MediaClock clock = MediaClock.system();
    for (int i = 0; i < 30; i++) {
      extractor.compute(speech, 0, speech.length, features);
    }
    int runs = 50;
    long[] nanos = new long[runs];
    for (int i = 0; i < runs; i++) {
      long start = clock.nanos();
      extractor.compute(speech, 0, speech.length, features);
      nanos[i] = clock.nanos() - start;
    }
    Arrays.sort(nanos);
    System.out.printf(
        Locale.ROOT,
        "WhisperFeatures, 8 s of audio, %d runs after 30 to warm up: min %.2f ms, median %.2f ms,"
            + " max %.2f ms%n",
        runs,
        nanos[0] / 1e6,
        nanos[runs / 2] / 1e6,
        nanos[runs - 1] / 1e6);
    assertThat(features[0]).isFinite();
  }

  static short[] noise(int samples, long seed) {
    Random random = new Random(seed);
    short[] pcm = new short[samples];
    for (int i = 0; i < samples; i++) {
      pcm[i] = (short) (random.nextGaussian() * 3000);
    }
    return pcm;
  }
}
