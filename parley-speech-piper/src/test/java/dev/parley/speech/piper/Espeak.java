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
package dev.parley.speech.piper;

import java.io.IOException;
import org.opentest4j.TestAbortedException;

/**
 * Whether the espeak-ng program is installed ({@code bash parley-speech-piper/setup.sh} installs
 * it). Tests that need it are skipped without it, or fail with {@code PARLEY_REQUIRE_MODELS=true},
 * as in CI.
 */
final class Espeak {
  private Espeak() {}

  static void require() throws InterruptedException {
    String problem;
    try {
      Process process = new ProcessBuilder("espeak-ng", "--version").start();
      process.getInputStream().readAllBytes();
      problem = process.waitFor() == 0 ? null : "espeak-ng --version failed";
    } catch (IOException e) {
      problem = "espeak-ng is not installed: run bash parley-speech-piper/setup.sh";
    }
    if (problem == null) {
      return;
    }
    if (Boolean.parseBoolean(System.getenv("PARLEY_REQUIRE_MODELS"))) {
      throw new AssertionError(problem);
    }
    throw new TestAbortedException(problem);
  }
}
