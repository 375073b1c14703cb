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

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * A directory a command writes its results into, one whole file at a time: each file is written
 * beside its final name and moved into place, so a run that fails leaves every earlier file as it
 * was.
 */
final class OutputDir {
  private final Path dir;

  private OutputDir(Path dir) {
    this.dir = dir;
  }

  /** Creates the directory if needed and checks that files can be written in it. */
  static OutputDir prepare(Path dir) throws UsageException {
    try {
      Files.createDirectories(dir);
      Path probe = Files.createTempFile(dir, ".parley-", ".probe");
      Files.delete(probe);
    } catch (FileAlreadyExistsException e) {
      throw new UsageException("--out " + dir + " is a file, not a directory");
    } catch (AccessDeniedException e) {
      throw new UsageException("--out " + dir + " is not writable (permission denied)");
    } catch (IOException e) {
      throw new UsageException("--out " + dir + " is not writable: " + e.getMessage());
    }
    return new OutputDir(dir);
  }

  Path path(String name) {
    return dir.resolve(name);
  }

  /** Writes one file atomically: all of it, or none of it. */
  Path write(String name, Writing writing) throws IOException {
    Path temp = temp(name);
    try {
      try (OutputStream out = Files.newOutputStream(temp)) {
        writing.writeTo(out);
      }
      return commit(temp, name);
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  /** A fresh temporary file for content that is written as it happens, then {@link #commit}ted. */
  Path temp(String name) throws IOException {
    return Files.createTempFile(dir, "." + name + "-", ".tmp");
  }

  /** Moves a finished temporary file into place as {@code name}. */
  Path commit(Path temp, String name) throws IOException {
    Path target = dir.resolve(name);
    Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    return target;
  }

  /** Writes a file's bytes. */
  @FunctionalInterface
  interface Writing {
    void writeTo(OutputStream out) throws IOException;
  }
}
