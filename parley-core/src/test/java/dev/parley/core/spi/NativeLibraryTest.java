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

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.spi.NativeLibrary.Platform;
import org.junit.jupiter.api.Test;

class NativeLibraryTest {
  @Test
  void linuxTriesTheVersionedSonameFirst() {
    assertThat(NativeLibrary.candidates("flite", "1", Platform.LINUX))
        .containsExactly("libflite.so.1", "libflite.so");
  }

  @Test
  void macosTriesTheBareNameThenHomebrewAndMacPorts() {
    assertThat(NativeLibrary.candidates("pocketsphinx", "3", Platform.MACOS))
        .startsWith("libpocketsphinx.3.dylib", "libpocketsphinx.dylib")
        .contains(
            "/opt/homebrew/lib/libpocketsphinx.3.dylib",
            "/usr/local/lib/libpocketsphinx.dylib",
            "/opt/local/lib/libpocketsphinx.3.dylib");
  }

  @Test
  void anUnversionedLibraryHasOneNamePerPlace() {
    assertThat(NativeLibrary.candidates("flite_cmu_us_slt", "", Platform.LINUX))
        .containsExactly("libflite_cmu_us_slt.so");
    assertThat(NativeLibrary.candidates("flite", "", Platform.WINDOWS))
        .containsExactly("flite.dll");
  }

  @Test
  void platformsAreReadFromOsName() {
    assertThat(Platform.of("Mac OS X")).isEqualTo(Platform.MACOS);
    assertThat(Platform.of("Linux")).isEqualTo(Platform.LINUX);
    assertThat(Platform.of("FreeBSD")).isEqualTo(Platform.LINUX);
    assertThat(Platform.of("Windows 11")).isEqualTo(Platform.WINDOWS);
  }
}
