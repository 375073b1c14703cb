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
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MixedRadixFftTest {
  @Test
  void whispersFourHundredPointsFactorIntoFoursAndFives() {
    assertThat(new MixedRadixFft(400).radices()).containsExactly(4, 4, 5, 5);
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3, 4, 5, 7, 8, 12, 16, 30, 49, 64, 400, 512})
  void equalsTheDefinitionOfTheDft(int size) {
    Random random = new Random(size);
    double[] re = new double[size];
    double[] im = new double[size];
    for (int i = 0; i < size; i++) {
      re[i] = random.nextGaussian();
      im[i] = random.nextGaussian();
    }
    double[] expectedRe = new double[size];
    double[] expectedIm = new double[size];
    for (int k = 0; k < size; k++) {
      for (int n = 0; n < size; n++) {
        double angle = -2 * Math.PI * (((long) k * n) % size) / size;
        expectedRe[k] += re[n] * Math.cos(angle) - im[n] * Math.sin(angle);
        expectedIm[k] += re[n] * Math.sin(angle) + im[n] * Math.cos(angle);
      }
    }

    new MixedRadixFft(size).transform(re, im);

    for (int k = 0; k < size; k++) {
      assertThat(re[k]).as("Re X[%d]", k).isCloseTo(expectedRe[k], within(1e-9 * size));
      assertThat(im[k]).as("Im X[%d]", k).isCloseTo(expectedIm[k], within(1e-9 * size));
    }
  }

  @Test
  void aPureToneLandsInItsBin() {
    double[] re = new double[400];
    double[] im = new double[400];
    for (int n = 0; n < 400; n++) {
      re[n] = Math.cos(2 * Math.PI * 37 * n / 400);
    }

    new MixedRadixFft(400).transform(re, im);

    for (int k = 0; k < 400; k++) {
      double expected = k == 37 || k == 400 - 37 ? 200 : 0;
      assertThat(Math.hypot(re[k], im[k])).as("|X[%d]|", k).isCloseTo(expected, within(1e-9));
    }
  }
}
