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

import de.kherud.llama.LlamaModel;
import dev.parley.core.spi.ProviderException;

/**
 * The de.kherud:llama binding's native library (llama.cpp and ggml in one {@code libjllama}),
 * loaded once per process when {@link LlamaModel} initialises: the jar unpacks the build for this
 * platform to {@code java.io.tmpdir} (or loads the one at {@code -Dde.kherud.llama.lib.path}).
 * Thread-safe.
 */
final class GgufNative {
  private GgufNative() {}

  /**
   * Loads the native library, or says why it cannot.
   *
   * @throws ProviderException of kind {@code UNAVAILABLE} if the library does not load on this
   *     platform; a later call tries again only if the class did not fail to initialise
   */
  static void load() {
    try {
      Class.forName(LlamaModel.class.getName(), true, GgufNative.class.getClassLoader());
    } catch (ClassNotFoundException | LinkageError | IllegalCallerException e) {
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      throw new ProviderException(
          ProviderException.Kind.UNAVAILABLE,
          "llama.cpp (de.kherud:llama) could not load its native library on "
              + System.getProperty("os.name")
              + " "
              + System.getProperty("os.arch")
              + ": "
              + cause
              + ". The jar ships builds for Linux x86-64 and arm64, macOS and Windows; the JVM needs"
              + " --enable-native-access=ALL-UNNAMED, java.io.tmpdir must allow executable files,"
              + " and the Linux build needs glibc and libgomp (apt-get install libgomp1).",
          e);
    }
  }
}
