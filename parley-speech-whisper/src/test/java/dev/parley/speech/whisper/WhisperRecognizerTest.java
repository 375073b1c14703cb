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
package dev.parley.speech.whisper;

import static dev.parley.speech.whisper.WhisperModelFileTest.assertUnavailable;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.core.spi.ProviderException;
import dev.parley.core.spi.SpeechRecognizer;
import dev.parley.core.spi.SpeechRecognizer.Options;
import dev.parley.core.spi.SpeechRecognizer.Word;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real whisper.cpp through whisper-jni, on the stand-in model of {@link TinyWhisperModel}: the
 * native library loads on this JDK, bad models fail with a message and leave the JVM running, and a
 * stream runs {@code whisper_full} and reports timed words. No real model is available here, so
 * nothing checks what Whisper hears.
 */
class WhisperRecognizerTest {
  @TempDir static Path models;
  private static WhisperRecognizer engine;

  @BeforeAll
  static void loadTheStandIn() throws IOException {
    engine = new WhisperRecognizer(TinyWhisperModel.write(models.resolve("ggml-tiny.en.bin")));
  }

  @AfterAll
  static void close() {
    engine.close();
  }

  @Test
  void theNativeLibraryLoadsOnThisJdk() {
    String flags = WhisperNative.load().systemInfo();
    assertThat(flags).contains("AVX = ", "NEON = ");
    if (System.getProperty("os.arch").equals("amd64")) {
      // whisper-jni picked its AVX2/FMA/F16C build of ggml for this CPU.
      assertThat(flags).contains("AVX2 = 1");
    }
    assertThat(engine.name()).isEqualTo("whisper-tiny.en");
  }

  @Nested
  class WithoutAUsableModel {
    @Test
    void aMissingModelNamesThePathAndWhereToGetOne(@TempDir Path dir) {
      Path file = dir.resolve("ggml-base.en.bin");

      assertUnavailable(() -> new WhisperRecognizer(file))
          .hasMessageContaining(file.toString())
          .hasMessageContaining("https://huggingface.co/ggerganov/whisper.cpp")
          .hasMessageContaining("ggml-base.en.bin");
    }

    @Test
    void aCorruptModelFailsAndTheJvmCarriesOn(@TempDir Path dir) throws Exception {
      byte[] noise = new byte[1 << 20];
      new Random(11).nextBytes(noise);
      Path file = Files.write(dir.resolve("ggml-base.en.bin"), noise);

      assertUnavailable(() -> new WhisperRecognizer(file))
          .hasMessageContaining("not a usable whisper.cpp ggml model");
      // Still here, and the native library still works.
      assertThat(transcribe(engine, WhisperStreamTest.loud(1500))).hasSize(1);
    }

    @Test
    void aModelWhisperCppRefusesCarriesItsReason(@TempDir Path dir) throws IOException {
      // Sound in structure, so it reaches whisper.cpp, which wants every tensor of the model.
      Path file = Files.write(dir.resolve("ggml-part.bin"), TinyWhisperModel.withTensors(5));

      assertUnavailable(() -> new WhisperRecognizer(file))
          .hasMessageContaining("whisper.cpp refused the model " + file)
          .hasMessageContaining("not all tensors loaded");
    }
  }

  @Test
  void aStreamTranscribesOnFlushWithWordsInsideItsAudio() throws InterruptedException {
    short[] call = new short[16_000 * 3];
    System.arraycopy(WhisperStreamTest.loud(1500), 0, call, 16_000, 24_000);

    List<List<Word>> finals = transcribe(engine, call);

    assertThat(finals).hasSize(1);
    for (Word word : finals.get(0)) {
      assertThat(word.startMillis()).isBetween(700L, word.endMillis());
      assertThat(word.endMillis()).isLessThanOrEqualTo(3000L);
    }
  }

  @Test
  void anEnglishOnlyModelRejectsOtherLanguages() {
    assertThatThrownBy(() -> engine.open(new Options(List.of(), "de-DE"), new Recorder()))
        .isInstanceOfSatisfying(
            ProviderException.class,
            e -> assertThat(e.kind()).isEqualTo(ProviderException.Kind.REJECTED))
        .hasMessageContaining("English-only");
  }

  @Test
  void languagesAndHintsAreTranslatedForWhisper() {
    assertThat(WhisperRecognizer.whisperLanguage("en-US")).isEqualTo("en");
    assertThat(WhisperRecognizer.whisperLanguage("nb-NO")).isEqualTo("no");
    assertThatThrownBy(() -> WhisperRecognizer.whisperLanguage("tlh"))
        .isInstanceOf(ProviderException.class)
        .hasMessageContaining("tlh");
    assertThat(WhisperRecognizer.prompt(List.of("Boston", " window seat ", "")))
        .isEqualTo("Glossary: Boston, window seat.");
    assertThat(WhisperRecognizer.prompt(List.of())).isNull();
  }

  @Test
  void closingTheEngineWaitsForItsOpenStreams(@TempDir Path dir) throws Exception {
    WhisperRecognizer own = new WhisperRecognizer(TinyWhisperModel.write(dir.resolve("m.bin")));
    Recorder recorder = new Recorder();
    SpeechRecognizer.Stream stream = own.open(new Options(List.of("Boston"), "en-US"), recorder);
    own.close();

    short[] audio = WhisperStreamTest.loud(1200);
    stream.push(audio, 0, audio.length);
    stream.flush();
    stream.close();

    assertThat(recorder.finals).hasSize(1);
    assertThatThrownBy(() -> own.open(Options.defaults(), recorder))
        .isInstanceOf(IllegalStateException.class);
  }

  private static List<List<Word>> transcribe(WhisperRecognizer engine, short[] audio)
      throws InterruptedException {
    Recorder recorder = new Recorder();
    try (SpeechRecognizer.Stream stream = engine.open(Options.defaults(), recorder)) {
      for (int i = 0; i < audio.length; i += 320) {
        stream.push(audio, i, Math.min(320, audio.length - i));
      }
      stream.flush();
    }
    assertThat(recorder.partials).isEmpty();
    return recorder.finals;
  }
}
