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
package dev.parley.speech.piper;

import java.text.Normalizer;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Maps a phoneme string to a Piper voice's input ids, as Piper's {@code phonemes_to_ids} does: the
 * string is decomposed (Unicode NFD, so "ç" is "c" then a combining cedilla) and each code point is
 * one phoneme, looked up in the voice's {@code phoneme_id_map}; the sentence starts with {@value
 * #BOS} and a pad, every phoneme is followed by the pad {@value #PAD}, and the sentence ends with
 * {@value #EOS}:
 *
 * <pre>
 *   "hə" ─▶ ^ _ h _ ə _ $ ─▶ [1, 0, 20, 0, 59, 0, 2]   (ids from the voice's map)
 * </pre>
 *
 * <p>Phonemes missing from the map are skipped, as Piper skips them, and reported by {@link
 * Result#missing()}. Immutable and thread-safe.
 */
final class PhonemeIds {
  static final String PAD = "_";
  static final String BOS = "^";
  static final String EOS = "$";

  private final Map<String, long[]> map;
  private final long[] pad;
  private final long[] bos;
  private final long[] eos;

  /**
   * @param map the voice's {@code phoneme_id_map}; must hold {@value #PAD}, {@value #BOS} and
   *     {@value #EOS}
   */
  PhonemeIds(Map<String, long[]> map) {
    this.map = Map.copyOf(map);
    this.pad = required(map, PAD);
    this.bos = required(map, BOS);
    this.eos = required(map, EOS);
  }

  private static long[] required(Map<String, long[]> map, String symbol) {
    long[] ids = map.get(symbol);
    if (ids == null) {
      throw new IllegalArgumentException("phoneme_id_map has no \"" + symbol + "\"");
    }
    return ids;
  }

  /** The ids of one sentence, and the phonemes the map did not know. */
  record Result(long[] ids, int phonemes, Set<String> missing) {}

  /** The ids of one sentence's phonemes, with the start, end and pad symbols. */
  Result ids(String phonemes) {
    String decomposed = Normalizer.normalize(phonemes, Normalizer.Form.NFD);
    long[] ids = new long[16];
    int count = 0;
    int found = 0;
    Set<String> missing = new LinkedHashSet<>();
    ids = grow(ids, bos.length + pad.length);
    count = append(ids, count, bos);
    count = append(ids, count, pad);
    for (int i = 0; i < decomposed.length(); ) {
      int codePoint = decomposed.codePointAt(i);
      i += Character.charCount(codePoint);
      String phoneme = new String(Character.toChars(codePoint));
      long[] mapped = map.get(phoneme);
      if (mapped == null) {
        missing.add(phoneme);
        continue;
      }
      ids = grow(ids, count + mapped.length + pad.length);
      count = append(ids, count, mapped);
      count = append(ids, count, pad);
      found++;
    }
    ids = grow(ids, count + eos.length);
    count = append(ids, count, eos);
    return new Result(Arrays.copyOf(ids, count), found, missing);
  }

  private static long[] grow(long[] ids, int needed) {
    return needed <= ids.length ? ids : Arrays.copyOf(ids, Math.max(needed, 2 * ids.length));
  }

  private static int append(long[] ids, int count, long[] values) {
    System.arraycopy(values, 0, ids, count, values.length);
    return count + values.length;
  }
}
