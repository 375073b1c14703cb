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

class VoskModelDirectoryTest {
  @Nested
  class WhereTheModelIsLooked {
    @Test
    void theVariableWinsWhenSet(@TempDir Path models) {
      assertThat(VoskModelDirectory.locate("/srv/vosk", models.toString(), "/home/ada"))
          .isEqualTo(Path.of("/srv/vosk"));
    }

    @Test
    void otherwiseTheFirstVoskModelDirectoryOfTheModelsDirectory(@TempDir Path models)
        throws IOException {
      Files.createDirectory(models.resolve("vosk-model-small-en-us-0.15"));
      Files.createDirectory(models.resolve("vosk-model-small-de-0.15"));
      Files.writeString(models.resolve("vosk-model-a.zip"), "x");

      assertThat(VoskModelDirectory.locate(null, models.toString(), "/home/ada"))
          .isEqualTo(models.resolve("vosk-model-small-de-0.15"));
    }

    @Test
    void withoutAnyTheErrorNamesTheExpectedPathAndWhereToDownload(@TempDir Path home) {
      assertUnavailable(() -> VoskModelDirectory.locate(null, null, home.toString()))
          .hasMessageContaining("PARLEY_VOSK_MODEL")
          .hasMessageContaining(
              home.resolve(".parley/models/vosk-model-small-en-us-0.15").toString())
          .hasMessageContaining("https://alphacephei.com/vosk/models");
    }
  }

  @Nested
  class ABadDirectoryIsReportedBeforeVoskReadsIt {
    @Test
    void aMissingDirectory(@TempDir Path dir) {
      Path model = dir.resolve("vosk-model-small-en-us-0.15");

      assertUnavailable(() -> VoskModelDirectory.at(model))
          .hasMessageContaining("not found at " + model)
          .hasMessageContaining("https://alphacephei.com/vosk/models");
    }

    @Test
    void theZipInsteadOfTheDirectory(@TempDir Path dir) throws IOException {
      Path zip = Files.writeString(dir.resolve("vosk-model-small-en-us-0.15.zip"), "PK");

      assertUnavailable(() -> VoskModelDirectory.at(zip)).hasMessageContaining("it is a file");
    }

    @Test
    void aDirectoryWithoutModelFilesSaysWhichAreMissing(@TempDir Path dir) throws IOException {
      Files.createDirectories(dir.resolve("am"));
      Files.writeString(dir.resolve("am/final.mdl"), "x");

      assertUnavailable(() -> VoskModelDirectory.at(dir))
          .hasMessageContaining("it lacks conf/model.conf")
          .hasMessageContaining("https://alphacephei.com/vosk/models");
    }

    @Test
    void aModelWithoutItsGraph(@TempDir Path dir) throws IOException {
      VoskTestModels.write(dir, "am/final.mdl", "conf/model.conf");

      assertUnavailable(() -> VoskModelDirectory.at(dir)).hasMessageContaining("graph/HCLG.fst");
    }
  }

  @Test
  void aDynamicGraphAllowsGrammars(@TempDir Path dir) throws IOException {
    VoskTestModels.write(dir, "am/final.mdl", "conf/model.conf", "graph/HCLr.fst", "graph/Gr.fst");
    assertThat(VoskModelDirectory.at(dir).supportsGrammar()).isTrue();
  }

  @Test
  void aStaticGraphDoesNot(@TempDir Path dir) throws IOException {
    VoskTestModels.write(dir, "am/final.mdl", "conf/model.conf", "graph/HCLG.fst");
    assertThat(VoskModelDirectory.at(dir).supportsGrammar()).isFalse();
  }

  static AbstractThrowableAssert<?, ? extends Throwable> assertUnavailable(ThrowingCallable call) {
    return assertThatThrownBy(call)
        .isInstanceOfSatisfying(
            ProviderException.class,
            e -> assertThat(e.kind()).isEqualTo(ProviderException.Kind.UNAVAILABLE));
  }
}
