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
package dev.parley.speech.smartturn;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class OnnxGraphTest {
  @Test
  void aSigmoidAtTheEndMakesAProbability() {
    byte[] model = TinyOnnxModel.build("logits", TinyOnnxModel.Ending.SIGMOID);

    assertThat(OnnxGraph.classify(model, "logits")).isEqualTo(OnnxGraph.Kind.PROBABILITY);
  }

  @Test
  void reshapesAfterTheSigmoidAreLookedThrough() {
    byte[] model = TinyOnnxModel.build("logits", TinyOnnxModel.Ending.SIGMOID_THEN_RESHAPE);

    assertThat(OnnxGraph.classify(model, "logits")).isEqualTo(OnnxGraph.Kind.PROBABILITY);
  }

  @Test
  void anyOtherComputationAtTheEndMakesALogit() {
    byte[] model = TinyOnnxModel.build("logits", TinyOnnxModel.Ending.LOGIT);

    assertThat(OnnxGraph.classify(model, "logits")).isEqualTo(OnnxGraph.Kind.LOGIT);
  }

  @Test
  void anOutputNoNodeProducesIsUnknown() {
    byte[] model = TinyOnnxModel.build("logits", TinyOnnxModel.Ending.SIGMOID);

    assertThat(OnnxGraph.classify(model, "probability_of_rain")).isEqualTo(OnnxGraph.Kind.UNKNOWN);
  }

  @Test
  void bytesThatAreNotProtobufAreUnknown() {
    byte[] garbage = "\u00ff\u00ff\u00ff\u00ff\u00ff".getBytes(StandardCharsets.ISO_8859_1);

    assertThat(OnnxGraph.classify(garbage, "logits")).isEqualTo(OnnxGraph.Kind.UNKNOWN);
    assertThat(OnnxGraph.classify(new byte[0], "logits")).isEqualTo(OnnxGraph.Kind.UNKNOWN);
  }

  @Test
  void aTruncatedModelIsUnknown() {
    byte[] model = TinyOnnxModel.build("logits", TinyOnnxModel.Ending.SIGMOID);
    byte[] truncated = Arrays.copyOf(model, model.length / 2);

    assertThat(OnnxGraph.classify(truncated, "logits")).isEqualTo(OnnxGraph.Kind.UNKNOWN);
  }
}
