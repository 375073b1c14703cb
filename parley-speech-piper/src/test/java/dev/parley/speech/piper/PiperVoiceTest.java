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
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.assertj.core.api.AbstractThrowableAssert;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PiperVoiceTest {
  @Nested
  class WhereTheVoiceIsLooked {
    @Test
    void theVariableWinsWhenSet(@TempDir Path models) {
      assertThat(PiperVoice.locate("/srv/v.onnx", models.toString(), "/home/ada"))
          .isEqualTo(Path.of("/srv/v.onnx"));
    }

    @Test
    void otherwiseTheFirstOnnxWithAConfigBesideIt(@TempDir Path models) throws IOException {
      Files.writeString(models.resolve("silero_vad.onnx"), "x");
      Files.writeString(models.resolve("smart-turn-v3.onnx"), "x");
      TinyPiperModel.write(models, "en_US-tiny-medium");

      assertThat(PiperVoice.locate(null, models.toString(), "/home/ada"))
          .isEqualTo(models.resolve("en_US-tiny-medium.onnx"));
    }

    @Test
    void withoutAnyTheErrorNamesTheExpectedFilesAndWhereToGetThem(@TempDir Path home) {
      Path models = home.resolve(".parley/models");

      assertUnavailable(() -> PiperVoice.locate(null, null, home.toString()))
          .hasMessageContaining("PARLEY_PIPER_VOICE")
          .hasMessageContaining(models.resolve("en_US-lessac-medium.onnx").toString())
          .hasMessageContaining("en_US-lessac-medium.onnx.json")
          .hasMessageContaining("https://huggingface.co/rhasspy/piper-voices");
    }
  }

  @Test
  void theConfigIsRead(@TempDir Path dir) throws IOException {
    PiperVoice voice = PiperVoice.at(TinyPiperModel.write(dir, "en_US-tiny-medium"));

    assertThat(voice.name()).isEqualTo("en_US-tiny-medium");
    assertThat(voice.sampleRate()).isEqualTo(22_050);
    assertThat(voice.espeakVoice()).isEqualTo("en-us");
    assertThat(voice.scales()).containsExactly(0.667f, 1f, 0.8f);
    assertThat(voice.speakers()).isEqualTo(1);
  }

  @Nested
  class ABadVoiceIsReportedWithItsFix {
    @Test
    void noModel(@TempDir Path dir) {
      Path model = dir.resolve("en_US-lessac-medium.onnx");

      assertUnavailable(() -> PiperVoice.at(model))
          .hasMessageContaining("Piper voice not found at " + model)
          .hasMessageContaining("en_US-lessac-medium.onnx.json")
          .hasMessageContaining("https://huggingface.co/rhasspy/piper-voices");
    }

    @Test
    void noConfigBesideTheModel(@TempDir Path dir) throws IOException {
      Path model = Files.writeString(dir.resolve("voice.onnx"), "x");

      assertUnavailable(() -> PiperVoice.at(model))
          .hasMessageContaining(
              "has no config beside it: expected " + dir.resolve("voice.onnx.json"));
    }

    @Test
    void aConfigThatIsNotJson(@TempDir Path dir) throws IOException {
      Path model = Files.writeString(dir.resolve("voice.onnx"), "x");
      Files.writeString(dir.resolve("voice.onnx.json"), "{not json");

      assertUnavailable(() -> PiperVoice.at(model)).hasMessageContaining("it is not JSON");
    }

    @Test
    void aConfigWithoutPhonemeMap(@TempDir Path dir) throws IOException {
      assertUnavailable(
              () ->
                  voiceWith(
                      dir, "{\"audio\":{\"sample_rate\":22050},\"espeak\":{\"voice\":\"en-us\"}}"))
          .hasMessageContaining("phoneme_id_map is missing");
    }

    @Test
    void anEspeakVoiceThatLooksLikeAnOption(@TempDir Path dir) throws IOException {
      assertUnavailable(
              () -> voiceWith(dir, TinyPiperModel.CONFIG.replace("\"en-us\"", "\"--help\"")))
          .hasMessageContaining("espeak.voice");
    }

    @Test
    void aVoiceNotPhonemisedByEspeak(@TempDir Path dir) throws IOException {
      assertUnavailable(
              () ->
                  voiceWith(
                      dir,
                      TinyPiperModel.CONFIG.replace(
                          "\"phoneme_type\": \"espeak\"", "\"phoneme_type\": \"text\"")))
          .hasMessageContaining("phoneme_type is \"text\"");
    }

    private static PiperVoice voiceWith(Path dir, String config) throws IOException {
      Path model = Files.writeString(dir.resolve("voice.onnx"), "x");
      Files.writeString(dir.resolve("voice.onnx.json"), config);
      return PiperVoice.at(model);
    }
  }

  static AbstractThrowableAssert<?, ? extends Throwable> assertUnavailable(ThrowingCallable call) {
    return assertThatThrownBy(call)
        .isInstanceOfSatisfying(
            ProviderException.class,
            e -> assertThat(e.kind()).isEqualTo(ProviderException.Kind.UNAVAILABLE));
  }
}
