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

import static dev.parley.speech.vosk.VoskModelDirectoryTest.assertUnavailable;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.parley.core.spi.SpeechRecognizer;
import dev.parley.core.spi.SpeechRecognizer.Options;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real Vosk library. No Vosk model can be fetched on the development machine, so these tests
 * cover loading the library and refusing bad models; {@link #aRealModelTranscribesSpeech} runs only
 * when {@code PARLEY_VOSK_MODEL} names a model.
 */
class VoskRecognizerTest {
  @Test
  void theNativeLibraryLoadsOnThisJdk() {
    assertThatCode(VoskNative::load).doesNotThrowAnyException();
  }

  @Test
  void aMissingModelNamesThePathAndWhereToGetOne(@TempDir Path dir) {
    Path model = dir.resolve("vosk-model-small-en-us-0.15");

    assertUnavailable(() -> new VoskRecognizer(model))
        .hasMessageContaining(model.toString())
        .hasMessageContaining("https://alphacephei.com/vosk/models")
        .hasMessageContaining("vosk-model-small-en-us-0.15");
  }

  @Test
  void aCorruptModelFailsWithAClearErrorAndTheJvmCarriesOn(@TempDir Path dir) throws IOException {
    Path noise = VoskTestModels.corrupt(dir.resolve("vosk-model-noise"));
    Path damaged = VoskTestModels.damagedWeights(dir.resolve("vosk-model-damaged"));

    for (Path model : List.of(noise, damaged, noise)) {
      assertUnavailable(() -> new VoskRecognizer(model))
          .hasMessageContaining("The Vosk model at " + model + " is not usable")
          .hasMessageContaining("Vosk could not load it")
          .hasMessageContaining("https://alphacephei.com/vosk/models");
    }
    assertThatCode(VoskNative::load).doesNotThrowAnyException();
  }

  @Test
  @EnabledIfEnvironmentVariable(named = "PARLEY_VOSK_MODEL", matches = ".+")
  void aRealModelTranscribesSpeech() throws Exception {
    Path clip = Path.of("/usr/share/pocketsphinx/test/data/goforward.raw");
    Assumptions.assumeTrue(Files.isRegularFile(clip), "needs Debian's pocketsphinx-testdata");
    ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(clip)).order(ByteOrder.LITTLE_ENDIAN);
    short[] audio = new short[bytes.remaining() / 2];
    bytes.asShortBuffer().get(audio);

    VoskStreamTest.Recorder recorder = new VoskStreamTest.Recorder();
    try (VoskRecognizer vosk = VoskRecognizer.load();
        SpeechRecognizer.Stream stream = vosk.open(Options.defaults(), recorder)) {
      for (int i = 0; i < audio.length; i += 320) {
        stream.push(audio, i, Math.min(320, audio.length - i));
      }
      stream.flush();
    }

    List<SpeechRecognizer.Word> words = recorder.finals.get(0);
    assertThat(words).extracting(SpeechRecognizer.Word::text).contains("forward");
    assertThat(recorder.partials).isNotEmpty();
    long durationMillis = audio.length / 16L;
    for (SpeechRecognizer.Word word : words) {
      assertThat(word.endMillis()).isBetween(word.startMillis(), durationMillis);
    }
  }
}
