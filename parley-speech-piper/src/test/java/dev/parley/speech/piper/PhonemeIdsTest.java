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

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PhonemeIdsTest {
  private final PhonemeIds ids = voice().phonemeIds();

  private static PiperVoice voice() {
    try {
      return PiperVoice.fromConfig(
          Path.of("v.onnx"),
          Path.of("v.onnx.json"),
          new ObjectMapper().readTree(TinyPiperModel.CONFIG));
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void eachPhonemeIsFollowedByThePadBetweenStartAndEnd() {
    PhonemeIds.Result result = ids.ids("həlˈoʊ");

    // ^ _ h _ ə _ l _ ˈ _ o _ ʊ _ $
    assertThat(result.ids()).containsExactly(1, 0, 20, 0, 59, 0, 24, 0, 120, 0, 27, 0, 100, 0, 2);
    assertThat(result.phonemes()).isEqualTo(6);
    assertThat(result.missing()).isEmpty();
  }

  @Test
  void spacesAndPunctuationArePhonemesToo() {
    assertThat(ids.ids("wˈɜːld, hə.").ids())
        .containsExactly(
            1, 0, 35, 0, 120, 0, 62, 0, 122, 0, 24, 0, 17, 0, 8, 0, 3, 0, 20, 0, 59, 0, 10, 0, 2);
  }

  @Test
  void phonemesMissingFromTheMapAreSkippedAndReported() {
    PhonemeIds.Result result = ids.ids("hæl");

    assertThat(result.ids()).containsExactly(1, 0, 20, 0, 24, 0, 2);
    assertThat(result.missing()).containsExactly("æ");
  }

  @Test
  void composedLettersAreDecomposedFirstAsPiperDoes() {
    // "ç" (U+00E7) is "c" + U+0327 in NFD; the map has the cedilla, not "c".
    PhonemeIds.Result result = ids.ids("\u00e7");

    assertThat(result.ids()).containsExactly(1, 0, 141, 0, 2);
    assertThat(result.missing()).containsExactly("c");
  }

  @Test
  void nothingToSayIsJustStartAndEnd() {
    assertThat(ids.ids("").ids()).containsExactly(1, 0, 2);
    assertThat(ids.ids("").phonemes()).isZero();
  }

  @Test
  void aMapWithoutThePadIsRefused() {
    assertThatThrownBy(() -> new PhonemeIds(Map.of("^", new long[] {1}, "$", new long[] {2})))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("\"_\"");
  }
}
