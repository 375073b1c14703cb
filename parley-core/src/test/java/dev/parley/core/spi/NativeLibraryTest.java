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
