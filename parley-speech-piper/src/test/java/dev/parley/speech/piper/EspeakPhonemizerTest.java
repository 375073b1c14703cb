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

import dev.parley.core.spi.ProviderException;
import dev.parley.speech.piper.EspeakPhonemizer.Clause;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class EspeakPhonemizerTest {
  @Nested
  class Clauses {
    @Test
    void aSentenceIsCutAtItsPunctuationButNotInsideNumbers() {
      assertThat(EspeakPhonemizer.clauses("Well, it costs 1,000 or 3.5 dollars: fine?!"))
          .containsExactly(
              new Clause("Well", ","),
              new Clause("it costs 1,000 or 3.5 dollars", ":"),
              new Clause("fine", "?"));
    }

    @Test
    void aClauseWithoutLettersIsDropped() {
      assertThat(EspeakPhonemizer.clauses("-- ... ")).isEmpty();
      assertThat(EspeakPhonemizer.clauses("Hi — ... there"))
          .containsExactly(new Clause("Hi —", "."), new Clause("there", ""));
    }

    @Test
    void linesGetTheirMarksBackAsPiperPutsThem() {
      List<Clause> clauses = List.of(new Clause("Well", ","), new Clause("yes", "."));

      assertThat(EspeakPhonemizer.join(clauses, List.of("wˈɛl", "jˈɛs"))).isEqualTo("wˈɛl, jˈɛs.");
    }

    @Test
    void whenEspeakSplitsAClauseItselfOnlyTheFinalMarkIsKept() {
      List<Clause> clauses = List.of(new Clause("Dr. Smith came", ","), new Clause("yes", "?"));

      assertThat(EspeakPhonemizer.join(clauses, List.of("dˈɑːktɚ", "smˈɪθ kˈeɪm", "jˈɛs")))
          .isEqualTo("dˈɑːktɚ smˈɪθ kˈeɪm jˈɛs?");
    }
  }

  @Nested
  class WithTheRealProgram {
    @Test
    void helloWorldIsIpaWithHAndL() throws InterruptedException {
      Espeak.require();

      String ipa = new EspeakPhonemizer("espeak-ng", "en-us").phonemes("hello world");

      assertThat(ipa).contains("h").contains("l").contains("ˈ").contains(" ");
      assertThat(ipa).doesNotContain("\n");
    }

    @Test
    void punctuationComesBackWhereThePausesAre() throws InterruptedException {
      Espeak.require();

      String ipa = new EspeakPhonemizer("espeak-ng", "en-us").phonemes("Hello, world.");

      assertThat(ipa).matches("\\S+, \\S+\\.");
    }

    @Test
    void textThatLooksLikeAnOptionIsJustText() throws InterruptedException {
      Espeak.require();

      assertThat(new EspeakPhonemizer("espeak-ng", "en-us").phonemes("--help me")).contains("h");
    }

    @Test
    void anUnknownVoiceIsReported() throws InterruptedException {
      Espeak.require();

      assertThatThrownBy(() -> new EspeakPhonemizer("espeak-ng", "xx-nowhere").phonemes("hello"))
          .isInstanceOfSatisfying(
              ProviderException.class,
              e -> assertThat(e.kind()).isEqualTo(ProviderException.Kind.UNAVAILABLE))
          .hasMessageContaining("xx-nowhere");
    }
  }

  @Test
  void aMissingProgramNamesTheInstallCommand() {
    assertThatThrownBy(() -> new EspeakPhonemizer("espeak-ng-not-here", "en-us").phonemes("hello"))
        .isInstanceOfSatisfying(
            ProviderException.class,
            e -> assertThat(e.kind()).isEqualTo(ProviderException.Kind.UNAVAILABLE))
        .hasMessageContaining("apt-get install espeak-ng")
        .hasMessageContaining("parley-speech-piper/setup.sh");
  }
}
