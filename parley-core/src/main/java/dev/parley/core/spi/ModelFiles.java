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
package dev.parley.core.spi;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * Where Parley keeps model files, and how they are checked: the one models directory every provider
 * module installs into and loads from, and the sha256 a pinned release is verified by.
 */
public final class ModelFiles {
  private ModelFiles() {}

  /**
   * The models directory: {@code $PARLEY_MODELS} when set and not blank, else {@code
   * .parley/models} under the user's home.
   */
  public static Path directory() {
    return directory(System.getenv("PARLEY_MODELS"), System.getProperty("user.home", ""));
  }

  /** The models directory for these values of {@code PARLEY_MODELS} and the home directory. */
  public static Path directory(@Nullable String parleyModels, String userHome) {
    if (parleyModels != null && !parleyModels.isBlank()) {
      return Path.of(parleyModels);
    }
    return Path.of(userHome, ".parley", "models");
  }

  /**
   * The first entry of {@code directory}, in name order, that matches {@code glob} and passes
   * {@code usable}, for a provider that finds its model by looking; empty when the directory is
   * missing or holds none.
   *
   * @param what the kind of model sought, for the error ("a Vosk model")
   * @throws ProviderException of kind {@code UNAVAILABLE} if the directory cannot be listed
   */
  public static Optional<Path> firstMatch(
      Path directory, String glob, Predicate<Path> usable, String what) {
    if (!Files.isDirectory(directory)) {
      return Optional.empty();
    }
    List<Path> found = new ArrayList<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory, glob)) {
      for (Path entry : entries) {
        if (usable.test(entry)) {
          found.add(entry);
        }
      }
    } catch (IOException e) {
      throw new ProviderException(
          ProviderException.Kind.UNAVAILABLE,
          "Cannot list the models directory " + directory + " for " + what + ": " + e,
          e);
    }
    found.sort(null);
    return found.stream().findFirst();
  }

  /** The sha256 of {@code bytes} in lower-case hex. */
  public static String sha256(byte[] bytes) {
    return HexFormat.of().formatHex(sha256Digest().digest(bytes));
  }

  /** A fresh SHA-256 digest, for checking a download as it arrives. */
  public static MessageDigest sha256Digest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError("every Java platform provides SHA-256", e);
    }
  }
}
