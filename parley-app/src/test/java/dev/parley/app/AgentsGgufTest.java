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
