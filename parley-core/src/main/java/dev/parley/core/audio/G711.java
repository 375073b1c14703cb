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

import java.util.Objects;

/**
 * ITU-T G.711 μ-law and A-law companding between 8-bit codes and 16-bit linear PCM.
 *
 * <p>Stateless and thread-safe. Decoding reads 256-entry tables built once when the class loads.
 * Encoding computes the code with the Sun Microsystems reference algorithm that telephony stacks
 * share, so codes match other implementations bit for bit:
 *
 * <ul>
 *   <li>μ-law works on the full 16-bit magnitude with the 0x84 bias (Sun's original {@code
 *       linear2ulaw}), which rounds positive and negative inputs symmetrically.
 *   <li>A-law first drops to G.711's 13-bit range by an arithmetic shift (Sun's revised {@code
 *       linear2alaw}); the original 16-bit A-law routine encodes inputs −1 to −7 as −248.
 * </ul>
 *
 * <p>Both laws clip at their largest magnitude: μ-law at ±32124, A-law at ±32256. μ-law has two
 * codes for zero (0xFF and 0x7F); A-law has none and decodes its smallest codes to ±8. The array
 * methods check their bounds before touching either array and allocate nothing.
 */
public final class G711 {
  private static final int MULAW_BIAS = 0x84;
  private static final int SIGN_BIT = 0x80;
  private static final int QUANT_MASK = 0x0F;
  private static final int SEG_SHIFT = 4;
  private static final int SEG_MASK = 0x70;

  private static final short[] MULAW_TO_PCM = new short[256];
  private static final short[] ALAW_TO_PCM = new short[256];

  static {
    for (int code = 0; code < 256; code++) {
      MULAW_TO_PCM[code] = (short) muLawToLinear(code);
      ALAW_TO_PCM[code] = (short) aLawToLinear(code);
    }
  }

  private G711() {}

  /** Decodes one μ-law code to a PCM16 sample. */
  public static short decodeMuLaw(byte code) {
    return MULAW_TO_PCM[code & 0xFF];
  }

  /** Decodes one A-law code to a PCM16 sample. */
  public static short decodeALaw(byte code) {
    return ALAW_TO_PCM[code & 0xFF];
  }

  /** Encodes one linear sample to μ-law; values outside the PCM16 range are clamped first. */
  public static byte encodeMuLaw(int sample) {
    int pcm = Math.clamp(sample, Short.MIN_VALUE, Short.MAX_VALUE);
    int mask;
    int biased;
    if (pcm < 0) {
      biased = MULAW_BIAS - pcm;
      mask = 0x7F;
    } else {
      biased = pcm + MULAW_BIAS;
      mask = 0xFF;
    }
    // Segment i holds biased magnitudes up to 2^(i+8) - 1; biased is at least 0x84, so seg >= 0.
    int seg = 24 - Integer.numberOfLeadingZeros(biased);
    if (seg >= 8) {
      return (byte) (0x7F ^ mask);
    }
    int code = (seg << SEG_SHIFT) | ((biased >> (seg + 3)) & QUANT_MASK);
    return (byte) (code ^ mask);
  }

  /** Encodes one linear sample to A-law; values outside the PCM16 range are clamped first. */
  public static byte encodeALaw(int sample) {
    int pcm = Math.clamp(sample, Short.MIN_VALUE, Short.MAX_VALUE) >> 3;
    int mask;
    if (pcm >= 0) {
      mask = 0xD5;
    } else {
      mask = 0x55;
      // One's complement keeps x and -1 - x symmetric, as A-law has no code for zero.
      pcm = -pcm - 1;
    }
    // Segment i holds 13-bit magnitudes up to 2^(i+5) - 1; the clamp keeps pcm below 4096.
    int seg = Math.max(0, 27 - Integer.numberOfLeadingZeros(pcm));
    int quant = seg < 2 ? (pcm >> 1) & QUANT_MASK : (pcm >> seg) & QUANT_MASK;
    return (byte) (((seg << SEG_SHIFT) | quant) ^ mask);
  }

  /**
   * Decodes {@code len} μ-law codes from {@code src[srcOff..]} into {@code dst[dstOff..]}.
   *
   * @throws IndexOutOfBoundsException if either range falls outside its array
   */
  public static void decodeMuLaw(byte[] src, int srcOff, int len, short[] dst, int dstOff) {
    Objects.checkFromIndexSize(srcOff, len, src.length);
    Objects.checkFromIndexSize(dstOff, len, dst.length);
    for (int i = 0; i < len; i++) {
      dst[dstOff + i] = MULAW_TO_PCM[src[srcOff + i] & 0xFF];
    }
  }

  /**
   * Decodes {@code len} A-law codes from {@code src[srcOff..]} into {@code dst[dstOff..]}.
   *
   * @throws IndexOutOfBoundsException if either range falls outside its array
   */
  public static void decodeALaw(byte[] src, int srcOff, int len, short[] dst, int dstOff) {
    Objects.checkFromIndexSize(srcOff, len, src.length);
    Objects.checkFromIndexSize(dstOff, len, dst.length);
    for (int i = 0; i < len; i++) {
      dst[dstOff + i] = ALAW_TO_PCM[src[srcOff + i] & 0xFF];
    }
  }

  /**
   * Encodes {@code len} PCM16 samples from {@code src[srcOff..]} to μ-law in {@code dst[dstOff..]}.
   *
   * @throws IndexOutOfBoundsException if either range falls outside its array
   */
  public static void encodeMuLaw(short[] src, int srcOff, int len, byte[] dst, int dstOff) {
    Objects.checkFromIndexSize(srcOff, len, src.length);
    Objects.checkFromIndexSize(dstOff, len, dst.length);
    for (int i = 0; i < len; i++) {
      dst[dstOff + i] = encodeMuLaw(src[srcOff + i]);
    }
  }

  /**
   * Encodes {@code len} PCM16 samples from {@code src[srcOff..]} to A-law in {@code dst[dstOff..]}.
   *
   * @throws IndexOutOfBoundsException if either range falls outside its array
   */
  public static void encodeALaw(short[] src, int srcOff, int len, byte[] dst, int dstOff) {
    Objects.checkFromIndexSize(srcOff, len, src.length);
    Objects.checkFromIndexSize(dstOff, len, dst.length);
    for (int i = 0; i < len; i++) {
      dst[dstOff + i] = encodeALaw(src[srcOff + i]);
    }
  }

  // Sun's ulaw2linear: codes are stored inverted; magnitude = ((2m + 33) << e) - 33 in 14-bit
  // units, scaled by 4 to 16 bits.
  private static int muLawToLinear(int code) {
    int u = ~code & 0xFF;
    int t = ((u & QUANT_MASK) << 3) + MULAW_BIAS;
    t <<= (u & SEG_MASK) >> SEG_SHIFT;
    return (u & SIGN_BIT) != 0 ? MULAW_BIAS - t : t - MULAW_BIAS;
  }

  // Sun's alaw2linear: even bits are inverted on the wire (the 0x55 mask); the sign bit set means
  // positive.
  private static int aLawToLinear(int code) {
    int a = code ^ 0x55;
    int t = (a & QUANT_MASK) << 4;
    int seg = (a & SEG_MASK) >> SEG_SHIFT;
    switch (seg) {
      case 0 -> t += 8;
      case 1 -> t += 0x108;
      default -> t = (t + 0x108) << (seg - 1);
    }
    return (a & SIGN_BIT) != 0 ? t : -t;
  }
}
