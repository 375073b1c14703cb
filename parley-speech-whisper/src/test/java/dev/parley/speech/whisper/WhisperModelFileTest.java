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

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.core.spi.ProviderException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WhisperModelFileTest {
  @Nested
  class WhereTheModelIsLooked {
    @Test
    void theVariableWinsWhenSet(@TempDir Path models) {
      assertThat(WhisperModelFile.locate("/srv/ggml-small.bin", models.toString(), "/home/ada"))
          .isEqualTo(Path.of("/srv/ggml-small.bin"));
    }

    @Test
    void otherwiseTheFirstGgmlFileOfTheModelsDirectory(@TempDir Path models) throws IOException {
      Files.writeString(models.resolve("ggml-small.bin"), "x");
      Files.writeString(models.resolve("ggml-base.en.bin"), "x");
      Files.writeString(models.resolve("silero_vad.onnx"), "x");

      assertThat(WhisperModelFile.locate(null, models.toString(), "/home/ada"))
          .isEqualTo(models.resolve("ggml-base.en.bin"));
      assertThat(WhisperModelFile.locate(" ", models.toString(), "/home/ada"))
          .isEqualTo(models.resolve("ggml-base.en.bin"));
    }

    @Test
    void withoutAnyTheErrorNamesTheExpectedPathAndWhereToDownload(@TempDir Path home) {
      Path expected = home.resolve(".parley/models/ggml-base.en.bin");

      assertUnavailable(() -> WhisperModelFile.locate(null, null, home.toString()))
          .hasMessageContaining("PARLEY_WHISPER_MODEL")
          .hasMessageContaining(expected.toString())
          .hasMessageContaining("https://huggingface.co/ggerganov/whisper.cpp")
          .hasMessageContaining("ggml-base.en.bin");
    }
  }

  @Nested
  class ABadFileIsReportedBeforeNativeCodeReadsIt {
    @Test
    void aMissingFile(@TempDir Path dir) {
      Path file = dir.resolve("ggml-base.en.bin");

      assertUnavailable(() -> WhisperModelFile.at(file))
          .hasMessageContaining("not found at " + file)
          .hasMessageContaining("https://huggingface.co/ggerganov/whisper.cpp");
    }

    @Test
    void randomBytesAreNotAModel(@TempDir Path dir) throws IOException {
      byte[] noise = new byte[100_000];
      new Random(3).nextBytes(noise);
      Path file = Files.write(dir.resolve("ggml-noise.bin"), noise);

      assertUnavailable(() -> WhisperModelFile.at(file))
          .hasMessageContaining(file + " is not a usable whisper.cpp ggml model")
          .hasMessageContaining("ggml magic number")
          .hasMessageContaining("https://huggingface.co/ggerganov/whisper.cpp");
    }

    @Test
    void theMagicNumberFollowedByGarbageWhichAbortsWhisperCpp(@TempDir Path dir)
        throws IOException {
      // These 13 bytes made whisper.cpp throw std::length_error and abort the JVM.
      byte[] bytes = {0x6c, 0x6d, 0x67, 0x67, 1, 2, 3, 4, 5, 6, 7, 8, 9};
      Path file = Files.write(dir.resolve("ggml-garbage.bin"), bytes);

      assertUnavailable(() -> WhisperModelFile.at(file)).hasMessageContaining("header is damaged");
    }

    @Test
    void aTruncatedDownload(@TempDir Path dir) throws IOException {
      byte[] model = TinyWhisperModel.bytes();
      Path file = Files.write(dir.resolve("ggml-tiny.bin"), Arrays.copyOf(model, model.length / 2));

      assertUnavailable(() -> WhisperModelFile.at(file))
          .hasMessageContaining("ends early")
          .hasMessageContaining("truncated download");
    }

    @Test
    void anUnknownFileTypeWhichTripsAGgmlAssert(@TempDir Path dir) throws IOException {
      Path file = Files.write(dir.resolve("ggml-tiny.bin"), withFileType(4));

      assertUnavailable(() -> WhisperModelFile.at(file)).hasMessageContaining("ftype = 4");
    }

    @Test
    void anAllFloat32ModelWhichThisBuildCannotRun(@TempDir Path dir) throws IOException {
      Path file = Files.write(dir.resolve("ggml-tiny.bin"), withFileType(0));

      assertUnavailable(() -> WhisperModelFile.at(file)).hasMessageContaining("all-float32");
    }

    @Test
    void aFileWithoutWeightsWhichWhisperCppWouldTakeForATestModel(@TempDir Path dir)
        throws IOException {
      Path file = Files.write(dir.resolve("ggml-tiny.bin"), TinyWhisperModel.withTensors(0));

      assertUnavailable(() -> WhisperModelFile.at(file)).hasMessageContaining("holds no weights");
    }

    @Test
    void aDirectory(@TempDir Path dir) throws IOException {
      Path file = Files.createDirectory(dir.resolve("ggml-base.en.bin"));

      assertUnavailable(() -> WhisperModelFile.at(file)).hasMessageContaining("is a directory");
    }

    private static byte[] withFileType(int fileType) {
      byte[] model = TinyWhisperModel.bytes();
      // The eleventh hyper-parameter, after the magic number: bytes 44 to 47.
      ByteBuffer.wrap(model).order(ByteOrder.LITTLE_ENDIAN).putInt(44, fileType);
      return model;
    }
  }

  @Test
  void aCompleteModelIsDescribed(@TempDir Path dir) throws IOException {
    WhisperModelFile model = WhisperModelFile.at(TinyWhisperModel.write(dir.resolve("m.bin")));

    assertThat(model.sizeName()).isEqualTo("tiny");
    assertThat(model.multilingual()).isFalse();
    assertThat(model.tensors()).isEqualTo(167);
  }

  static org.assertj.core.api.AbstractThrowableAssert<?, ? extends Throwable> assertUnavailable(
      ThrowingCallable call) {
    return assertThatThrownBy(call)
        .isInstanceOfSatisfying(
            ProviderException.class,
            e -> assertThat(e.kind()).isEqualTo(ProviderException.Kind.UNAVAILABLE));
  }
}
