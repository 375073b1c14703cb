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
package dev.parley.speech.smartturn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.core.spi.ProviderException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SmartTurnModelTest {
  @Nested
  class WhereTheModelIsLooked {
    @Test
    void parleyModelsWinsWhenSet() {
      assertThat(SmartTurnModel.modelsDirectory("/srv/parley-models", "/home/ada"))
          .isEqualTo(Path.of("/srv/parley-models"));
    }

    @Test
    void homeParleyModelsOtherwise() {
      assertThat(SmartTurnModel.modelsDirectory(null, "/home/ada"))
          .isEqualTo(Path.of("/home/ada/.parley/models"));
      assertThat(SmartTurnModel.modelsDirectory("  ", "/home/ada"))
          .isEqualTo(Path.of("/home/ada/.parley/models"));
    }
  }

  @Nested
  class ABadModelFileIsReportedWithItsFix {
    @Test
    void aMissingFileNamesThePathAndTheInstallCommand(@TempDir Path models) {
      Path file = models.resolve(SmartTurnModel.FILE_NAME);

      assertThatThrownBy(() -> SmartTurnModel.at(file))
          .satisfies(SmartTurnModelTest::isUnavailable)
          .hasMessageContaining("not found at " + file)
          .hasMessageContaining("./parley models install smart-turn");
    }

    @Test
    void aTruncatedFileIsCorrupt(@TempDir Path models) throws IOException {
      Path file = Files.write(models.resolve(SmartTurnModel.FILE_NAME), new byte[1234]);

      assertThatThrownBy(() -> SmartTurnModel.at(file))
          .satisfies(SmartTurnModelTest::isUnavailable)
          .hasMessageContaining(file + " is corrupt")
          .hasMessageContaining("found 1234 bytes, expected 8679182 bytes")
          .hasMessageContaining("./parley models install smart-turn");
    }

    @Test
    void aFileOfTheRightSizeButOtherBytesIsCorrupt(@TempDir Path models) throws IOException {
      Path file =
          Files.write(
              models.resolve(SmartTurnModel.FILE_NAME), new byte[(int) SmartTurnModel.SIZE_BYTES]);

      assertThatThrownBy(() -> SmartTurnModel.at(file))
          .satisfies(SmartTurnModelTest::isUnavailable)
          .hasMessageContaining(file + " is corrupt")
          .hasMessageContaining("expected sha256 2bb02631")
          .hasMessageContaining("./parley models install smart-turn");
    }

    @Test
    void aDirectoryInPlaceOfTheFileCannotBeRead(@TempDir Path models) throws IOException {
      Path file = Files.createDirectory(models.resolve(SmartTurnModel.FILE_NAME));

      assertThatThrownBy(() -> SmartTurnModel.at(file))
          .satisfies(SmartTurnModelTest::isUnavailable)
          .hasMessageContaining(file.toString())
          .hasMessageContaining("./parley models install smart-turn");
    }

    @Test
    void thePinIsTheKnownRelease() {
      assertThat(SmartTurnModel.SHA256).hasSize(64).startsWith("2bb02631");
      assertThat(SmartTurnModel.SIZE_BYTES).isEqualTo(8_679_182L);
      assertThat(SmartTurnModel.DOWNLOAD_URI)
          .hasToString(
              "https://huggingface.co/pipecat-ai/smart-turn-v3/resolve/main/"
                  + "smart-turn-v3.2-cpu.onnx");
    }
  }

  @Nested
  class Installing {
    private static final byte[] MODEL =
        "a stand-in for the Smart Turn weights".getBytes(StandardCharsets.UTF_8);
    private static final SmartTurnModel.Pin PIN = new SmartTurnModel.Pin(MODEL.length, sha(MODEL));
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private @Nullable OneFileServer server;

    @AfterEach
    void stopServer() throws Exception {
      if (server != null) {
        server.close();
      }
    }

    @Test
    void anUnreachableHostIsReportedWithTheWayToInstallByHand(@TempDir Path models)
        throws IOException {
      URI nowhere = URI.create("http://127.0.0.1:" + closedPort() + "/" + SmartTurnModel.FILE_NAME);

      assertThatThrownBy(() -> SmartTurnModel.install(models, nowhere, PIN, TIMEOUT))
          .satisfies(SmartTurnModelTest::isUnavailable)
          .hasMessageContaining("127.0.0.1 is unreachable")
          .hasMessageContaining("To install it by hand, download " + SmartTurnModel.DOWNLOAD_URI)
          .hasMessageContaining("copy it to " + models.resolve(SmartTurnModel.FILE_NAME))
          .hasMessageContaining("PARLEY_MODELS");
      assertThat(filesIn(models)).isEmpty();
    }

    @Test
    void theDownloadIsVerifiedAndMovedIntoPlace(@TempDir Path models) throws Exception {
      URI source = serve(200, MODEL);

      SmartTurnModel model = SmartTurnModel.install(models, source, PIN, TIMEOUT);

      assertThat(model.verified()).isTrue();
      assertThat(model.file()).isEqualTo(models.resolve(SmartTurnModel.FILE_NAME));
      assertThat(Files.readAllBytes(model.file())).isEqualTo(MODEL);
      assertThat(filesIn(models)).containsExactly(SmartTurnModel.FILE_NAME);
    }

    @Test
    void aVerifiedInstallIsNotDownloadedAgain(@TempDir Path models) throws Exception {
      URI source = serve(200, MODEL);
      SmartTurnModel.install(models, source, PIN, TIMEOUT);

      SmartTurnModel.install(models, source, PIN, TIMEOUT);

      assertThat(requests()).isEqualTo(1);
    }

    @Test
    void aCorruptInstallIsReplaced(@TempDir Path models) throws Exception {
      Files.write(
          models.resolve(SmartTurnModel.FILE_NAME), "garbage".getBytes(StandardCharsets.UTF_8));

      SmartTurnModel model = SmartTurnModel.install(models, serve(200, MODEL), PIN, TIMEOUT);

      assertThat(Files.readAllBytes(model.file())).isEqualTo(MODEL);
    }

    @Test
    void theModelsDirectoryIsCreated(@TempDir Path home) throws Exception {
      Path models = home.resolve(".parley/models");

      SmartTurnModel.install(models, serve(200, MODEL), PIN, TIMEOUT);

      assertThat(filesIn(models)).containsExactly(SmartTurnModel.FILE_NAME);
    }

    @Test
    void otherBytesAreNotInstalled(@TempDir Path models) throws Exception {
      byte[] tampered = MODEL.clone();
      tampered[0] ^= 1;
      URI source = serve(200, tampered);

      assertThatThrownBy(() -> SmartTurnModel.install(models, source, PIN, TIMEOUT))
          .satisfies(SmartTurnModelTest::isUnavailable)
          .hasMessageContaining("not the pinned Smart Turn release")
          .hasMessageContaining("sha256 " + sha(tampered))
          .hasMessageContaining("not installing it");
      assertThat(filesIn(models)).isEmpty();
    }

    @Test
    void aLongerFileIsCutOffAndNotInstalled(@TempDir Path models) throws Exception {
      URI source = serve(200, new byte[MODEL.length * 10]);

      assertThatThrownBy(() -> SmartTurnModel.install(models, source, PIN, TIMEOUT))
          .satisfies(SmartTurnModelTest::isUnavailable)
          .hasMessageContaining("more than " + MODEL.length + " bytes");
      assertThat(filesIn(models)).isEmpty();
    }

    @Test
    void anHttpErrorIsReported(@TempDir Path models) throws Exception {
      URI source = serve(404, "Entry not found".getBytes(StandardCharsets.UTF_8));

      assertThatThrownBy(() -> SmartTurnModel.install(models, source, PIN, TIMEOUT))
          .satisfies(SmartTurnModelTest::isUnavailable)
          .hasMessageContaining("failed with HTTP 404")
          .hasMessageContaining("To install it by hand");
      assertThat(filesIn(models)).isEmpty();
    }

    private URI serve(int status, byte[] body) throws IOException {
      OneFileServer server = new OneFileServer(status, body);
      this.server = server;
      return server.uri();
    }

    private int requests() {
      return server == null ? 0 : server.requests();
    }
  }

  /** A loopback port nothing listens on: bound, then released. */
  private static int closedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private static List<String> filesIn(Path directory) throws IOException {
    try (Stream<Path> files = Files.list(directory)) {
      return files.map(file -> file.getFileName().toString()).toList();
    }
  }

  private static void isUnavailable(Throwable e) {
    assertThat(e).isInstanceOf(ProviderException.class);
    assertThat(((ProviderException) e).kind()).isEqualTo(ProviderException.Kind.UNAVAILABLE);
  }

  private static String sha(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }
}
