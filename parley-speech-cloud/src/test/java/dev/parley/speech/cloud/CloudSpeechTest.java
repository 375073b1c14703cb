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
package dev.parley.speech.cloud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class CloudSpeechTest {
  @Test
  void namesPickTheProviderAndItsModelOrVoice() {
    Map<String, String> env =
        Map.of("DEEPGRAM_API_KEY", "k", "ELEVENLABS_API_KEY", "k", "OPENAI_API_KEY", "k");
    assertThat(CloudSpeech.recognizer("deepgram", env))
        .hasValueSatisfying(r -> assertThat(r.name()).isEqualTo("deepgram-nova-3"));
    assertThat(CloudSpeech.recognizer("deepgram:flux-general-en", env))
        .hasValueSatisfying(r -> assertThat(r.name()).isEqualTo("deepgram-flux-general-en"));
    assertThat(CloudSpeech.recognizer("sphinx", env)).isEmpty();
    assertThat(CloudSpeech.voice("elevenlabs:abc", env))
        .hasValueSatisfying(v -> assertThat(v.sampleRate()).isEqualTo(16_000));
    assertThat(CloudSpeech.voice("openai", env))
        .hasValueSatisfying(v -> assertThat(v.sampleRate()).isEqualTo(24_000));
  }

  @Test
  void aMissingKeyOrVoiceIsNamed() {
    assertThatThrownBy(() -> CloudSpeech.recognizer("assemblyai", Map.of()))
        .hasMessageContaining("ASSEMBLYAI_API_KEY");
    assertThatThrownBy(() -> CloudSpeech.voice("cartesia", Map.of("CARTESIA_API_KEY", "k")))
        .hasMessageContaining("cartesia:VOICE_ID");
  }

  @Test
  void aBaseUrlVariablePointsTheProviderElsewhere() {
    var recognizer =
        CloudSpeech.recognizer(
            "deepgram", Map.of("DEEPGRAM_API_KEY", "k", "DEEPGRAM_BASE_URL", "ws://127.0.0.1:9"));
    assertThat(recognizer).isPresent();
  }
}
