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

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The file names a native library goes by on each platform, for providers that load one through the
 * FFM API: {@code libflite.so.1} on Linux is {@code libflite.1.dylib} on macOS, where Homebrew
 * keeps it in a directory the dynamic linker does not search by default. Stateless.
 */
public final class NativeLibrary {
  /** The platforms whose naming this class knows. */
  public enum Platform {
    LINUX,
    MACOS,
    WINDOWS;

    /** The platform this JVM runs on, from {@code os.name}; Linux naming for other Unixes. */
    public static Platform current() {
      return of(System.getProperty("os.name", ""));
    }

    /** The platform an {@code os.name} value names. */
    public static Platform of(String osName) {
      String os = osName.toLowerCase(Locale.ROOT);
      if (os.startsWith("mac") || os.startsWith("darwin")) {
        return MACOS;
      }
      return os.startsWith("windows") ? WINDOWS : LINUX;
    }
  }

  // Homebrew on Apple silicon, then on Intel, then MacPorts: dlopen finds none of them by a bare
  // name unless DYLD_LIBRARY_PATH says so.
  private static final List<Path> MACOS_DIRECTORIES =
      List.of(Path.of("/opt/homebrew/lib"), Path.of("/usr/local/lib"), Path.of("/opt/local/lib"));

  private NativeLibrary() {}

  /**
   * The names to try, in order, for library {@code name} (without prefix or suffix, such as {@code
   * flite}) of ABI version {@code version} (such as {@code 1}, or empty for none) on {@code
   * platform}: the versioned name first, since an unversioned one may be a development symlink to
   * another ABI.
   */
  public static List<String> candidates(String name, String version, Platform platform) {
    List<String> names = new ArrayList<>();
    switch (platform) {
      case LINUX -> {
        if (!version.isEmpty()) {
          names.add("lib" + name + ".so." + version);
        }
        names.add("lib" + name + ".so");
      }
      case MACOS -> {
        List<String> files = new ArrayList<>();
        if (!version.isEmpty()) {
          files.add("lib" + name + "." + version + ".dylib");
        }
        files.add("lib" + name + ".dylib");
        names.addAll(files);
        for (Path directory : MACOS_DIRECTORIES) {
          for (String file : files) {
            names.add(directory.resolve(file).toString());
          }
        }
      }
      case WINDOWS -> {
        if (!version.isEmpty()) {
          names.add(name + "-" + version + ".dll");
        }
        names.add(name + ".dll");
      }
    }
    return names;
  }

  /** {@link #candidates(String, String, Platform)} on the current platform. */
  public static List<String> candidates(String name, String version) {
    return candidates(name, version, Platform.current());
  }

  /**
   * How to install a library on the current platform, for error messages: the Debian package on
   * Linux, the Homebrew formula on macOS.
   */
  public static String installHint(String debianPackage, String homebrewFormula) {
    return switch (Platform.current()) {
      case LINUX -> "apt-get install " + debianPackage + " (Debian, Ubuntu)";
      case MACOS -> "brew install " + homebrewFormula;
      case WINDOWS -> "install " + homebrewFormula + " and put its DLL on PATH";
    };
  }
}
