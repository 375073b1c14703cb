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

import dev.parley.core.spi.ModelFiles;
import dev.parley.core.spi.ProviderException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.function.LongConsumer;
import org.jspecify.annotations.Nullable;

/**
 * The Smart Turn v3.2 model file, found in the Parley models directory and checked against the
 * pinned release before any detector is built from it; also its installer.
 *
 * <p>The models directory is {@code $PARLEY_MODELS} when set, else {@code ~/.parley/models}; the
 * file is {@value #FILE_NAME}, installed by {@code ./parley models install smart-turn} (which calls
 * {@link #install(Path)}) wherever the machine reaches Hugging Face. The pinned release is Smart
 * Turn v3.2 for CPU (BSD-2-Clause, © Daily), {@value #SIZE_BYTES} bytes, sha256 {@value #SHA256}.
 *
 * <p>About the pin: the brief this module was written from knew the size and the digest's first
 * eight hex digits ({@code 2bb02631}); the full digest was taken from several unrelated public
 * projects that pin the same file at Hugging Face revision {@code f766f81d3cfd…}, all agreeing with
 * each other and with that size and prefix. It has not yet been checked against a download made by
 * this project, since the build machine cannot reach Hugging Face: the first person to run {@code
 * ./parley models install smart-turn} with internet access confirms it (a mismatch is reported, and
 * nothing is installed).
 *
 * <p>An instance holds the verified bytes, so the detector loads exactly what was checked; it is
 * immutable and may be dropped once the detector is built.
 */
public final class SmartTurnModel {
  /** The model's file name inside the models directory. */
  public static final String FILE_NAME = "smart-turn-v3.2-cpu.onnx";

  /** The size of the pinned model file. */
  public static final long SIZE_BYTES = 8_679_182L;

  /** The sha256 of the pinned model file, in lower-case hex. */
  public static final String SHA256 =
      "2bb026316b14a660486a75b1733cd3fbab8c2fd0314dc9af7be49f8cca967e4f";

  /** Where {@link #install(Path)} downloads the model from. */
  public static final URI DOWNLOAD_URI =
      URI.create("https://huggingface.co/pipecat-ai/smart-turn-v3/resolve/main/" + FILE_NAME);

  /** What to run to install the model, as told in every error about it. */
  public static final String INSTALL_COMMAND = "./parley models install smart-turn";

  /** How long {@link #install(Path)} waits to connect, and then for the response to begin. */
  static final Duration DOWNLOAD_TIMEOUT = Duration.ofSeconds(30);

  /** The size and sha256 a model file must have. */
  record Pin(long sizeBytes, String sha256) {}

  static final Pin RELEASE = new Pin(SIZE_BYTES, SHA256);

  private final Path file;
  private final byte[] bytes;
  private final boolean verified;

  private SmartTurnModel(Path file, byte[] bytes, boolean verified) {
    this.file = file;
    this.bytes = bytes;
    this.verified = verified;
  }

  /**
   * The Parley models directory: {@code $PARLEY_MODELS} when set and not blank, else {@code
   * .parley/models} under the user's home.
   */
  public static Path modelsDirectory() {
    return ModelFiles.directory();
  }

  static Path modelsDirectory(@Nullable String parleyModels, String userHome) {
    return ModelFiles.directory(parleyModels, userHome);
  }

  /**
   * Reads and verifies the model installed in {@link #modelsDirectory()}.
   *
   * @throws ProviderException of kind {@link ProviderException.Kind#UNAVAILABLE} when the file is
   *     missing, unreadable or not the pinned release; the message names the file and the command
   *     that installs it
   */
  public static SmartTurnModel installed() {
    return at(modelsDirectory().resolve(FILE_NAME));
  }

  /**
   * Reads and verifies the model at {@code file}.
   *
   * @throws ProviderException of kind {@link ProviderException.Kind#UNAVAILABLE} when the file is
   *     missing, unreadable or not the pinned release
   */
  public static SmartTurnModel at(Path file) {
    return at(file, RELEASE);
  }

  static SmartTurnModel at(Path file, Pin pin) {
    byte[] bytes = read(file, pin.sizeBytes());
    String sha256 = ModelFiles.sha256(bytes);
    if (!sha256.equals(pin.sha256())) {
      throw corrupt(file, "sha256 " + sha256, "sha256 " + pin.sha256());
    }
    return new SmartTurnModel(file, bytes, true);
  }

  /**
   * Reads the model at {@code file} without checking it against the pinned release: for tests that
   * run the detector on a small stand-in model. Never used on the production path.
   */
  static SmartTurnModel trustUnverified(Path file) {
    return new SmartTurnModel(file, read(file, -1), false);
  }

  /**
   * Downloads the pinned model from {@link #DOWNLOAD_URI} into {@code modelsDirectory} and returns
   * it verified; does nothing but verify when it is already there.
   *
   * <p>The download goes to a temporary file next to the target, is checked for size and sha256,
   * and is then renamed into place atomically, so a reader never sees a partial or unchecked model.
   * Blocks for as long as the download takes (8.7 MB).
   *
   * @throws ProviderException of kind {@link ProviderException.Kind#UNAVAILABLE} when Hugging Face
   *     is unreachable (the message says how to install the file by hand), answers with an error,
   *     or serves a file that is not the pinned release (nothing is installed then), or when the
   *     models directory cannot be written
   * @throws InterruptedException if the thread is interrupted while downloading; nothing is
   *     installed
   */
  public static SmartTurnModel install(Path modelsDirectory) throws InterruptedException {
    return install(modelsDirectory, received -> {});
  }

  /**
   * As {@link #install(Path)}, telling {@code receivedBytes} how many bytes have arrived after each
   * piece of the download, so a command can show progress (the total is {@link #SIZE_BYTES}).
   */
  public static SmartTurnModel install(Path modelsDirectory, LongConsumer receivedBytes)
      throws InterruptedException {
    return install(modelsDirectory, DOWNLOAD_URI, RELEASE, DOWNLOAD_TIMEOUT, receivedBytes);
  }

  static SmartTurnModel install(Path modelsDirectory, URI source, Pin pin, Duration timeout)
      throws InterruptedException {
    return install(modelsDirectory, source, pin, timeout, received -> {});
  }

  static SmartTurnModel install(
      Path modelsDirectory, URI source, Pin pin, Duration timeout, LongConsumer receivedBytes)
      throws InterruptedException {
    Path target = modelsDirectory.resolve(FILE_NAME);
    if (Files.isRegularFile(target)) {
      try {
        return at(target, pin);
      } catch (ProviderException e) {
        // Corrupt or stale: download it again over the top.
      }
    }
    Path staged = null;
    try {
      Files.createDirectories(modelsDirectory);
      staged = Files.createTempFile(modelsDirectory, "." + FILE_NAME + ".", ".part");
      download(source, staged, pin, timeout, target, receivedBytes);
      Files.move(
          staged, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      staged = null;
    } catch (IOException e) {
      throw new ProviderException(
          ProviderException.Kind.UNAVAILABLE,
          "cannot install Smart Turn into " + modelsDirectory + ": " + e,
          e);
    } finally {
      if (staged != null) {
        deleteQuietly(staged);
      }
    }
    return at(target, pin);
  }

  /**
   * Streams {@code source} into {@code staged}, hashing as it goes and stopping as soon as more
   * than the pinned size has arrived.
   *
   * @throws IOException only for the local file; network failures become ProviderExceptions
   */
  private static void download(
      URI source, Path staged, Pin pin, Duration timeout, Path target, LongConsumer receivedBytes)
      throws IOException, InterruptedException {
    HttpRequest request = HttpRequest.newBuilder(source).timeout(timeout).GET().build();
    try (HttpClient client =
        HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NORMAL)
            .connectTimeout(timeout)
            .build()) {
      HttpResponse<InputStream> response;
      try {
        response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
      } catch (IOException e) {
        throw unreachable(source, target, pin, e);
      }
      try (InputStream body = response.body()) {
        if (response.statusCode() != 200) {
          throw new ProviderException(
              ProviderException.Kind.UNAVAILABLE,
              "downloading Smart Turn from "
                  + source
                  + " failed with HTTP "
                  + response.statusCode()
                  + ". "
                  + byHand(target, pin));
        }
        MessageDigest digest = ModelFiles.sha256Digest();
        long received = 0;
        byte[] buffer = new byte[64 * 1024];
        try (OutputStream out = Files.newOutputStream(staged)) {
          int n;
          while ((n = readBody(body, buffer, source, target, pin)) >= 0) {
            received += n;
            if (received > pin.sizeBytes()) {
              throw notThePinnedRelease(source, "more than " + pin.sizeBytes() + " bytes", pin);
            }
            digest.update(buffer, 0, n);
            out.write(buffer, 0, n);
            receivedBytes.accept(received);
          }
        }
        String sha256 = HexFormat.of().formatHex(digest.digest());
        if (received != pin.sizeBytes() || !sha256.equals(pin.sha256())) {
          throw notThePinnedRelease(source, received + " bytes with sha256 " + sha256, pin);
        }
      }
    }
  }

  private static int readBody(InputStream body, byte[] buffer, URI source, Path target, Pin pin) {
    try {
      return body.read(buffer);
    } catch (IOException e) {
      throw new ProviderException(
          ProviderException.Kind.UNAVAILABLE,
          "the download of Smart Turn from "
              + source
              + " broke off ("
              + e
              + "). "
              + byHand(target, pin),
          e);
    }
  }

  private static ProviderException unreachable(URI source, Path target, Pin pin, IOException e) {
    return new ProviderException(
        ProviderException.Kind.UNAVAILABLE,
        "cannot download Smart Turn: "
            + source.getHost()
            + " is unreachable from this machine ("
            + e
            + "). "
            + byHand(target, pin),
        e);
  }

  private static String byHand(Path target, Pin pin) {
    return "To install it by hand, download "
        + DOWNLOAD_URI
        + " on a machine that reaches Hugging Face and copy it to "
        + target
        + " (it must be "
        + pin.sizeBytes()
        + " bytes with sha256 "
        + pin.sha256()
        + "), or set PARLEY_MODELS to a directory that holds "
        + FILE_NAME
        + ".";
  }

  private static ProviderException notThePinnedRelease(URI source, String found, Pin pin) {
    return new ProviderException(
        ProviderException.Kind.UNAVAILABLE,
        source
            + " served "
            + found
            + ", not the pinned Smart Turn release ("
            + pin.sizeBytes()
            + " bytes with sha256 "
            + pin.sha256()
            + "); not installing it.");
  }

  /** The file the model was read from. */
  public Path file() {
    return file;
  }

  /** Whether the bytes were checked against the pinned release; false only in tests. */
  public boolean verified() {
    return verified;
  }

  /** The bytes; not a copy, so callers in this package must not modify them. */
  byte[] bytes() {
    return bytes;
  }

  /**
   * Reads the whole file, checking its size first (when {@code expectedSize} is not negative) so
   * that a wrong file, say a Git LFS pointer, fails without being read whole.
   */
  private static byte[] read(Path file, long expectedSize) {
    try {
      if (expectedSize >= 0) {
        long size = Files.size(file);
        if (size != expectedSize) {
          throw corrupt(file, size + " bytes", expectedSize + " bytes");
        }
      }
      byte[] bytes = Files.readAllBytes(file);
      if (expectedSize >= 0 && bytes.length != expectedSize) {
        throw corrupt(file, bytes.length + " bytes", expectedSize + " bytes");
      }
      return bytes;
    } catch (NoSuchFileException e) {
      throw new ProviderException(
          ProviderException.Kind.UNAVAILABLE,
          "Smart Turn model not found at "
              + file
              + ". Install it with `"
              + INSTALL_COMMAND
              + "` (it needs to reach huggingface.co).",
          e);
    } catch (IOException e) {
      throw cannotRead(file, e);
    }
  }

  private static ProviderException cannotRead(Path file, IOException e) {
    return new ProviderException(
        ProviderException.Kind.UNAVAILABLE,
        "Smart Turn model at "
            + file
            + " cannot be read ("
            + e
            + "). Check the file, or reinstall it with `"
            + INSTALL_COMMAND
            + "`.",
        e);
  }

  private static ProviderException corrupt(Path file, String found, String expected) {
    return new ProviderException(
        ProviderException.Kind.UNAVAILABLE,
        "Smart Turn model at "
            + file
            + " is corrupt or not the pinned release: found "
            + found
            + ", expected "
            + expected
            + ". Reinstall it with `"
            + INSTALL_COMMAND
            + "`.");
  }

  private static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      // A stray .part file in the models directory is harmless; the next install makes another.
    }
  }

  @Override
  public String toString() {
    return "SmartTurnModel[" + file + (verified ? "" : ", unverified") + "]";
  }
}
