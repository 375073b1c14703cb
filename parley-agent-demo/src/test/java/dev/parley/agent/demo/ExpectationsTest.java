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
package dev.parley.agent.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.spi.SpeechRecognizer.Expectation;
import org.junit.jupiter.api.Test;

/** What the desk tells the recogniser to expect after each of its questions. */
class ExpectationsTest {
  @Test
  void everyAnswerMayCarryACorrection() {
    for (Expectation expectation : Expectations.ALL) {
      assertThat(expectation.phrases())
          .as(expectation.slot())
          .containsAll(TravelGrammar.CORRECTION_PHRASES)
          .containsAll(TravelGrammar.SCRATCH_PHRASES)
          .doesNotHaveDuplicates();
    }
  }
}
