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
package dev.parley.speech.sphinx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.parley.core.audio.Resampler;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class FrontEndTest {
  private static final int RATE = 16_000;

  /** Runs {@code input} through a front end, pushing odd-sized pieces as a caller might. */
  static short[] run(FrontEnd frontEnd, short[] input) {
    short[] output = new short[input.length];
    int written = 0;
    for (int at = 0; at < input.length; ) {
      int piece = Math.min(input.length - at, 97);
      int end = at + piece;
      while (at < end) {
        at += frontEnd.offer(input, at, end - at);
        if (frontEnd.ready()) {
          System.arraycopy(frontEnd.output(), 0, output, written, FrontEnd.HOP);
          written += FrontEnd.HOP;
        }
      }
    }
    return output;
  }

  static short[] whiteNoise(int samples, double rms, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    short[] pcm = new short[samples];
    for (int i = 0; i < samples; i++) {
      double g =
          (random.nextDouble()
                  + random.nextDouble()
                  + random.nextDouble()
                  + random.nextDouble()
                  - 2)
              * Math.sqrt(3);
      pcm[i] = (short) Math.round(g * rms);
    }
    return pcm;
  }

  static short[] tone(int samples, double hz, double amplitude) {
    short[] pcm = new short[samples];
    for (int i = 0; i < samples; i++) {
      pcm[i] = (short) Math.round(amplitude * Math.sin(2 * Math.PI * hz * i / RATE));
    }
    return pcm;
  }

  static short[] add(short[] a, short[] b) {
    short[] sum = new short[a.length];
    for (int i = 0; i < a.length; i++) {
      sum[i] = (short) Math.clamp(a[i] + b[i], Short.MIN_VALUE, Short.MAX_VALUE);
    }
    return sum;
  }

  static double rms(short[] pcm, int from, int to) {
    double energy = 0;
    for (int i = from; i < to; i++) {
      energy += (double) pcm[i] * pcm[i];
    }
    return Math.sqrt(energy / (to - from));
  }

  /** The power of {@code pcm[from, to)} in a band, by correlating with the band's tones. */
  static double bandRms(short[] pcm, int from, int to, double lowHz, double highHz) {
    Fft fft = new Fft(1 << 15);
    double[] re = new double[1 << 15];
    double[] im = new double[1 << 15];
    for (int i = from; i < to && i - from < re.length; i++) {
      re[i - from] = pcm[i];
    }
    fft.transform(re, im, false);
    double power = 0;
    int n = Math.min(to - from, re.length);
    for (int k = (int) (lowHz * re.length / RATE); k <= (int) (highHz * re.length / RATE); k++) {
      power += 2 * (re[k] * re[k] + im[k] * im[k]) / ((double) n * re.length);
    }
    return Math.sqrt(power);
  }

  @Nested
  class WithoutChanges {
    @Test
    void aWidebandSignalWithTheBandFillOnlyComesOutAsItWentInOneHopLate() {
      FrontEnd frontEnd = new FrontEnd(new FrontEnd.Settings(false, 1, true, 0.3, 0));
      short[] input = add(whiteNoise(RATE * 2, 1000, 1), tone(RATE * 2, 440, 3000));
      short[] output = run(frontEnd, input);
      for (int i = FrontEnd.DELAY_SAMPLES; i < input.length; i++) {
        assertThat(output[i])
            .as("sample %d", i)
            .isCloseTo(input[i - FrontEnd.DELAY_SAMPLES], within((short) 1));
      }
      assertThat(frontEnd.narrowbandHops()).isZero();
    }

    @Test
    void digitalSilenceStaysSilent() {
      FrontEnd frontEnd = new FrontEnd(new FrontEnd.Settings(true, 0.1, true, 0.3, 0));
      short[] output = run(frontEnd, new short[RATE]);
      assertThat(rms(output, 0, output.length)).isZero();
    }
  }

  @Nested
  class NoiseSuppression {
    private final FrontEnd frontEnd = new FrontEnd(new FrontEnd.Settings(true, 0.1, false, 0, 0));

    @Test
    void steadyWhiteNoiseIsAttenuatedByMoreThan12DecibelsOnceLearned() {
      short[] output = run(frontEnd, whiteNoise(RATE * 4, 500, 2));
      double after = rms(output, RATE * 2, RATE * 4);
      assertThat(20 * Math.log10(after / 500)).isLessThan(-12);
    }

    @Test
    void aToneInNoiseKeepsItsLevelWhileTheNoiseFalls() {
      short[] noise = whiteNoise(RATE * 4, 500, 3);
      short[] signal = new short[RATE * 4];
      short[] burst = tone(RATE, 1000, 2000); // a second of "speech" after two of noise alone
      System.arraycopy(burst, 0, signal, RATE * 2, RATE);
      short[] output = run(frontEnd, add(noise, signal));
      int from = RATE * 2 + 2000;
      int to = RATE * 3 - 2000;
      double toneIn = bandRms(add(noise, signal), from, to, 950, 1050);
      double toneOut =
          bandRms(output, from + FrontEnd.DELAY_SAMPLES, to + FrontEnd.DELAY_SAMPLES, 950, 1050);
      assertThat(20 * Math.log10(toneOut / toneIn)).isGreaterThan(-2);
      double noiseOut = bandRms(output, from, to, 2000, 7000);
      double noiseIn = bandRms(noise, from, to, 2000, 7000);
      assertThat(20 * Math.log10(noiseOut / noiseIn)).isLessThan(-10);
    }

    @Test
    void theGainNeverExceedsOneNorFallsBelowItsWienerPart() {
      for (double prior : new double[] {1e-3, 0.1, 1, 10, 1000}) {
        for (double posterior : new double[] {0.01, 0.5, 1, 5, 100, 1e5}) {
          double gain = FrontEnd.logSpectralGain(prior, posterior);
          assertThat(gain)
              .isLessThanOrEqualTo(1.0)
              .isGreaterThanOrEqualTo(prior / (1 + prior) - 1e-12);
        }
      }
    }

    @Test
    void theExponentialIntegralMatchesTabulatedValues() {
      assertThat(FrontEnd.exponentialIntegral(0.01)).isCloseTo(4.037929576538114, within(1e-6));
      assertThat(FrontEnd.exponentialIntegral(0.5)).isCloseTo(0.5597735947761608, within(1e-6));
      assertThat(FrontEnd.exponentialIntegral(1)).isCloseTo(0.21938393439552029, within(1e-5));
      assertThat(FrontEnd.exponentialIntegral(2)).isCloseTo(0.04890051070806112, within(1e-5));
      assertThat(FrontEnd.exponentialIntegral(10)).isCloseTo(4.156968929685324e-6, within(1e-8));
    }
  }

  @Nested
  class NarrowbandFill {
    @Test
    void aTelephoneBandLineIsDetectedAndItsEmptyBandFilled() {
      FrontEnd frontEnd = new FrontEnd(new FrontEnd.Settings(false, 1, true, 0.3, 0));
      short[] wide = whiteNoise(RATE * 2, 2000, 4);
      short[] phone = Resampler.resample(Resampler.resample(wide, RATE, 8_000), 8_000, RATE);
      assertThat(bandRms(phone, RATE, RATE * 2, 4500, 7500))
          .isLessThan(bandRms(phone, RATE, RATE * 2, 500, 3500) * 0.015);

      short[] output = run(frontEnd, phone);

      assertThat(frontEnd.narrowband()).isTrue();
      double high = bandRms(output, RATE, RATE * 2, 4500, 7500);
      double low = bandRms(output, RATE, RATE * 2, 500, 3500);
      assertThat(high / low).isCloseTo(0.3, within(0.05));
    }

    @Test
    void whiteNoiseOnATelephoneLineFillsTheBandItselfSoNothingIsAdded() {
      FrontEnd frontEnd = new FrontEnd(new FrontEnd.Settings(false, 1, true, 0.3, 0));
      short[] phone =
          Resampler.resample(
              Resampler.resample(whiteNoise(RATE * 2, 2000, 5), RATE, 8_000), 8_000, RATE);
      run(frontEnd, add(phone, whiteNoise(RATE * 2, 300, 6)));
      assertThat(frontEnd.narrowbandHops()).isZero();
    }
  }
}
