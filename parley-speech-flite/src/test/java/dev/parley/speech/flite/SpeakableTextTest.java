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
package dev.parley.speech.flite;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SpeakableTextTest {
  @Test
  void plainAsciiIsKept() {
    assertThat(SpeakableText.of("don't!")).isEqualTo("don't!");
    assertThat(SpeakableText.of("$5.99")).isEqualTo("$5.99");
  }

  @Test
  void accentsAreFoldedAndTypographyMadePlain() {
    assertThat(SpeakableText.of("café")).isEqualTo("cafe");
    assertThat(SpeakableText.of("\u201chello\u201d")).isEqualTo("\"hello\"");
    assertThat(SpeakableText.of("it\u2019s")).isEqualTo("it's");
    assertThat(SpeakableText.of("well\u2014maybe")).isEqualTo("well-maybe");
    assertThat(SpeakableText.of("\uFB01ne")).isEqualTo("fine");
  }

  @Test
  void emojiControlCharactersAndOtherScriptsAreDropped() {
    assertThat(SpeakableText.of("\uD83D\uDE00")).isEmpty();
    assertThat(SpeakableText.of("a\u0000b\u0007c")).isEqualTo("abc");
    assertThat(SpeakableText.of("\u65e5\u672c\u8a9e")).isEmpty();
  }

  @Test
  void markdownIsDroppedButNumberSignsBeforeDigitsStay() {
    assertThat(SpeakableText.of("**bold**")).isEqualTo("bold");
    assertThat(SpeakableText.of("##")).isEmpty();
    assertThat(SpeakableText.of("#1")).isEqualTo("#1");
    assertThat(SpeakableText.of("`code`")).isEqualTo("code");
  }

  @Test
  void longTokensAreCapped() {
    assertThat(SpeakableText.of("a".repeat(5000))).hasSize(SpeakableText.MAX_WORD_CHARS);
  }

  @Test
  void punctuationOnlyWordsAreRecognised() {
    assertThat(SpeakableText.isPunctuationOnly("--")).isTrue();
    assertThat(SpeakableText.isPunctuationOnly("\"),")).isTrue();
    assertThat(SpeakableText.isPunctuationOnly("&")).isFalse();
    assertThat(SpeakableText.isPunctuationOnly("a.")).isFalse();
  }
}
