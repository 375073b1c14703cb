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
package dev.parley.speech.sphinx;

import dev.parley.core.spi.NativeLibrary;
import dev.parley.core.spi.ProviderException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;

/**
 * The C API of the system's PocketSphinx and SphinxBase libraries, bound with FFM downcalls: one
 * method per C function, each checked by its caller for {@code NULL} and error returns.
 *
 * <p>Debian 12 ships PocketSphinx "5prealpha" ({@code libpocketsphinx.so.3}), whose configuration
 * is a SphinxBase {@code cmd_ln_t} built from {@code -name value} pairs rather than the {@code
 * ps_config_t} of the PocketSphinx 5.0 release; decoding, segment and dictionary calls are the same
 * in both. Loaded once per process and shared; the functions are thread-safe as long as each
 * decoder pointer is used by one thread at a time.
 */
final class PocketSphinx {
  /** Debian package of the decoder library; the model and test data have their own. */
  static final String LIBRARY_PACKAGE = "libpocketsphinx3";

  /** The command that installs everything the module needs. */
  static final String FIX = "bash parley-speech-sphinx/setup.sh";

  static final int NGRAM_AUTO = 0;
  static final int NGRAM_ARPA = 1;

  private static final ReentrantLock LOADING = new ReentrantLock();
  private static @Nullable PocketSphinx loaded;

  private static final ValueLayout ADDRESS = ValueLayout.ADDRESS;
  private static final ValueLayout INT = ValueLayout.JAVA_INT;

  private final MethodHandle psArgs;
  private final MethodHandle cmdLnParse;
  private final MethodHandle cmdLnFree;
  private final MethodHandle psInit;
  private final MethodHandle psFree;
  private final MethodHandle psGetLogmath;
  private final MethodHandle psSetLm;
  private final MethodHandle psSetSearch;
  private final MethodHandle psAddWord;
  private final MethodHandle psLookupWord;
  private final MethodHandle psStartStream;
  private final MethodHandle psStartUtt;
  private final MethodHandle psProcessRaw;
  private final MethodHandle psEndUtt;
  private final MethodHandle psGetHyp;
  private final MethodHandle psSegIter;
  private final MethodHandle psSegNext;
  private final MethodHandle psSegWord;
  private final MethodHandle psSegFrames;
  private final MethodHandle psSegFree;
  private final MethodHandle ngramModelRead;
  private final MethodHandle ngramModelSetInit;
  private final MethodHandle ngramModelFree;
  private final MethodHandle ngramModelSetInterp;
  private final MethodHandle ckdFree;
  private final MethodHandle psGetFeat;
  private final MethodHandle cmnLiveUpdate;
  private final @Nullable MethodHandle mallocTrim;

  /**
   * System property naming a file for the libraries' own log, which is otherwise switched off; set
   * it to see why a model failed to load.
   */
  static final String LOG_PROPERTY = "parley.sphinx.log";

  private PocketSphinx(SymbolLookup symbols) {
    psArgs = bind(symbols, "ps_args", FunctionDescriptor.of(ADDRESS));
    cmdLnParse =
        bind(
            symbols,
            "cmd_ln_parse_r",
            FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS, INT, ADDRESS, INT));
    cmdLnFree = bind(symbols, "cmd_ln_free_r", FunctionDescriptor.of(INT, ADDRESS));
    psInit = bind(symbols, "ps_init", FunctionDescriptor.of(ADDRESS, ADDRESS));
    psFree = bind(symbols, "ps_free", FunctionDescriptor.of(INT, ADDRESS));
    psGetLogmath = bind(symbols, "ps_get_logmath", FunctionDescriptor.of(ADDRESS, ADDRESS));
    psSetLm = bind(symbols, "ps_set_lm", FunctionDescriptor.of(INT, ADDRESS, ADDRESS, ADDRESS));
    psSetSearch = bind(symbols, "ps_set_search", FunctionDescriptor.of(INT, ADDRESS, ADDRESS));
    psAddWord =
        bind(symbols, "ps_add_word", FunctionDescriptor.of(INT, ADDRESS, ADDRESS, ADDRESS, INT));
    psLookupWord =
        bind(symbols, "ps_lookup_word", FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS));
    psStartStream = bind(symbols, "ps_start_stream", FunctionDescriptor.of(INT, ADDRESS));
    psStartUtt = bind(symbols, "ps_start_utt", FunctionDescriptor.of(INT, ADDRESS));
    psProcessRaw =
        bind(
            symbols,
            "ps_process_raw",
            FunctionDescriptor.of(INT, ADDRESS, ADDRESS, ValueLayout.JAVA_LONG, INT, INT));
    psEndUtt = bind(symbols, "ps_end_utt", FunctionDescriptor.of(INT, ADDRESS));
    psGetHyp = bind(symbols, "ps_get_hyp", FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS));
    psSegIter = bind(symbols, "ps_seg_iter", FunctionDescriptor.of(ADDRESS, ADDRESS));
    psSegNext = bind(symbols, "ps_seg_next", FunctionDescriptor.of(ADDRESS, ADDRESS));
    psSegWord = bind(symbols, "ps_seg_word", FunctionDescriptor.of(ADDRESS, ADDRESS));
    psSegFrames =
        bind(symbols, "ps_seg_frames", FunctionDescriptor.ofVoid(ADDRESS, ADDRESS, ADDRESS));
    psSegFree = bind(symbols, "ps_seg_free", FunctionDescriptor.ofVoid(ADDRESS));
    ngramModelRead =
        bind(
            symbols,
            "ngram_model_read",
            FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS, INT, ADDRESS));
    ngramModelSetInit =
        bind(
            symbols,
            "ngram_model_set_init",
            FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, INT));
    ngramModelFree = bind(symbols, "ngram_model_free", FunctionDescriptor.of(INT, ADDRESS));
    ngramModelSetInterp =
        bind(
            symbols,
            "ngram_model_set_interp",
            FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS, ADDRESS));
    ckdFree = bind(symbols, "ckd_free", FunctionDescriptor.ofVoid(ADDRESS));
    psGetFeat = bind(symbols, "ps_get_feat", FunctionDescriptor.of(ADDRESS, ADDRESS));
    cmnLiveUpdate = bind(symbols, "cmn_live_update", FunctionDescriptor.ofVoid(ADDRESS));
    // glibc keeps freed memory in its arenas; a decoder is tens of megabytes in many small blocks,
    // so without a trim a call's decoder stays in the process's RSS after the call. Other C
    // libraries (musl) have no malloc_trim and return memory on their own terms.
    mallocTrim =
        Linker.nativeLinker()
            .defaultLookup()
            .find("malloc_trim")
            .map(
                symbol ->
                    Linker.nativeLinker()
                        .downcallHandle(symbol, FunctionDescriptor.of(INT, ValueLayout.JAVA_LONG)))
            .orElse(null);
    MethodHandle errSetLogfp = bind(symbols, "err_set_logfp", FunctionDescriptor.ofVoid(ADDRESS));
    try {
      // SphinxBase logs every model it reads to stderr; a NULL stream switches that off for the
      // whole process, once, before any decoder exists.
      errSetLogfp.invokeExact(MemorySegment.NULL);
    } catch (Throwable e) {
      throw fatal("err_set_logfp", e);
    }
  }

  /**
   * The process-wide binding, loaded on first use.
   *
   * @throws ProviderException of kind {@code UNAVAILABLE} if the libraries are not installed or
   *     native access is denied; a later call tries again, so installing the package while the
   *     process runs is enough
   */
  static PocketSphinx load() {
    LOADING.lock();
    try {
      PocketSphinx binding = loaded;
      if (binding == null) {
        binding =
            new PocketSphinx(
                lookup(
                    NativeLibrary.candidates("pocketsphinx", "3"),
                    NativeLibrary.candidates("sphinxbase", "3")));
        loaded = binding;
      }
      return binding;
    } finally {
      LOADING.unlock();
    }
  }

  /** Finds the first of each list of library names that the dynamic linker can load. */
  static SymbolLookup lookup(List<String> pocketsphinxNames, List<String> sphinxbaseNames) {
    Optional<SymbolLookup> pocketsphinx = firstLibrary(pocketsphinxNames);
    Optional<SymbolLookup> sphinxbase = firstLibrary(sphinxbaseNames);
    if (pocketsphinx.isEmpty() || sphinxbase.isEmpty()) {
      throw new ProviderException(
          ProviderException.Kind.UNAVAILABLE,
          "PocketSphinx is not installed: the native library libpocketsphinx.so.3 (Debian package "
              + LIBRARY_PACKAGE
              + ") could not be loaded. Fix: "
              + FIX);
    }
    return pocketsphinx.get().or(sphinxbase.get());
  }

  private static Optional<SymbolLookup> firstLibrary(List<String> names) {
    for (String name : names) {
      try {
        return Optional.of(SymbolLookup.libraryLookup(name, Arena.global()));
      } catch (IllegalArgumentException notFound) {
        // Try the next name.
      } catch (IllegalCallerException denied) {
        throw nativeAccessDenied(denied);
      }
    }
    return Optional.empty();
  }

  private static MethodHandle bind(SymbolLookup symbols, String name, FunctionDescriptor type) {
    MemorySegment symbol =
        symbols
            .find(name)
            .orElseThrow(
                () ->
                    new ProviderException(
                        ProviderException.Kind.UNAVAILABLE,
                        "The installed PocketSphinx does not export "
                            + name
                            + "; this adapter binds the 5prealpha API of Debian's "
                            + LIBRARY_PACKAGE
                            + ". Fix: "
                            + FIX));
    try {
      return Linker.nativeLinker().downcallHandle(symbol, type);
    } catch (IllegalCallerException denied) {
      throw nativeAccessDenied(denied);
    }
  }

  private static ProviderException nativeAccessDenied(RuntimeException cause) {
    return new ProviderException(
        ProviderException.Kind.UNAVAILABLE,
        "Native access is denied to parley-speech-sphinx: start the JVM with"
            + " --enable-native-access=ALL-UNNAMED (or the module's name)",
        cause);
  }

  static ProviderException fatal(String function, Throwable cause) {
    return new ProviderException(
        ProviderException.Kind.FATAL, "PocketSphinx call " + function + " failed", cause);
  }

  /** Reads a NUL-terminated UTF-8 string, or returns {@code null} for a NULL pointer. */
  static @Nullable String string(MemorySegment pointer) {
    if (pointer.equals(MemorySegment.NULL)) {
      return null;
    }
    return pointer.reinterpret(Long.MAX_VALUE).getString(0);
  }

  /** {@code arg_t const *ps_args(void)}: the decoder's argument definitions. */
  MemorySegment psArgs() {
    try {
      return (MemorySegment) psArgs.invokeExact();
    } catch (Throwable e) {
      throw fatal("ps_args", e);
    }
  }

  /**
   * {@code cmd_ln_t *cmd_ln_parse_r(NULL, defn, argc, argv, strict)}. The returned configuration
   * keeps pointers to the argument names in {@code argv}, so their memory must outlive it.
   */
  MemorySegment cmdLnParse(MemorySegment definitions, int argc, MemorySegment argv) {
    try {
      return (MemorySegment) cmdLnParse.invokeExact(MemorySegment.NULL, definitions, argc, argv, 1);
    } catch (Throwable e) {
      throw fatal("cmd_ln_parse_r", e);
    }
  }

  int cmdLnFree(MemorySegment config) {
    try {
      return (int) cmdLnFree.invokeExact(config);
    } catch (Throwable e) {
      throw fatal("cmd_ln_free_r", e);
    }
  }

  MemorySegment psInit(MemorySegment config) {
    try {
      return (MemorySegment) psInit.invokeExact(config);
    } catch (Throwable e) {
      throw fatal("ps_init", e);
    }
  }

  int psFree(MemorySegment decoder) {
    try {
      return (int) psFree.invokeExact(decoder);
    } catch (Throwable e) {
      throw fatal("ps_free", e);
    }
  }

  MemorySegment psGetLogmath(MemorySegment decoder) {
    try {
      return (MemorySegment) psGetLogmath.invokeExact(decoder);
    } catch (Throwable e) {
      throw fatal("ps_get_logmath", e);
    }
  }

  /** Adds an n-gram search; the decoder takes its own reference to {@code lm}. */
  int psSetLm(MemorySegment decoder, MemorySegment name, MemorySegment lm) {
    try {
      return (int) psSetLm.invokeExact(decoder, name, lm);
    } catch (Throwable e) {
      throw fatal("ps_set_lm", e);
    }
  }

  int psSetSearch(MemorySegment decoder, MemorySegment name) {
    try {
      return (int) psSetSearch.invokeExact(decoder, name);
    } catch (Throwable e) {
      throw fatal("ps_set_search", e);
    }
  }

  /** Adds a word to the dictionary (and to the n-gram searches' models); {@code -1} on error. */
  int psAddWord(MemorySegment decoder, MemorySegment word, MemorySegment phones, boolean update) {
    try {
      return (int) psAddWord.invokeExact(decoder, word, phones, update ? 1 : 0);
    } catch (Throwable e) {
      throw fatal("ps_add_word", e);
    }
  }

  /** The pronunciation of a dictionary word, or {@code null} if the word is not there. */
  @Nullable String psLookupWord(MemorySegment decoder, MemorySegment word) {
    MemorySegment phones;
    try {
      phones = (MemorySegment) psLookupWord.invokeExact(decoder, word);
    } catch (Throwable e) {
      throw fatal("ps_lookup_word", e);
    }
    String text = string(phones);
    if (text != null) {
      ckdFree(phones);
    }
    return text;
  }

  /**
   * Restarts the front end's frame count, which otherwise runs on across utterances and offsets
   * every later segment's frames.
   */
  int psStartStream(MemorySegment decoder) {
    try {
      return (int) psStartStream.invokeExact(decoder);
    } catch (Throwable e) {
      throw fatal("ps_start_stream", e);
    }
  }

  int psStartUtt(MemorySegment decoder) {
    try {
      return (int) psStartUtt.invokeExact(decoder);
    } catch (Throwable e) {
      throw fatal("ps_start_utt", e);
    }
  }

  /**
   * Decodes {@code samples} 16-bit samples; returns the number of frames searched or {@code <0}.
   */
  int psProcessRaw(MemorySegment decoder, MemorySegment data, long samples) {
    try {
      return (int) psProcessRaw.invokeExact(decoder, data, samples, 0, 0);
    } catch (Throwable e) {
      throw fatal("ps_process_raw", e);
    }
  }

  int psEndUtt(MemorySegment decoder) {
    try {
      return (int) psEndUtt.invokeExact(decoder);
    } catch (Throwable e) {
      throw fatal("ps_end_utt", e);
    }
  }

  /** The best hypothesis so far, owned by the decoder; {@code null} if there is none yet. */
  @Nullable String psGetHyp(MemorySegment decoder) {
    try {
      return string((MemorySegment) psGetHyp.invokeExact(decoder, MemorySegment.NULL));
    } catch (Throwable e) {
      throw fatal("ps_get_hyp", e);
    }
  }

  MemorySegment psSegIter(MemorySegment decoder) {
    try {
      return (MemorySegment) psSegIter.invokeExact(decoder);
    } catch (Throwable e) {
      throw fatal("ps_seg_iter", e);
    }
  }

  /** Advances the iterator; returns NULL, having freed it, after the last segment. */
  MemorySegment psSegNext(MemorySegment segment) {
    try {
      return (MemorySegment) psSegNext.invokeExact(segment);
    } catch (Throwable e) {
      throw fatal("ps_seg_next", e);
    }
  }

  @Nullable String psSegWord(MemorySegment segment) {
    try {
      return string((MemorySegment) psSegWord.invokeExact(segment));
    } catch (Throwable e) {
      throw fatal("ps_seg_word", e);
    }
  }

  /** Writes the segment's first and last frame (inclusive) into two ints. */
  void psSegFrames(MemorySegment segment, MemorySegment startFrame, MemorySegment endFrame) {
    try {
      psSegFrames.invokeExact(segment, startFrame, endFrame);
    } catch (Throwable e) {
      throw fatal("ps_seg_frames", e);
    }
  }

  void psSegFree(MemorySegment segment) {
    try {
      psSegFree.invokeExact(segment);
    } catch (Throwable e) {
      throw fatal("ps_seg_free", e);
    }
  }

  MemorySegment ngramModelRead(
      MemorySegment config, MemorySegment path, int fileType, MemorySegment logmath) {
    try {
      return (MemorySegment) ngramModelRead.invokeExact(config, path, fileType, logmath);
    } catch (Throwable e) {
      throw fatal("ngram_model_read", e);
    }
  }

  /** Groups models into one that interpolates them; takes a reference to each model. */
  MemorySegment ngramModelSetInit(
      MemorySegment config,
      MemorySegment models,
      MemorySegment names,
      MemorySegment weights,
      int count) {
    try {
      return (MemorySegment) ngramModelSetInit.invokeExact(config, models, names, weights, count);
    } catch (Throwable e) {
      throw fatal("ngram_model_set_init", e);
    }
  }

  /**
   * Sets the interpolation weights of a model set by its members' names: a search over the set
   * scores with the new weights from its next word on, with no rebuild. Returns NULL for an unknown
   * name.
   */
  MemorySegment ngramModelSetInterp(MemorySegment set, MemorySegment names, MemorySegment weights) {
    try {
      return (MemorySegment) ngramModelSetInterp.invokeExact(set, names, weights);
    } catch (Throwable e) {
      throw fatal("ngram_model_set_interp", e);
    }
  }

  /** Drops one reference; returns the references left (0 once freed). */
  int ngramModelFree(MemorySegment model) {
    try {
      return (int) ngramModelFree.invokeExact(model);
    } catch (Throwable e) {
      throw fatal("ngram_model_free", e);
    }
  }

  /**
   * Returns the C heap's free memory to the operating system ({@code malloc_trim(0)}), where the C
   * library has it; a no-op elsewhere.
   */
  void trimHeap() {
    MethodHandle trim = mallocTrim;
    if (trim == null) {
      return;
    }
    try {
      int released = (int) trim.invokeExact(0L);
      assert released >= 0;
    } catch (Throwable e) {
      throw fatal("malloc_trim", e);
    }
  }

  void ckdFree(MemorySegment pointer) {
    try {
      ckdFree.invokeExact(pointer);
    } catch (Throwable e) {
      throw fatal("ckd_free", e);
    }
  }

  /**
   * {@code feat_t *ps_get_feat(ps_decoder_t *)}: the decoder's feature computation, owned by it.
   */
  MemorySegment psGetFeat(MemorySegment decoder) {
    try {
      return (MemorySegment) psGetFeat.invokeExact(decoder);
    } catch (Throwable e) {
      throw fatal("ps_get_feat", e);
    }
  }

  /**
   * {@code void cmn_live_update(cmn_t *)}: sets the live cepstral mean to the running sum over its
   * frame count, and decays both once the count passes 800 frames.
   */
  void cmnLiveUpdate(MemorySegment cmn) {
    try {
      cmnLiveUpdate.invokeExact(cmn);
    } catch (Throwable e) {
      throw fatal("cmn_live_update", e);
    }
  }
}
