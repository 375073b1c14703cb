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
package dev.parley.speech.vosk;

import dev.parley.core.spi.ProviderException;
import java.util.concurrent.locks.ReentrantLock;
import org.vosk.LibVosk;
import org.vosk.LogLevel;

/**
 * The Vosk native library ({@code libvosk}, shipped in the Vosk jar and registered through JNA),
 * loaded once per process with Kaldi's log cut down to warnings and errors, which Kaldi prints on
 * standard error. Thread-safe.
 */
final class VoskNative {
  private static final ReentrantLock LOADING = new ReentrantLock();
  private static boolean loaded;

  private VoskNative() {}

  /**
   * Loads the library, or does nothing if it is loaded.
   *
   * @throws ProviderException of kind {@code UNAVAILABLE} if it cannot be loaded on this platform;
   *     a later call tries again only in a new JVM (JNA registers a class once)
   */
  static void load() {
    LOADING.lock();
    try {
      if (loaded) {
        return;
      }
      try {
        LibVosk.setLogLevel(LogLevel.WARNINGS);
      } catch (LinkageError | IllegalCallerException e) {
        throw new ProviderException(
            ProviderException.Kind.UNAVAILABLE,
            "The Vosk native library could not be loaded on "
                + System.getProperty("os.name")
                + " "
                + System.getProperty("os.arch")
                + ": "
                + e
                + ". The vosk jar ships libvosk for Linux x86-64 (glibc), macOS and Windows"
                + " x86-64; the JVM needs --enable-native-access=ALL-UNNAMED.",
            e);
      }
      loaded = true;
    } finally {
      LOADING.unlock();
    }
  }
}
