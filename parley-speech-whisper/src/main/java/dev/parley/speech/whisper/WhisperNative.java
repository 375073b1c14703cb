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
package dev.parley.speech.whisper;

import dev.parley.core.spi.ProviderException;
import io.github.givimad.whisperjni.WhisperContext;
import io.github.givimad.whisperjni.WhisperJNI;
import io.github.givimad.whisperjni.WhisperState;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whisper-jni binding, loaded once per process: its native libraries (whisper.cpp and ggml,
 * shipped inside the jar and unpacked to a temporary directory), and whisper.cpp's log, routed to
 * the SLF4J logger at {@code DEBUG} and read back to explain a model that fails to load.
 *
 * <p>Thread-safe. Model loading is serialised, so the log lines captured during one load are that
 * load's. whisper-jni's native side keeps its contexts and states in global {@code std::map}s that
 * it reads and changes without a lock, so a change (a model or state created or freed) must not
 * overlap any other call: changes take {@link #handles}' write lock, decodes its read lock, and
 * decodes of different streams still run in parallel.
 */
final class WhisperNative {
  private static final Logger LOG = LoggerFactory.getLogger(WhisperNative.class);

  private static final ReentrantLock LOADING = new ReentrantLock();
  private static @Nullable WhisperNative loaded;

  /** whisper.cpp's log lines while a model loads; guarded by {@link #LOADING}. */
  private static final List<String> CAPTURED = new ArrayList<>();

  private static volatile boolean capturing;

  private final WhisperJNI jni;
  private final String systemInfo;
  private final ReentrantReadWriteLock handles = new ReentrantReadWriteLock();

  private WhisperNative(WhisperJNI jni) {
    this.jni = jni;
    this.systemInfo = jni.getSystemInfo();
  }

  /**
   * The process-wide binding, loaded on first use.
   *
   * @throws ProviderException of kind {@code UNAVAILABLE} if the native library cannot be loaded on
   *     this platform; a later call tries again
   */
  static WhisperNative load() {
    LOADING.lock();
    try {
      WhisperNative binding = loaded;
      if (binding == null) {
        try {
          WhisperJNI.loadLibrary(line -> LOG.debug("{}", line));
          WhisperJNI.setLibraryLogger(WhisperNative::log);
        } catch (IOException | LinkageError | IllegalCallerException e) {
          throw new ProviderException(
              ProviderException.Kind.UNAVAILABLE,
              "whisper-jni could not load its native library on "
                  + System.getProperty("os.name")
                  + " "
                  + System.getProperty("os.arch")
                  + ": "
                  + e
                  + ". It ships builds for Linux (x86-64, arm64, armv7), macOS and Windows x86-64;"
                  + " the JVM needs --enable-native-access=ALL-UNNAMED, and the directory"
                  + " java.io.tmpdir must allow executable files.",
              e);
        }
        binding = new WhisperNative(new WhisperJNI());
        loaded = binding;
      }
      return binding;
    } finally {
      LOADING.unlock();
    }
  }

  private static void log(String line) {
    String trimmed = line.strip();
    if (trimmed.isEmpty()) {
      return;
    }
    LOG.debug("{}", trimmed);
    if (capturing) {
      synchronized (CAPTURED) {
        CAPTURED.add(trimmed);
      }
    }
  }

  WhisperJNI jni() {
    return jni;
  }

  /** Held while calling whisper-jni with existing handles (decoding, reading segments). */
  Lock using() {
    return handles.readLock();
  }

  /** A new decoder state for {@code context}, or {@code null} if whisper.cpp cannot make one. */
  @Nullable WhisperState newState(WhisperContext context) {
    handles.writeLock().lock();
    try {
      return jni.initState(context);
    } finally {
      handles.writeLock().unlock();
    }
  }

  /** Frees a decoder state or a model. */
  void free(AutoCloseable handle) {
    handles.writeLock().lock();
    try {
      handle.close();
    } catch (Exception e) {
      throw new ProviderException(ProviderException.Kind.FATAL, "whisper-jni free failed", e);
    } finally {
      handles.writeLock().unlock();
    }
  }

  /** whisper.cpp's build flags (AVX, AVX2, F16C, …), for logs and the tests. */
  String systemInfo() {
    return systemInfo;
  }

  /**
   * Loads a checked model without a decoder state; each stream creates its own.
   *
   * @throws ProviderException of kind {@code UNAVAILABLE} with whisper.cpp's reason if it refuses
   *     the model
   */
  WhisperContext loadModel(WhisperModelFile model) {
    LOADING.lock();
    try {
      synchronized (CAPTURED) {
        CAPTURED.clear();
      }
      capturing = true;
      WhisperContext context;
      handles.writeLock().lock();
      try {
        context = jni.initNoState(model.file());
      } catch (IOException e) {
        throw new ProviderException(
            ProviderException.Kind.UNAVAILABLE,
            "whisper.cpp cannot open the model " + model.file() + ": " + e.getMessage(),
            e);
      } finally {
        handles.writeLock().unlock();
        capturing = false;
      }
      if (context == null) {
        throw new ProviderException(
            ProviderException.Kind.UNAVAILABLE,
            "whisper.cpp refused the model "
                + model.file()
                + reason()
                + ". Download a whisper.cpp ggml model from "
                + WhisperModelFile.DOWNLOAD_PAGE
                + " (for English: "
                + WhisperModelFile.SUGGESTED_FILE
                + ").");
      }
      return context;
    } finally {
      LOADING.unlock();
    }
  }

  /** The log lines of the last load that say what went wrong, as a clause of a message. */
  private static String reason() {
    List<String> problems = new ArrayList<>();
    synchronized (CAPTURED) {
      for (String line : CAPTURED) {
        String lower = line.toLowerCase(Locale.ROOT);
        if (lower.contains("fail")
            || lower.contains("invalid")
            || lower.contains("wrong")
            || lower.contains("unknown")
            || lower.contains("error")
            || lower.contains("not all")) {
          problems.add(line);
        }
      }
    }
    return problems.isEmpty() ? "" : " (" + String.join("; ", problems) + ")";
  }
}
