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
package dev.parley.speech.flite;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import dev.parley.core.spi.NativeLibrary;
import dev.parley.core.spi.ProviderException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemoryLayout.PathElement;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.util.Arrays;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;

/**
 * The process-wide binding to {@code libflite} and its {@code cmu_us_slt} voice, through the FFM
 * API: loads the libraries once, registers the voice once, and synthesises one piece of text at a
 * time.
 *
 * <p>Thread-safe by serialisation: Flite promises no thread safety (its voice registration and
 * feature tables are global, and its own header calls some functions unsafe), so every native call
 * runs under one fair lock. Synthesis is fast (about 15 ms per second of speech on one core), the
 * lock is held only while Flite works and the samples are copied out, never while a listener
 * consumes them, and fairness lets many sessions interleave piece by piece. The libraries and the
 * voice live until the process exits.
 */
final class FliteLibrary {
  static final String LIBRARY = "libflite.so.1";
  static final String VOICE_LIBRARY = "libflite_cmu_us_slt.so.1";
  static final String INSTALL_HINT =
      "install the Debian package libflite1 (it holds libflite and the cmu_us_slt voice): run"
          + " `bash parley-speech-flite/setup.sh` or `apt-get install libflite1`; on macOS `brew"
          + " install flite`";

  // Bounds that a well-formed result never reaches; past them Flite's memory is not trusted.
  private static final int MAX_SECONDS = 600;
  private static final int MAX_TOKENS = 4096;

  // typedef struct { const char *type; int sample_rate; int num_samples; int num_channels;
  //                  short *samples; } cst_wave;  (cst_wave.h, Flite 2.x)
  private static final StructLayout WAVE =
      MemoryLayout.structLayout(
          ADDRESS.withName("type"),
          JAVA_INT.withName("sample_rate"),
          JAVA_INT.withName("num_samples"),
          JAVA_INT.withName("num_channels"),
          MemoryLayout.paddingLayout(ADDRESS.byteSize() - JAVA_INT.byteSize()),
          ADDRESS.withName("samples"));
  private static final long RATE_OFFSET = offset("sample_rate");
  private static final long COUNT_OFFSET = offset("num_samples");
  private static final long CHANNELS_OFFSET = offset("num_channels");
  private static final long SAMPLES_OFFSET = offset("samples");

  private static @Nullable FliteLibrary instance;

  private final ReentrantLock lock = new ReentrantLock(true);
  private final MethodHandle synthText;
  private final MethodHandle uttWave;
  private final MethodHandle uttRelation;
  private final MethodHandle relationHead;
  private final MethodHandle itemNext;
  private final MethodHandle ffeatureFloat;
  private final MethodHandle deleteUtterance;
  private final MethodHandle seedRandom;
  private final MemorySegment voice;
  private final MemorySegment tokenRelation;
  private final MemorySegment tokenStartPath;
  private final MemorySegment tokenEndPath;
  private final int sampleRate;

  /** What Flite made of one piece of text, copied out of native memory. */
  record Synthesis(
      short[] samples, int sampleRate, float[] tokenStartSeconds, float[] tokenEndSeconds) {
    int tokenCount() {
      return tokenEndSeconds.length;
    }
  }

  /**
   * Returns the loaded library, loading it on first use. A failed load is retried on the next call,
   * so installing the package fixes a running process.
   *
   * @throws ProviderException of kind UNAVAILABLE if the libraries or the voice cannot be loaded
   */
  static synchronized FliteLibrary instance() {
    FliteLibrary loaded = instance;
    if (loaded == null) {
      // Each platform's names (libflite.so.1 on Linux, libflite.1.dylib from Homebrew on macOS).
      loaded =
          load(
              firstLoadable(NativeLibrary.candidates("flite", "1")),
              firstLoadable(NativeLibrary.candidates("flite_cmu_us_slt", "1")));
      instance = loaded;
    }
    return loaded;
  }

  /**
   * The first of {@code names} the dynamic linker can load, or the first name when none can (so
   * that {@link #load(String, String)} reports it missing, or native access denied, as usual).
   */
  private static String firstLoadable(List<String> names) {
    for (String name : names) {
      try {
        SymbolLookup.libraryLookup(name, Arena.global());
        return name;
      } catch (IllegalArgumentException notFound) {
        // Try the next name.
      } catch (IllegalCallerException denied) {
        return name;
      }
    }
    return names.getFirst();
  }

  /** Loads the two libraries by name; package-private so a test can name a missing one. */
  static FliteLibrary load(String library, String voiceLibrary) {
    try {
      // The global arena keeps both libraries loaded for good: the voice registered below points
      // into them.
      SymbolLookup flite = SymbolLookup.libraryLookup(library, Arena.global());
      SymbolLookup slt = SymbolLookup.libraryLookup(voiceLibrary, Arena.global());
      return new FliteLibrary(flite, slt);
    } catch (IllegalArgumentException e) {
      throw unavailable(
          "cannot load " + library + " / " + voiceLibrary + " (" + e.getMessage() + ")", e);
    } catch (NoSuchElementException e) {
      throw unavailable(
          "the installed Flite lacks a Flite 2.x function (" + e.getMessage() + ")", e);
    } catch (IllegalCallerException e) {
      throw new ProviderException(
          ProviderException.Kind.UNAVAILABLE,
          "Flite needs native access: run java with --enable-native-access=ALL-UNNAMED",
          e);
    }
  }

  private static ProviderException unavailable(String what, @Nullable Throwable cause) {
    return new ProviderException(
        ProviderException.Kind.UNAVAILABLE,
        "Flite TTS unavailable: " + what + "; " + INSTALL_HINT,
        cause);
  }

  private FliteLibrary(SymbolLookup flite, SymbolLookup slt) {
    Linker linker = Linker.nativeLinker();
    MethodHandle init =
        linker.downcallHandle(flite.findOrThrow("flite_init"), FunctionDescriptor.of(JAVA_INT));
    MethodHandle register =
        linker.downcallHandle(
            slt.findOrThrow("register_cmu_us_slt"), FunctionDescriptor.of(ADDRESS, ADDRESS));
    synthText =
        linker.downcallHandle(
            flite.findOrThrow("flite_synth_text"),
            FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS));
    uttWave =
        linker.downcallHandle(
            flite.findOrThrow("utt_wave"), FunctionDescriptor.of(ADDRESS, ADDRESS));
    uttRelation =
        linker.downcallHandle(
            flite.findOrThrow("utt_relation"), FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS));
    relationHead =
        linker.downcallHandle(
            flite.findOrThrow("relation_head"), FunctionDescriptor.of(ADDRESS, ADDRESS));
    itemNext =
        linker.downcallHandle(
            flite.findOrThrow("item_next"), FunctionDescriptor.of(ADDRESS, ADDRESS));
    ffeatureFloat =
        linker.downcallHandle(
            flite.findOrThrow("flite_ffeature_float"),
            FunctionDescriptor.of(JAVA_FLOAT, ADDRESS, ADDRESS));
    deleteUtterance =
        linker.downcallHandle(
            flite.findOrThrow("delete_utterance"), FunctionDescriptor.ofVoid(ADDRESS));
    // Flite draws on libc's rand() while it generates a waveform; seeding it from the text makes
    // the same sentence sound the same every time, so offline calls replay byte for byte.
    seedRandom =
        linker.downcallHandle(
            linker.defaultLookup().findOrThrow("srand"), FunctionDescriptor.ofVoid(JAVA_INT));

    Arena constants = Arena.global();
    tokenRelation = constants.allocateFrom("Token");
    // Feature paths from a token to its first and last phone: the end of the segment before the
    // first phone is where the token starts; the end of its last phone is where it ends. A path
    // that does not resolve (a token with no words) yields 0.
    tokenStartPath =
        constants.allocateFrom(
            "R:Token.daughter1.R:SylStructure.daughter1.daughter1.R:Segment.p.end");
    tokenEndPath =
        constants.allocateFrom("R:Token.daughtern.R:SylStructure.daughtern.daughtern.end");

    MemorySegment registered;
    try {
      int ignored = (int) init.invokeExact();
      registered = (MemorySegment) register.invokeExact(MemorySegment.NULL);
    } catch (Throwable t) {
      throw propagate(t);
    }
    if (registered.equals(MemorySegment.NULL)) {
      throw unavailable("register_cmu_us_slt returned no voice", null);
    }
    voice = registered;
    // Speaking once learns the voice's real sample rate and pages its data in, so the first
    // reply of the process is as fast as any other.
    sampleRate = synthesizeUnlocked("Hello.", 0).sampleRate();
  }

  /** The sample rate of every waveform this voice produces, as measured when it was loaded. */
  int sampleRate() {
    return sampleRate;
  }

  /**
   * Synthesises {@code text}, which must be {@link SpeakableText} output joined by single spaces.
   *
   * @throws InterruptedException if interrupted while waiting for another stream's synthesis
   * @throws ProviderException of kind FATAL if Flite returns nothing or something malformed
   */
  Synthesis synthesize(String text) throws InterruptedException {
    lock.lockInterruptibly();
    try {
      return synthesizeUnlocked(text, sampleRate);
    } finally {
      lock.unlock();
    }
  }

  private Synthesis synthesizeUnlocked(String text, int expectedRate) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < 0x20 || c >= 0x7f) {
        throw new IllegalArgumentException("not speakable text: " + text);
      }
    }
    try {
      seedRandom.invokeExact(text.hashCode());
    } catch (Throwable t) {
      throw propagate(t);
    }
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment utterance =
          (MemorySegment) synthText.invokeExact(arena.allocateFrom(text), voice);
      if (utterance.equals(MemorySegment.NULL)) {
        throw fatal("Flite returned no utterance for: " + text);
      }
      try {
        MemorySegment wave = (MemorySegment) uttWave.invokeExact(utterance);
        int rate = checkedRate(wave, expectedRate, text);
        float[][] times = tokenTimes(utterance);
        return new Synthesis(samples(wave), rate, times[0], times[1]);
      } finally {
        deleteUtterance.invokeExact(utterance);
      }
    } catch (Throwable t) {
      throw propagate(t);
    }
  }

  /** Validates the waveform's header and returns its sample rate. */
  private static int checkedRate(MemorySegment wavePointer, int expectedRate, String text) {
    if (wavePointer.equals(MemorySegment.NULL)) {
      throw fatal("Flite produced no waveform for: " + text);
    }
    MemorySegment wave = wavePointer.reinterpret(WAVE.byteSize());
    int rate = wave.get(JAVA_INT, RATE_OFFSET);
    int count = wave.get(JAVA_INT, COUNT_OFFSET);
    int channels = wave.get(JAVA_INT, CHANNELS_OFFSET);
    if (rate <= 0
        || rate > 192_000
        || (expectedRate > 0 && rate != expectedRate)
        || channels != 1
        || count < 0
        || count > rate * MAX_SECONDS) {
      throw fatal(
          "Flite produced a malformed waveform: rate "
              + rate
              + ", samples "
              + count
              + ", channels "
              + channels);
    }
    return rate;
  }

  /** Copies the samples of a waveform that {@link #checkedRate} accepted. */
  private static short[] samples(MemorySegment wavePointer) {
    MemorySegment wave = wavePointer.reinterpret(WAVE.byteSize());
    int count = wave.get(JAVA_INT, COUNT_OFFSET);
    if (count == 0) {
      return new short[0];
    }
    MemorySegment data = wave.get(ADDRESS, SAMPLES_OFFSET);
    if (data.equals(MemorySegment.NULL)) {
      throw fatal("Flite produced a waveform without samples");
    }
    short[] samples = new short[count];
    MemorySegment.copy(
        data.reinterpret(JAVA_SHORT.byteSize() * count), JAVA_SHORT, 0, samples, 0, count);
    return samples;
  }

  /** Start and end times in seconds of each token, in order; 0 where Flite has none. */
  private float[][] tokenTimes(MemorySegment utterance) throws Throwable {
    MemorySegment relation = (MemorySegment) uttRelation.invokeExact(utterance, tokenRelation);
    float[] starts = new float[16];
    float[] ends = new float[16];
    int count = 0;
    if (!relation.equals(MemorySegment.NULL)) {
      MemorySegment item = (MemorySegment) relationHead.invokeExact(relation);
      while (!item.equals(MemorySegment.NULL)) {
        if (count == MAX_TOKENS) {
          throw fatal("Flite produced more than " + MAX_TOKENS + " tokens");
        }
        if (count == ends.length) {
          starts = Arrays.copyOf(starts, count * 2);
          ends = Arrays.copyOf(ends, count * 2);
        }
        starts[count] = (float) ffeatureFloat.invokeExact(item, tokenStartPath);
        ends[count] = (float) ffeatureFloat.invokeExact(item, tokenEndPath);
        count++;
        item = (MemorySegment) itemNext.invokeExact(item);
      }
    }
    return new float[][] {Arrays.copyOf(starts, count), Arrays.copyOf(ends, count)};
  }

  private static ProviderException fatal(String message) {
    return new ProviderException(ProviderException.Kind.FATAL, message);
  }

  private static RuntimeException propagate(Throwable t) {
    if (t instanceof RuntimeException e) {
      return e;
    }
    if (t instanceof Error e) {
      throw e;
    }
    return new ProviderException(ProviderException.Kind.FATAL, "Flite call failed", t);
  }

  private static long offset(String field) {
    return WAVE.byteOffset(PathElement.groupElement(field));
  }
}
