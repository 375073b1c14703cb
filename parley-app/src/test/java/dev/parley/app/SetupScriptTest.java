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

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/apt-install} on a machine without apt-get (macOS, say), imitated by a PATH that holds
 * only the few tools the script needs: it says what to install and lets the set-up go on, unless
 * {@code PARLEY_SETUP_STRICT=1} (what {@code bin/test} sets) makes that an error.
 */
class SetupScriptTest {
  private static final Path SCRIPT = repository().resolve("bin/apt-install");

  private static Path repository() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null && !Files.exists(dir.resolve("bin/apt-install"))) {
      dir = dir.getParent();
    }
    return dir == null ? Path.of("..") : dir;
  }

  private record Run(int exitCode, String err) {}

  private static Run run(Path bin, boolean strict) throws IOException, InterruptedException {
    ProcessBuilder builder =
        new ProcessBuilder("/bin/bash", SCRIPT.toString(), "parley-speech-flite", "libflite1");
    builder.environment().put("PATH", bin.toString());
    builder.environment().put("PARLEY_SETUP_STRICT", strict ? "1" : "0");
    builder.redirectOutput(ProcessBuilder.Redirect.DISCARD);
    Process process = builder.start();
    String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    return new Run(process.exitValue(), err);
  }

  /** A directory with the tools the script uses, and no package manager. */
  private static Path toolsWithoutApt(Path dir) throws IOException {
    for (String tool : List.of("uname", "grep", "cut")) {
      for (String prefix : List.of("/usr/bin/", "/bin/")) {
        Path found = Path.of(prefix + tool);
        if (Files.isExecutable(found)) {
          // A wrapper, not a symbolic link, so the temporary directory deletes cleanly.
          Path wrapper = dir.resolve(tool);
          Files.writeString(wrapper, "#!/bin/sh\nexec " + found + " \"$@\"\n");
          wrapper.toFile().setExecutable(true);
          break;
        }
      }
    }
    return dir;
  }

  @Test
  void withoutAptGetSetUpSaysWhatToInstallAndGoesOn(@TempDir Path dir) throws Exception {
    Run run = run(toolsWithoutApt(dir), false);

    assertThat(run.exitCode()).isZero();
    assertThat(run.err())
        .contains("apt-get not found; install libflite1 yourself")
        .contains("Parley uses its fallbacks");
  }

  @Test
  void strictSetUpFailsWhereAPackageCannotBeInstalled(@TempDir Path dir) throws Exception {
    Run run = run(toolsWithoutApt(dir), true);

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).contains("install libflite1 yourself").doesNotContain("fallbacks");
  }
}
