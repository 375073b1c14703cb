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

import dev.parley.core.spi.ModelFiles;
import dev.parley.core.spi.ProviderException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;

/**
 * The Silero VAD model file, found in the Parley models directory and checked once against the
 * pinned release before any detector is built from it.
 *
 * <p>The models directory is {@code $PARLEY_MODELS} when set, else {@code ~/.parley/models}; the
 * file is {@value #FILE_NAME} as installed by {@code bash parley-speech-silero/setup.sh}. The
 * pinned release is Silero VAD v6.2 (MIT), {@value #SIZE_BYTES} bytes, sha256 {@value #SHA256}.
 *
 * <p>An instance holds the verified bytes, so the detector loads exactly what was checked; it is
 * immutable and may be dropped once the detector is built.
 */
public final class SileroModel {
  /** The model's file name inside the models directory. */
  public static final String FILE_NAME = "silero_vad.onnx";

  /** The size of the pinned model file. */
  public static final long SIZE_BYTES = 2_327_524L;

  /** The sha256 of the pinned model file, in lower-case hex. */
  public static final String SHA256 =
      "1a153a22f4509e292a94e67d6f9b85e8deb25b4988682b7e174c65279d8788e3";

  /** What to run to install the model, as told in every error about it. */
  public static final String INSTALL_COMMAND = "bash parley-speech-silero/setup.sh";

  private static final String COMMANDS =
      "`" + INSTALL_COMMAND + "` (later: `./parley models install`)";

  private final Path file;
  private final byte[] bytes;

  private SileroModel(Path file, byte[] bytes) {
    this.file = file;
    this.bytes = bytes;
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
  public static SileroModel installed() {
    return at(modelsDirectory().resolve(FILE_NAME));
  }

  /**
   * Reads and verifies the model at {@code file}.
   *
   * @throws ProviderException of kind {@link ProviderException.Kind#UNAVAILABLE} when the file is
   *     missing, unreadable or not the pinned release
   */
  public static SileroModel at(Path file) {
    try {
      // The size check comes first so that a wrong file (say, a Git LFS pointer) fails without
      // being read whole.
      long size = Files.size(file);
      if (size != SIZE_BYTES) {
        throw corrupt(file, size + " bytes", SIZE_BYTES + " bytes");
      }
      byte[] bytes = Files.readAllBytes(file);
      String sha256 = ModelFiles.sha256(bytes);
      if (bytes.length != SIZE_BYTES || !sha256.equals(SHA256)) {
        throw corrupt(file, "sha256 " + sha256, "sha256 " + SHA256);
      }
      return new SileroModel(file, bytes);
    } catch (NoSuchFileException e) {
      throw new ProviderException(
          ProviderException.Kind.UNAVAILABLE,
          "Silero VAD model not found at " + file + ". Install it with " + COMMANDS + ".",
          e);
    } catch (IOException e) {
      throw new ProviderException(
          ProviderException.Kind.UNAVAILABLE,
          "Silero VAD model at "
              + file
              + " cannot be read ("
              + e
              + "). Check the file, or reinstall it with "
              + COMMANDS
              + ".",
          e);
    }
  }

  /** The file the model was read from. */
  public Path file() {
    return file;
  }

  /** The verified bytes; not a copy, so callers in this package must not modify them. */
  byte[] bytes() {
    return bytes;
  }

  private static ProviderException corrupt(Path file, String found, String expected) {
    return new ProviderException(
        ProviderException.Kind.UNAVAILABLE,
        "Silero VAD model at "
            + file
            + " is corrupt or not the pinned release: found "
            + found
            + ", expected "
            + expected
            + ". Reinstall it with "
            + COMMANDS
            + ".");
  }

  @Override
  public String toString() {
    return "SileroModel[" + file + "]";
  }
}
