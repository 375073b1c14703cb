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
package dev.parley.speech.vosk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.spi.SpeechRecognizer.Word;
import java.util.List;
import org.junit.jupiter.api.Test;

class VoskJsonTest {
  @Test
  void aPartialIsItsText() {
    assertThat(VoskJson.partial("{\n  \"partial\" : \"go forward\"\n}")).isEqualTo("go forward");
    assertThat(VoskJson.partial("{\"partial\" : \"\"}")).isEmpty();
  }

  @Test
  void aResultsWordsAreTimedInMillisecondsWithoutUnknowns() {
    String json =
        """
        {
          "result" : [{"conf" : 1.0, "end" : 1.02, "start" : 0.51, "word" : "go"},
                      {"conf" : 0.4, "end" : 1.5, "start" : 1.2, "word" : "[unk]"},
                      {"conf" : 0.9, "end" : 2.01, "start" : 1.5, "word" : "forward"}],
          "text" : "go [unk] forward"
        }
        """;

    assertThat(VoskJson.words(json))
        .containsExactly(new Word("go", 510, 1020), new Word("forward", 1500, 2010));
  }

  @Test
  void anEmptyResultHasNoWords() {
    assertThat(VoskJson.words("{\"text\" : \"\"}")).isEmpty();
  }

  @Test
  void hintsBecomeAGrammarOfLowerCasePhrasesAndUnknown() {
    assertThat(VoskJson.grammar(List.of("Window seat!", "Boston", "boston", "O'Hare, \"now\"")))
        .isEqualTo("[\"window seat\",\"boston\",\"o'hare now\",\"[unk]\"]");
  }

  @Test
  void noHintsNoGrammar() {
    assertThat(VoskJson.grammar(List.of())).isNull();
    assertThat(VoskJson.grammar(List.of(" ", "?!"))).isNull();
  }
}
