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

import java.util.Arrays;
import java.util.function.IntUnaryOperator;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class G711Test {

  @Nested
  class MuLaw {
    @Test
    void decodesTheReferenceValues() {
      assertThat(G711.decodeMuLaw((byte) 0xFF)).isEqualTo((short) 0);
      assertThat(G711.decodeMuLaw((byte) 0x7F)).isEqualTo((short) 0);
      assertThat(G711.decodeMuLaw((byte) 0x80)).isEqualTo((short) 32124);
      assertThat(G711.decodeMuLaw((byte) 0x00)).isEqualTo((short) -32124);
      assertThat(G711.decodeMuLaw((byte) 0xFE)).isEqualTo((short) 8);
      assertThat(G711.decodeMuLaw((byte) 0x7E)).isEqualTo((short) -8);
      // The first row and a half and the last row of the published 256-entry table.
      assertThat(decodeAll(0x00, 24, true))
          .containsExactly(
              -32124, -31100, -30076, -29052, -28028, -27004, -25980, -24956, -23932, -22908,
              -21884, -20860, -19836, -18812, -17788, -16764, -15996, -15484, -14972, -14460,
              -13948, -13436, -12924, -12412);
      assertThat(decodeAll(0xF8, 8, true)).containsExactly(56, 48, 40, 32, 24, 16, 8, 0);
    }

    @Test
    void encodesTheReferenceValues() {
      assertThat(G711.encodeMuLaw(0)).isEqualTo((byte) 0xFF);
      assertThat(G711.encodeMuLaw(32767)).isEqualTo((byte) 0x80);
      assertThat(G711.encodeMuLaw(-32768)).isEqualTo((byte) 0x00);
      // Decision levels halfway between 0 and 8 and between 8 and 16.
      assertThat(G711.encodeMuLaw(3)).isEqualTo((byte) 0xFF);
      assertThat(G711.encodeMuLaw(4)).isEqualTo((byte) 0xFE);
      assertThat(G711.encodeMuLaw(-3)).isEqualTo((byte) 0x7F);
      assertThat(G711.encodeMuLaw(-4)).isEqualTo((byte) 0x7E);
      assertThat(G711.encodeMuLaw(12)).isEqualTo((byte) 0xFD);
    }

    @Test
    void everyCodeSurvivesDecodingAndEncodingAgain() {
      for (int code = 0; code < 256; code++) {
        byte again = G711.encodeMuLaw(G711.decodeMuLaw((byte) code));
        // Negative zero comes back as the canonical positive zero.
        int expected = code == 0x7F ? 0xFF : code;
        assertThat(again & 0xFF).as("code 0x%02X", code).isEqualTo(expected);
      }
    }

    @Test
    void everySampleDecodesWithinOneQuantisationStep() {
      assertWithinOneStep(x -> G711.decodeMuLaw(G711.encodeMuLaw(x)), true);
    }

    @Test
    void positiveAndNegativeSamplesRoundAlike() {
      for (int x = 1; x <= 32767; x++) {
        assertThat(G711.encodeMuLaw(-x))
            .as("sample %d", x)
            .isEqualTo((byte) (G711.encodeMuLaw(x) ^ 0x80));
      }
    }

    @Test
    void aSineSurvivesARoundTripAbove35Decibels() {
      assertThat(sineRoundTripSnrDb(true)).isGreaterThan(35);
    }
  }

  @Nested
  class ALaw {
    @Test
    void decodesTheReferenceValues() {
      assertThat(G711.decodeALaw((byte) 0xD5)).isEqualTo((short) 8);
      assertThat(G711.decodeALaw((byte) 0x55)).isEqualTo((short) -8);
      assertThat(G711.decodeALaw((byte) 0xAA)).isEqualTo((short) 32256);
      assertThat(G711.decodeALaw((byte) 0x2A)).isEqualTo((short) -32256);
      // The first two rows and the fifth of the published 256-entry table.
      assertThat(decodeAll(0x00, 16, false))
          .containsExactly(
              -5504, -5248, -6016, -5760, -4480, -4224, -4992, -4736, -7552, -7296, -8064, -7808,
              -6528, -6272, -7040, -6784);
      assertThat(decodeAll(0x20, 8, false))
          .containsExactly(-22016, -20992, -24064, -23040, -17920, -16896, -19968, -18944);
    }

    @Test
    void encodesTheReferenceValues() {
      assertThat(G711.encodeALaw(0)).isEqualTo((byte) 0xD5);
      assertThat(G711.encodeALaw(15)).isEqualTo((byte) 0xD5);
      assertThat(G711.encodeALaw(16)).isEqualTo((byte) 0xD4);
      assertThat(G711.encodeALaw(32767)).isEqualTo((byte) 0xAA);
      assertThat(G711.encodeALaw(-32768)).isEqualTo((byte) 0x2A);
    }

    @Test
    void minusOneEncodesAsMinusEightNotMinus248() {
      // Sun's original 16-bit linear2alaw computed -x - 8 and so went negative for -1 to -7.
      for (int x = -1; x >= -16; x--) {
        assertThat(G711.decodeALaw(G711.encodeALaw(x))).as("sample %d", x).isEqualTo((short) -8);
      }
    }

    @Test
    void everyCodeSurvivesDecodingAndEncodingAgain() {
      for (int code = 0; code < 256; code++) {
        byte again = G711.encodeALaw(G711.decodeALaw((byte) code));
        assertThat(again & 0xFF).as("code 0x%02X", code).isEqualTo(code);
      }
    }

    @Test
    void everySampleDecodesWithinOneQuantisationStep() {
      assertWithinOneStep(x -> G711.decodeALaw(G711.encodeALaw(x)), false);
    }

    @Test
    void samplesMirroredAboutMinusOneHalfEncodeAlike() {
      // A-law has no zero, so x and -1 - x are the symmetric pair.
      for (int x = 0; x <= 32767; x++) {
        assertThat(G711.encodeALaw(-1 - x))
            .as("sample %d", x)
            .isEqualTo((byte) (G711.encodeALaw(x) ^ 0x80));
      }
    }

    @Test
    void aSineSurvivesARoundTripAbove35Decibels() {
      assertThat(sineRoundTripSnrDb(false)).isGreaterThan(35);
    }
  }

  @Nested
  class Arrays_ {
    @Test
    void arrayCodecsMatchTheSampleCodecs() {
      short[] pcm = new short[65536];
      for (int i = 0; i < pcm.length; i++) {
        pcm[i] = (short) (i - 32768);
      }
      byte[] mu = new byte[pcm.length + 3];
      byte[] a = new byte[pcm.length + 3];
      G711.encodeMuLaw(pcm, 0, pcm.length, mu, 3);
      G711.encodeALaw(pcm, 0, pcm.length, a, 3);
      short[] muBack = new short[pcm.length];
      short[] aBack = new short[pcm.length];
      G711.decodeMuLaw(mu, 3, pcm.length, muBack, 0);
      G711.decodeALaw(a, 3, pcm.length, aBack, 0);

      for (int i = 0; i < pcm.length; i++) {
        assertThat(mu[i + 3]).isEqualTo(G711.encodeMuLaw(pcm[i]));
        assertThat(a[i + 3]).isEqualTo(G711.encodeALaw(pcm[i]));
        assertThat(muBack[i]).isEqualTo(G711.decodeMuLaw(mu[i + 3]));
        assertThat(aBack[i]).isEqualTo(G711.decodeALaw(a[i + 3]));
      }
    }

    @Test
    void outOfBoundsRangesFailBeforeWritingAnything() {
      short[] dst = new short[4];
      assertThatThrownBy(() -> G711.decodeMuLaw(new byte[8], 0, 8, dst, 0))
          .isInstanceOf(IndexOutOfBoundsException.class);
      assertThat(dst).containsOnly((short) 0);
      byte[] codes = new byte[4];
      assertThatThrownBy(() -> G711.encodeALaw(new short[8], 6, 4, codes, 0))
          .isInstanceOf(IndexOutOfBoundsException.class);
      assertThat(codes).containsOnly((byte) 0);
    }

    @Test
    void samplesBeyondPcm16AreClampedBeforeEncoding() {
      assertThat(G711.encodeMuLaw(1 << 20)).isEqualTo(G711.encodeMuLaw(32767));
      assertThat(G711.encodeMuLaw(Integer.MIN_VALUE)).isEqualTo(G711.encodeMuLaw(-32768));
      assertThat(G711.encodeALaw(Integer.MAX_VALUE)).isEqualTo(G711.encodeALaw(32767));
      assertThat(G711.encodeALaw(-40_000)).isEqualTo(G711.encodeALaw(-32768));
    }

    @Test
    void arrayCodecsAllocateNothing() {
      short[] pcm = Signals.sine(8000, 440, 0.5, 160);
      byte[] codes = new byte[160];
      for (int i = 0; i < 20_000; i++) {
        roundTrip(pcm, codes);
      }
      long before = Signals.allocatedBytes();
      for (int i = 0; i < 1000; i++) {
        roundTrip(pcm, codes);
      }
      assertThat(Signals.allocatedBytes() - before).isZero();
    }

    private void roundTrip(short[] pcm, byte[] codes) {
      G711.encodeMuLaw(pcm, 0, pcm.length, codes, 0);
      G711.decodeMuLaw(codes, 0, codes.length, pcm, 0);
      G711.encodeALaw(pcm, 0, pcm.length, codes, 0);
      G711.decodeALaw(codes, 0, codes.length, pcm, 0);
    }
  }

  private static int[] decodeAll(int firstCode, int count, boolean muLaw) {
    int[] values = new int[count];
    for (int i = 0; i < count; i++) {
      byte code = (byte) (firstCode + i);
      values[i] = muLaw ? G711.decodeMuLaw(code) : G711.decodeALaw(code);
    }
    return values;
  }

  /**
   * Checks that every PCM16 input decodes to one of the two levels either side of it (or the
   * extreme level beyond the range), that the result never decreases as the input grows, and that
   * the error stays within half a step near zero and half the top step overall.
   */
  private static void assertWithinOneStep(IntUnaryOperator roundTrip, boolean muLaw) {
    int[] levels = Arrays.stream(decodeAll(0, 256, muLaw)).sorted().distinct().toArray();
    int lowest = levels[0];
    int highest = levels[levels.length - 1];
    int topStep = highest - levels[levels.length - 2];
    int previous = Integer.MIN_VALUE;
    for (int x = -32768; x <= 32767; x++) {
      int decoded = roundTrip.applyAsInt(x);
      if (x <= lowest) {
        assertThat(decoded).as("sample %d", x).isEqualTo(lowest);
      } else if (x >= highest) {
        assertThat(decoded).as("sample %d", x).isEqualTo(highest);
      } else {
        int i = Arrays.binarySearch(levels, x);
        int below = i >= 0 ? x : levels[-i - 2];
        int above = i >= 0 ? x : levels[-i - 1];
        assertThat(decoded).as("sample %d", x).isIn(below, above);
        assertThat(Math.abs(decoded - x)).as("sample %d", x).isLessThanOrEqualTo(topStep / 2);
        if (Math.abs(x) < 100) {
          // The smallest step is 8 for μ-law and 16 for A-law.
          assertThat(Math.abs(decoded - x)).as("sample %d", x).isLessThanOrEqualTo(muLaw ? 4 : 8);
        }
      }
      assertThat(decoded).as("sample %d", x).isGreaterThanOrEqualTo(previous);
      previous = decoded;
    }
  }

  private static double sineRoundTripSnrDb(boolean muLaw) {
    // 1020 Hz, the telephony test tone: not a divisor of 8 kHz, so the samples visit every phase.
    short[] pcm = Signals.sine(8000, 1020, 0.5, 8000);
    byte[] codes = new byte[pcm.length];
    short[] back = new short[pcm.length];
    if (muLaw) {
      G711.encodeMuLaw(pcm, 0, pcm.length, codes, 0);
      G711.decodeMuLaw(codes, 0, codes.length, back, 0);
    } else {
      G711.encodeALaw(pcm, 0, pcm.length, codes, 0);
      G711.decodeALaw(codes, 0, codes.length, back, 0);
    }
    return Signals.snrDb(pcm, back);
  }
}
