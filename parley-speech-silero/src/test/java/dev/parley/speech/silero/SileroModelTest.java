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
package dev.parley.speech.silero;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.core.spi.ProviderException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SileroModelTest {
  @Nested
  class WhereTheModelIsLooked {
    @Test
    void parleyModelsWinsWhenSet() {
      assertThat(SileroModel.modelsDirectory("/srv/parley-models", "/home/ada"))
          .isEqualTo(Path.of("/srv/parley-models"));
    }

    @Test
    void homeParleyModelsOtherwise() {
      assertThat(SileroModel.modelsDirectory(null, "/home/ada"))
          .isEqualTo(Path.of("/home/ada/.parley/models"));
      assertThat(SileroModel.modelsDirectory("  ", "/home/ada"))
          .isEqualTo(Path.of("/home/ada/.parley/models"));
    }
  }

  @Nested
  class ABadModelFileIsReportedWithItsFix {
    @Test
    void aMissingFileNamesThePathAndTheInstallCommand(@TempDir Path models) {
      Path file = models.resolve(SileroModel.FILE_NAME);

      assertThatThrownBy(() -> SileroModel.at(file))
          .isInstanceOfSatisfying(
              ProviderException.class,
              e -> assertThat(e.kind()).isEqualTo(ProviderException.Kind.UNAVAILABLE))
          .hasMessageContaining("not found at " + file)
          .hasMessageContaining("bash parley-speech-silero/setup.sh")
          .hasMessageContaining("./parley models install");
    }

    @Test
    void aTruncatedFileIsCorrupt(@TempDir Path models) throws IOException {
      Path file = Files.write(models.resolve(SileroModel.FILE_NAME), new byte[1234]);

      assertThatThrownBy(() -> SileroModel.at(file))
          .isInstanceOfSatisfying(
              ProviderException.class,
              e -> assertThat(e.kind()).isEqualTo(ProviderException.Kind.UNAVAILABLE))
          .hasMessageContaining(file + " is corrupt")
          .hasMessageContaining("found 1234 bytes, expected " + SileroModel.SIZE_BYTES + " bytes")
          .hasMessageContaining("bash parley-speech-silero/setup.sh");
    }

    @Test
    void aFileOfTheRightSizeButOtherBytesIsCorrupt(@TempDir Path models) throws IOException {
      Path file =
          Files.write(
              models.resolve(SileroModel.FILE_NAME), new byte[(int) SileroModel.SIZE_BYTES]);

      assertThatThrownBy(() -> SileroModel.at(file))
          .isInstanceOfSatisfying(
              ProviderException.class,
              e -> assertThat(e.kind()).isEqualTo(ProviderException.Kind.UNAVAILABLE))
          .hasMessageContaining(file + " is corrupt")
          .hasMessageContaining("expected sha256 " + SileroModel.SHA256)
          .hasMessageContaining("bash parley-speech-silero/setup.sh");
    }

    @Test
    void aDirectoryInPlaceOfTheFileCannotBeRead(@TempDir Path models) throws IOException {
      Path file = Files.createDirectory(models.resolve(SileroModel.FILE_NAME));

      assertThatThrownBy(() -> SileroModel.at(file))
          .isInstanceOfSatisfying(
              ProviderException.class,
              e -> assertThat(e.kind()).isEqualTo(ProviderException.Kind.UNAVAILABLE))
          .hasMessageContaining(file.toString())
          .hasMessageContaining("bash parley-speech-silero/setup.sh");
    }
  }

  @Test
  void theInstalledModelIsThePinnedRelease() {
    SileroModel model = Prerequisites.model();

    assertThat(model.file()).endsWith(Path.of(SileroModel.FILE_NAME));
    assertThat(model.bytes()).hasSize((int) SileroModel.SIZE_BYTES);
  }
}
