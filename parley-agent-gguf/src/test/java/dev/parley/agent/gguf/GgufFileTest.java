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
package dev.parley.agent.gguf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.core.spi.ProviderException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GgufFileTest {
  @TempDir Path dir;

  @Test
  void aGeneratedModelPassesTheCheck() throws IOException {
    Path file = TinyLlamaModel.write(dir.resolve("tiny.gguf"));

    GgufFile gguf = GgufFile.check(file);

    assertThat(gguf.version()).isEqualTo(3);
    assertThat(gguf.architecture()).isEqualTo("llama");
    assertThat(gguf.tensorCount()).isEqualTo(3 + 9L * TinyLlamaModel.LAYERS);
    assertThat(gguf.chatTemplate()).contains(TinyLlamaModel.CHATML_TEMPLATE);
  }

  @Test
  void aModelWithoutTemplateSaysSo() throws IOException {
    Path file = Files.write(dir.resolve("plain.gguf"), TinyLlamaModel.bytesWithoutTemplate(3));

    assertThat(GgufFile.check(file).chatTemplate()).isEmpty();
  }

  @Test
  void aMissingFileIsNamed() {
    Path file = dir.resolve("nowhere.gguf");

    assertThatThrownBy(() -> GgufFile.check(file))
        .isInstanceOf(ProviderException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining("does not exist")
        .extracting(e -> ((ProviderException) e).kind())
        .isEqualTo(ProviderException.Kind.UNAVAILABLE);
  }

  @Test
  void aFileCutInsideItsWeightsIsCutShort() throws IOException {
    byte[] model = TinyLlamaModel.bytes(7);
    Path file = Files.write(dir.resolve("half.gguf"), Arrays.copyOf(model, model.length / 2));

    assertThatThrownBy(() -> GgufFile.check(file))
        .isInstanceOf(ProviderException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining("cut short")
        .hasMessageContaining("need " + model.length + " bytes");
  }

  @Test
  void aFileCutInsideItsHeaderIsCutShort() throws IOException {
    for (int length : List.of(3, 12, 100, 5000)) {
      Path file =
          Files.write(
              dir.resolve("head" + length + ".gguf"),
              Arrays.copyOf(TinyLlamaModel.bytes(7), length));

      assertThatThrownBy(() -> GgufFile.check(file))
          .as("cut at %d bytes", length)
          .isInstanceOf(ProviderException.class)
          .hasMessageContaining(file.toString())
          .hasMessageContaining("cut short");
    }
  }

  @Test
  void aFileWithAnotherMagicIsNotGguf() throws IOException {
    byte[] model = TinyLlamaModel.bytes(7);
    model[0] = 'g';
    model[1] = 'g';
    model[2] = 'm';
    model[3] = 'l';
    Path file = Files.write(dir.resolve("ggml.bin"), model);

    assertThatThrownBy(() -> GgufFile.check(file))
        .isInstanceOf(ProviderException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining("is not a GGUF model file");
  }

  @Test
  void anEmptyFileAndATextFileAreRefused() throws IOException {
    Path empty = Files.write(dir.resolve("empty.gguf"), new byte[0]);
    Path text = Files.writeString(dir.resolve("readme.gguf"), "this is not a model\n");

    assertThatThrownBy(() -> GgufFile.check(empty)).hasMessageContaining("cut short");
    assertThatThrownBy(() -> GgufFile.check(text)).hasMessageContaining("is not a GGUF model file");
  }

  @Test
  void anUnknownVersionIsRefused() throws IOException {
    byte[] model = TinyLlamaModel.bytes(7);
    ByteBuffer.wrap(model).order(ByteOrder.LITTLE_ENDIAN).putInt(4, 9);
    Path file = Files.write(dir.resolve("v9.gguf"), model);

    assertThatThrownBy(() -> GgufFile.check(file)).hasMessageContaining("version 9");
  }

  @Test
  void aCorruptStringLengthIsCaughtBeforeNativeCode() throws IOException {
    byte[] model = TinyLlamaModel.bytes(7);
    // The first metadata key's length (right after the 24-byte header) becomes huge.
    ByteBuffer.wrap(model).order(ByteOrder.LITTLE_ENDIAN).putLong(24, Long.MAX_VALUE / 2);
    Path file = Files.write(dir.resolve("corrupt.gguf"), model);

    assertThatThrownBy(() -> GgufFile.check(file))
        .isInstanceOf(ProviderException.class)
        .hasMessageContaining(file.toString());
  }

  @Test
  void aDirectoryIsNotAModel() {
    assertThatThrownBy(() -> GgufFile.check(dir)).hasMessageContaining("is a directory");
  }
}
