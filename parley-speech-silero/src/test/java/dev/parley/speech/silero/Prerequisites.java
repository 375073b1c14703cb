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

import dev.parley.core.spi.ProviderException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.opentest4j.TestAbortedException;

/**
 * What the speech tests need from the machine: the model installed by {@code setup.sh} and the real
 * speech clips of Debian's {@code pocketsphinx-testdata}, which the same script installs.
 *
 * <p>Without them the tests are skipped with a message naming the fix, so a fresh checkout still
 * builds; with {@code PARLEY_REQUIRE_MODELS=true} (as in CI) they fail instead.
 */
final class Prerequisites {
  static final Path TEST_AUDIO = Path.of("/usr/share/pocketsphinx/test/data");

  private Prerequisites() {}

  static SileroModel model() {
    try {
      return SileroModel.installed();
    } catch (ProviderException e) {
      throw missing(String.valueOf(e.getMessage()));
    }
  }

  /**
   * Reads a 16 kHz mono PCM16 clip from pocketsphinx-testdata: a {@code .wav} file, or a headerless
   * little-endian {@code .raw} file.
   */
  static short[] speech(String name) {
    Path file = TEST_AUDIO.resolve(name);
    if (!Files.isRegularFile(file)) {
      throw missing(
          "test audio "
              + file
              + " is missing: install it with `bash parley-speech-silero/setup.sh`"
              + " (apt-get install -y pocketsphinx-testdata)");
    }
    try {
      byte[] bytes = Files.readAllBytes(file);
      ByteBuffer data = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
      if (name.endsWith(".wav")) {
        data = wavData(data, file);
      }
      short[] samples = new short[data.remaining() / 2];
      data.asShortBuffer().get(samples);
      return samples;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Positions a WAV file's buffer on its data chunk after checking it is 16 kHz mono PCM16. */
  private static ByteBuffer wavData(ByteBuffer wav, Path file) {
    if (wav.getInt(0) != 0x46464952 || wav.getInt(8) != 0x45564157) {
      throw new IllegalArgumentException(file + " is not a RIFF/WAVE file");
    }
    int at = 12;
    boolean formatChecked = false;
    while (at + 8 <= wav.limit()) {
      int id = wav.getInt(at);
      int size = wav.getInt(at + 4);
      int body = at + 8;
      if (id == 0x20746d66) { // "fmt "
        short format = wav.getShort(body);
        short channels = wav.getShort(body + 2);
        int rate = wav.getInt(body + 4);
        short bits = wav.getShort(body + 14);
        if (format != 1 || channels != 1 || rate != 16_000 || bits != 16) {
          throw new IllegalArgumentException(file + " is not 16 kHz mono PCM16");
        }
        formatChecked = true;
      } else if (id == 0x61746164) { // "data"
        if (!formatChecked) {
          throw new IllegalArgumentException(file + " has no fmt chunk before its data");
        }
        return wav.slice(body, Math.min(size, wav.limit() - body)).order(ByteOrder.LITTLE_ENDIAN);
      }
      at = body + size + (size & 1);
    }
    throw new IllegalArgumentException(file + " has no data chunk");
  }

  /** Skips the test, or returns the failure to throw when {@code PARLEY_REQUIRE_MODELS=true}. */
  private static AssertionError missing(String message) {
    if (!Boolean.parseBoolean(System.getenv("PARLEY_REQUIRE_MODELS"))) {
      throw new TestAbortedException(message);
    }
    return new AssertionError(message);
  }
}
