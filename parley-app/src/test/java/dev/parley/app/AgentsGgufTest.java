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
package dev.parley.app;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AgentsGgufTest {
  @TempDir Path dir;

  @Test
  void aMissingModelFileIsNamedInTheError() {
    Path missing = dir.resolve("qwen.gguf");

    assertThatThrownBy(() -> Agents.create("gguf:" + missing, LocalDate.of(2025, 1, 1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(missing.toString())
        .hasMessageContaining("does not exist");
  }

  @Test
  void aFileThatIsNotGgufIsRefusedBeforeNativeCode() throws IOException {
    Path html = Files.writeString(dir.resolve("model.gguf"), "<html>404</html>");

    assertThatThrownBy(() -> Agents.create("gguf:" + html, LocalDate.of(2025, 1, 1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("is not a GGUF model file");
  }

  @Test
  void ggufWithoutAFileSaysWhatItNeeds() {
    assertThatThrownBy(() -> Agents.create("gguf:", LocalDate.of(2025, 1, 1)))
        .hasMessageContaining("gguf:FILE");
  }
}
