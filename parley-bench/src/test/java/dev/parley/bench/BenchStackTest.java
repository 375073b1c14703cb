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
package dev.parley.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.session.ModelledLatency;
import dev.parley.core.speech.EnergyVad;
import dev.parley.core.speech.PlaceholderVoice;
import dev.parley.core.spi.SpeechRecognizer;
import dev.parley.core.turn.CompletionModel;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BenchStackTest {
  /**
   * The real-speech suites swap in the local recogniser: they must keep the turn judge's language
   * model, or they are judged on word classes alone while metrics.json names the model.
   */
  @Test
  void aLocalRecogniserKeepsTheLanguageModel() {
    CompletionModel model =
        new CompletionModel() {
          @Override
          public double endProbability(List<String> words) {
            return 0.5;
          }

          @Override
          public String name() {
            return "fake-model";
          }
        };
    PlaceholderVoice voice = new PlaceholderVoice();
    BenchStack stack =
        new BenchStack(
            new EnergyVad(),
            voice,
            Optional.empty(),
            null,
            new UserVoice(voice),
            ModelledLatency.none(),
            100,
            model);

    BenchStack local = stack.withRecognizer(SpeechRecognizer.none());

    assertThat(local.completion()).isSameAs(model);
    assertThat(local.recognizer()).isSameAs(SpeechRecognizer.none());
  }
}
