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
package dev.parley.core.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ResamplerTest {
  private static final int[] RATES = {8000, 16000, 22050, 24000, 44100, 48000};

  static List<Arguments> allPairs() {
    List<Arguments> pairs = new ArrayList<>();
    for (int from : RATES) {
      for (int to : RATES) {
        pairs.add(Arguments.of(from, to));
      }
    }
    return pairs;
  }

  static List<Arguments> convertingPairs() {
    return allPairs().stream().filter(a -> !a.get()[0].equals(a.get()[1])).toList();
  }

  private static long expectedLength(long inputSamples, int from, int to) {
    return (inputSamples * to + from - 1) / from;
  }

  @Nested
  class Fidelity {
    @ParameterizedTest(name = "{0} Hz -> {1} Hz")
    @MethodSource("dev.parley.core.audio.ResamplerTest#allPairs")
    void aOneKilohertzToneKeepsItsAmplitudeFrequencyAndTiming(int from, int to) {
      short[] in = Signals.sine(from, 1000, 0.5, from / 2);
      short[] out = Resampler.resample(in, from, to);

      // Skip the edges, where the tone starts and stops abruptly and the filter rings.
      int margin = to / 50;
      Signals.ToneFit fit =
          Signals.fit(Signals.toFloat(out), margin, out.length - margin, 1000, to);
      assertThat(Signals.db(fit.amplitude() / (0.5 * 32767))).isCloseTo(0, within(0.05));
      // A wrong frequency or spurious images would leave far more than PCM16 rounding noise.
      assertThat(fit.residualDb()).isLessThan(-80);
      // The input sine has phase 0 at sample 0; so must the output, to within a tenth of a sample.
      double offsetSamples = fit.phaseRadians() / (2 * Math.PI) * to / 1000;
      assertThat(offsetSamples).isCloseTo(0, within(0.1));
    }

    @ParameterizedTest(name = "{0} Hz -> {1} Hz")
    @MethodSource("dev.parley.core.audio.ResamplerTest#allPairs")
    void aClickLandsAtItsScaledPosition(int from, int to) {
      for (int click : new int[] {1000, 1001, 1237}) {
        float[] in = new float[3000];
        in[click] = 0.9f;
        float[] out = Resampler.resample(in, from, to);

        int peak = 0;
        for (int i = 1; i < out.length; i++) {
          if (out[i] > out[peak]) {
            peak = i;
          }
        }
        assertThat((double) peak)
            .as("click at %d", click)
            .isCloseTo(click * (double) to / from, within(1.0));
      }
    }

    @ParameterizedTest(name = "{0} Hz -> {1} Hz")
    @MethodSource("dev.parley.core.audio.ResamplerTest#convertingPairs")
    void theStopBandIsAtLeast70DecibelsDown(int from, int to) {
      // Going down, tones above the output's Nyquist frequency must not alias into the output.
      // Going up, the images of in-band tones must not appear above the input's Nyquist.
      boolean down = to < from;
      double low = down ? to / 2.0 : 0;
      double high = from / 2.0;
      int margin = to / 50;
      double worstDb = Double.NEGATIVE_INFINITY;
      for (int step = 0; step < 12; step++) {
        // Denser near the band edge, where the filter is weakest.
        double hz =
            down
                ? low + (high - low) * Math.pow((step + 0.5) / 12, 2)
                : high * (1 - Math.pow((step + 0.5) / 12, 2));
        float[] out = Resampler.resample(Signals.sineFloat(from, hz, 0.5, from / 10), from, to);
        double leak =
            down
                ? Signals.rms(out, margin, out.length - margin)
                : Signals.fit(out, margin, out.length - margin, hz, to).residualRms();
        worstDb = Math.max(worstDb, Signals.db(leak / (0.5 / Math.sqrt(2))));
      }
      assertThat(worstDb).isLessThan(-70);
    }

    @Test
    void aSevenKilohertzToneAt48KilohertzDoesNotAliasInto8Kilohertz() {
      // 7 kHz would fold to 1 kHz at 8 kHz.
      short[] in = Signals.sine(48_000, 7000, 0.5, 48_000);
      short[] out = Resampler.resample(in, 48_000, 8000);

      float[] y = Signals.toFloat(out);
      double aliasDb =
          Signals.db(Signals.rms(y, 200, y.length - 200) / (0.5 * 32767 / Math.sqrt(2)));
      assertThat(aliasDb).isLessThan(-60);
    }

    @ParameterizedTest(name = "{0} Hz -> {1} Hz")
    @MethodSource("dev.parley.core.audio.ResamplerTest#allPairs")
    void aConstantInputStaysConstant(int from, int to) {
      short[] in = new short[from / 10];
      Arrays.fill(in, (short) 20_000);
      Resampler resampler = new Resampler(from, to);
      short[] out = new short[resampler.maxOutputSamples(in.length)];
      int written = resampler.process(in, 0, in.length, out, 0);

      // Output samples whose window reaches before the stream start see silence there.
      int settled = (int) Math.ceil(resampler.lookaheadInputSamples() * (double) to / from);
      for (int i = settled; i < written; i++) {
        assertThat((int) out[i]).as("sample %d", i).isCloseTo(20_000, within(1));
      }
    }

    @Test
    void equalRatesPassSamplesThroughUntouched() {
      short[] in = new short[5000];
      Random random = new Random(7);
      for (int i = 0; i < in.length; i++) {
        in[i] = (short) random.nextInt();
      }
      in[0] = Short.MIN_VALUE;
      in[1] = Short.MAX_VALUE;
      Resampler resampler = new Resampler(16_000, 16_000);
      short[] out = new short[in.length];

      assertThat(resampler.process(in, 0, in.length, out, 0)).isEqualTo(in.length);
      assertThat(out).isEqualTo(in);
      assertThat(resampler.flush(new short[0], 0)).isZero();
      assertThat(resampler.lookaheadInputSamples()).isZero();
    }
  }

  @Nested
  class Streaming {
    @ParameterizedTest(name = "{0} Hz -> {1} Hz")
    @MethodSource("dev.parley.core.audio.ResamplerTest#allPairs")
    void outputLengthIsTheInputLengthTimesTheRatioRoundedUp(int from, int to) {
      for (int length : new int[] {0, 1, 2, 319, 320, 441, 12_345}) {
        assertThat((long) Resampler.resample(new short[length], from, to).length)
            .as("%d samples", length)
            .isEqualTo(expectedLength(length, from, to));
      }
    }

    @ParameterizedTest(name = "{0} Hz -> {1} Hz")
    @MethodSource("dev.parley.core.audio.ResamplerTest#allPairs")
    void chunksOfAnySizeGiveTheSameSamplesAsOneCall(int from, int to) {
      Random random = new Random(from * 31L + to);
      short[] in = new short[from / 5];
      for (int i = 0; i < in.length; i++) {
        in[i] = (short) (random.nextGaussian() * 6000);
      }
      short[] whole = Resampler.resample(in, from, to);

      Resampler resampler = new Resampler(from, to);
      short[] out = new short[whole.length + resampler.maxOutputSamples(700)];
      int written = 0;
      for (int off = 0; off < in.length; ) {
        int len = Math.min(in.length - off, random.nextInt(700));
        int n = resampler.process(in, off, len, out, written);
        assertThat(n).isLessThanOrEqualTo(resampler.maxOutputSamples(len));
        written += n;
        off += len;
      }
      written += resampler.flush(out, written);

      assertThat(Arrays.copyOf(out, written)).isEqualTo(whole);
    }

    @Test
    void floatChunksGiveTheSameSamplesAsOneFloatCall() {
      Random random = new Random(3);
      float[] in = new float[9600];
      for (int i = 0; i < in.length; i++) {
        in[i] = (float) (random.nextGaussian() * 0.2);
      }
      float[] whole = Resampler.resample(in, 48_000, 16_000);

      Resampler resampler = new Resampler(48_000, 16_000);
      float[] out = new float[whole.length + resampler.maxOutputSamples(960)];
      int written = 0;
      for (int off = 0; off < in.length; ) {
        int len = Math.min(in.length - off, random.nextInt(960));
        written += resampler.process(in, off, len, out, written);
        off += len;
      }
      written += resampler.flush(out, written);

      assertThat(Arrays.copyOf(out, written)).isEqualTo(whole);
    }

    @Test
    void pcm16AndFloatCallsAgreeAndMayBeMixed() {
      short[] in = Signals.sine(24_000, 440, 0.8, 4800);
      short[] viaPcm = Resampler.resample(in, 24_000, 16_000);

      Resampler resampler = new Resampler(24_000, 16_000);
      float[] floats = Signals.toFloat(in);
      for (int i = 0; i < floats.length; i++) {
        floats[i] /= 32768f;
      }
      short[] mixed = new short[viaPcm.length + resampler.maxFlushSamples()];
      float[] scratch = new float[resampler.maxOutputSamples(2400)];
      int n = resampler.process(floats, 0, 2400, scratch, 0);
      for (int i = 0; i < n; i++) {
        mixed[i] = (short) Math.round(scratch[i] * 32768f);
      }
      n += resampler.process(in, 2400, 2400, mixed, n);
      n += resampler.flush(mixed, n);

      assertThat(n).isEqualTo(viaPcm.length);
      for (int i = 0; i < n; i++) {
        assertThat((int) mixed[i]).as("sample %d", i).isCloseTo(viaPcm[i], within(1));
      }
    }

    @Test
    void flushEndsTheStreamAndResetStartsAFreshOne() {
      short[] first = Signals.sine(8000, 300, 0.7, 1000);
      short[] second = Signals.sine(8000, 900, 0.3, 1000);
      short[] expected = Resampler.resample(second, 8000, 16_000);

      Resampler afterFlush = new Resampler(8000, 16_000);
      short[] out = new short[4000];
      afterFlush.process(first, 0, first.length, out, 0);
      afterFlush.flush(out, 0);
      int n = afterFlush.process(second, 0, second.length, out, 0);
      n += afterFlush.flush(out, n);
      assertThat(Arrays.copyOf(out, n)).isEqualTo(expected);

      Resampler afterReset = new Resampler(8000, 16_000);
      afterReset.process(first, 0, 700, out, 0);
      afterReset.reset();
      n = afterReset.process(second, 0, second.length, out, 0);
      n += afterReset.flush(out, n);
      assertThat(Arrays.copyOf(out, n)).isEqualTo(expected);
    }

    @Test
    void outputWaitsForTheLookahead() {
      Resampler resampler = new Resampler(16_000, 8000);
      short[] out = new short[resampler.maxOutputSamples(1)];
      int lookahead = resampler.lookaheadInputSamples();
      for (int i = 0; i < lookahead; i++) {
        assertThat(resampler.process(new short[1], 0, 1, out, 0)).isZero();
      }
      assertThat(resampler.process(new short[1], 0, 1, out, 0)).isOne();
    }

    @Test
    void processAndFlushAllocateNothing() {
      Resampler resampler = new Resampler(48_000, 16_000);
      short[] in = Signals.sine(48_000, 440, 0.5, 960);
      short[] out = new short[resampler.maxOutputSamples(in.length) + resampler.maxFlushSamples()];
      // Warm up so that class initialisation and linkage are not counted.
      for (int i = 0; i < 2000; i++) {
        resampler.process(in, 0, in.length, out, 0);
        resampler.flush(out, 0);
      }
      long before = Signals.allocatedBytes();
      for (int i = 0; i < 200; i++) {
        resampler.process(in, 0, in.length, out, 0);
      }
      resampler.flush(out, 0);
      assertThat(Signals.allocatedBytes() - before).isZero();
    }
  }

  @Nested
  class Contract {
    @Test
    void rejectsAnOutputArrayThatMightOverflow() {
      Resampler resampler = new Resampler(8000, 16_000);
      assertThatThrownBy(() -> resampler.process(new short[320], 0, 320, new short[639], 0))
          .isInstanceOf(IndexOutOfBoundsException.class);
      assertThatThrownBy(() -> resampler.flush(new short[0], 0))
          .isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void rejectsRatesOutOfRangeAndRatiosTooFineToTabulate() {
      assertThatThrownBy(() -> new Resampler(0, 16_000))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("sample rate must be 1 to 384000 Hz, not 0");
      assertThatThrownBy(() -> new Resampler(44_101, 16_000))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("cannot resample 44101 Hz to 16000 Hz");
    }

    @Test
    void supportsEveryPairOfTheCommonRates() {
      int[] rates = {8000, 11_025, 16_000, 22_050, 24_000, 32_000, 44_100, 48_000, 96_000};
      for (int from : rates) {
        for (int to : rates) {
          float[] out = Resampler.resample(Signals.sineFloat(from, 1000, 0.5, from / 20), from, to);
          assertThat((long) out.length)
              .as("%d Hz -> %d Hz", from, to)
              .isEqualTo(expectedLength(from / 20, from, to));
          int margin = to / 200;
          double amplitude = Signals.fit(out, margin, out.length - margin, 1000, to).amplitude();
          assertThat(amplitude).as("%d Hz -> %d Hz", from, to).isCloseTo(0.5, within(0.001));
        }
      }
    }

    @Test
    void reportsItsRatesAndMaximumOutput() {
      Resampler resampler = new Resampler(44_100, 16_000);
      assertThat(resampler.inputRate()).isEqualTo(44_100);
      assertThat(resampler.outputRate()).isEqualTo(16_000);
      assertThat(resampler.maxOutputSamples(441)).isEqualTo(160);
      assertThat(resampler.maxOutputSamples(442)).isEqualTo(161);
      assertThat(resampler.taps()).isPositive().isEven();
    }
  }
}
