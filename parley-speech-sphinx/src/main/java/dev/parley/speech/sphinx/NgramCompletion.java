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

import dev.parley.core.spi.ProviderException;
import dev.parley.core.turn.CompletionModel;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Text completeness from the recogniser's own n-gram model: the probability of the sentence end
 * {@code </s>} after the last two words, read through SphinxBase's n-gram API ({@code
 * ngram_model_read}, {@code ngram_wid}, {@code ngram_ng_prob}) from the {@code en-us.lm.bin} that
 * Debian's {@code pocketsphinx-en-us} ships.
 *
 * <p>The raw end probability is small even after a finished sentence (a sentence can always go on),
 * so it is read against a reference: {@code log10 P(</s> | w1 w2)} minus a pivot, scaled, then
 * squashed to {@code [0, 1]}. The pivot and slope were fitted on a tuning list of complete and
 * unfinished English phrases (see {@code NgramCompletionTest}); a held-out list checks them. A
 * history the model backs off from entirely (both words unknown) answers {@code NaN}, and the judge
 * falls back to the word classes.
 *
 * <p>One model per process, shared by every session; answers are cached per pair of words, so a
 * call's repeated judgements of the same words never reach the native code twice. The native calls
 * hold a lock: SphinxBase's trie lookups are not documented as thread-safe.
 */
public final class NgramCompletion implements CompletionModel, AutoCloseable {
  /** The model Debian's {@code pocketsphinx-en-us} installs. */
  public static final Path DEBIAN_LM =
      SphinxRecognizer.DEBIAN_MODEL_DIRECTORY.resolve("en-us.lm.bin");

  /** {@code log10 P(</s>)} at which the evidence is neutral, fitted on the tuning phrases. */
  static final double PIVOT_LOG10 = -1.15;

  /** Log-odds per decade of end probability, fitted on the tuning phrases. */
  static final double SLOPE = 4.0;

  private static final double LOGMATH_BASE = 1.0001;
  private static final int NGRAM_AUTO = 0;
  private static final int CACHE_LIMIT = 50_000;

  private final Binding native_;
  private final MemorySegment logmath;
  private final MemorySegment model;
  private final int endWid;
  private final int unknownWid;
  private final String name;
  private final ReentrantLock lock = new ReentrantLock();
  private final Map<String, Double> cache = new ConcurrentHashMap<>();
  private final Arena arena = Arena.ofShared();
  private final MemorySegment history;
  private final MemorySegment used;
  private boolean closed;

  private NgramCompletion(Binding binding, Path lm) {
    this.native_ = binding;
    this.logmath = binding.logmathInit(LOGMATH_BASE);
    if (logmath.equals(MemorySegment.NULL)) {
      throw new ProviderException(ProviderException.Kind.FATAL, "logmath_init failed");
    }
    try (Arena path = Arena.ofConfined()) {
      this.model =
          binding.ngramModelRead(path.allocateFrom(lm.toString()), NGRAM_AUTO, this.logmath);
    }
    if (model.equals(MemorySegment.NULL)) {
      binding.logmathFree(logmath);
      throw new ProviderException(
          ProviderException.Kind.UNAVAILABLE,
          "could not read the n-gram model " + lm + "; fix: " + PocketSphinx.FIX);
    }
    this.endWid = wid("</s>");
    this.unknownWid = binding.ngramUnknownWid(model);
    this.name = "ngram:" + lm.getFileName();
    this.history = arena.allocate(ValueLayout.JAVA_INT, 2);
    this.used = arena.allocate(ValueLayout.JAVA_INT);
  }

  /** Reads {@code lm} (binary or ARPA). */
  public static NgramCompletion open(Path lm) {
    if (!Files.isReadable(lm)) {
      throw new ProviderException(
          ProviderException.Kind.UNAVAILABLE,
          "no n-gram model at "
              + lm
              + " (Debian package pocketsphinx-en-us); fix: "
              + PocketSphinx.FIX);
    }
    return new NgramCompletion(Binding.load(), lm);
  }

  /** Debian's US English model, if it and the libraries are installed. */
  public static Optional<NgramCompletion> debian() {
    try {
      return Optional.of(open(DEBIAN_LM));
    } catch (ProviderException e) {
      return Optional.empty();
    }
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public double endProbability(List<String> words) {
    if (words.isEmpty()) {
      return Double.NaN;
    }
    String last = words.getLast();
    String before = words.size() > 1 ? words.get(words.size() - 2) : "<s>";
    String key = before + ' ' + last;
    Double known = cache.get(key);
    if (known != null) {
      return known;
    }
    double log10 = endLog10(before, last);
    double p = Double.isNaN(log10) ? Double.NaN : calibrate(log10);
    if (cache.size() < CACHE_LIMIT) {
      cache.put(key, p);
    }
    return p;
  }

  /** Maps {@code log10 P(</s> | history)} to a completion probability. */
  static double calibrate(double log10) {
    return 1 / (1 + Math.exp(-SLOPE * (log10 - PIVOT_LOG10)));
  }

  /**
   * {@code log10 P(</s> | before last)}, or NaN when the last word is unknown to the model (its
   * history would be only the unknown word, which says nothing about this sentence).
   */
  double endLog10(String before, String last) {
    lock.lock();
    try {
      if (closed) {
        return Double.NaN;
      }
      int w2 = wid(last);
      if (w2 == unknownWid) {
        return Double.NaN;
      }
      int w1 = wid(before);
      history.setAtIndex(ValueLayout.JAVA_INT, 0, w2);
      history.setAtIndex(ValueLayout.JAVA_INT, 1, w1);
      int nHist = w1 == unknownWid ? 1 : 2;
      int logp = native_.ngramNgProb(model, endWid, history, nHist, used);
      return logp * Math.log10(LOGMATH_BASE);
    } finally {
      lock.unlock();
    }
  }

  private int wid(String word) {
    try (Arena scratch = Arena.ofConfined()) {
      return native_.ngramWid(model, scratch.allocateFrom(word));
    }
  }

  @Override
  public void close() {
    lock.lock();
    try {
      if (!closed) {
        closed = true;
        native_.ngramModelFree(model);
        native_.logmathFree(logmath);
        arena.close();
      }
    } finally {
      lock.unlock();
    }
  }

  /** The n-gram and log-math functions of SphinxBase, bound with FFM downcalls. */
  private static final class Binding {
    private static final ReentrantLock LOADING = new ReentrantLock();
    private static @org.jspecify.annotations.Nullable Binding loaded;

    private final MethodHandle logmathInit;
    private final MethodHandle logmathFree;
    private final MethodHandle ngramModelRead;
    private final MethodHandle ngramModelFree;
    private final MethodHandle ngramWid;
    private final MethodHandle ngramUnknownWid;
    private final MethodHandle ngramNgProb;

    private Binding(SymbolLookup symbols) {
      ValueLayout a = ValueLayout.ADDRESS;
      ValueLayout i = ValueLayout.JAVA_INT;
      logmathInit =
          bind(symbols, "logmath_init", FunctionDescriptor.of(a, ValueLayout.JAVA_DOUBLE, i, i));
      logmathFree = bind(symbols, "logmath_free", FunctionDescriptor.of(i, a));
      ngramModelRead = bind(symbols, "ngram_model_read", FunctionDescriptor.of(a, a, a, i, a));
      ngramModelFree = bind(symbols, "ngram_model_free", FunctionDescriptor.of(i, a));
      ngramWid = bind(symbols, "ngram_wid", FunctionDescriptor.of(i, a, a));
      ngramUnknownWid = bind(symbols, "ngram_unknown_wid", FunctionDescriptor.of(i, a));
      ngramNgProb = bind(symbols, "ngram_ng_prob", FunctionDescriptor.of(i, a, i, a, i, a));
    }

    static Binding load() {
      LOADING.lock();
      try {
        Binding binding = loaded;
        if (binding == null) {
          // The same libraries the recogniser binds; PocketSphinx.load() reports them missing
          // and switches SphinxBase's log off before any model is read.
          PocketSphinx.load();
          binding =
              new Binding(
                  PocketSphinx.lookup(
                      List.of("libpocketsphinx.so.3", "libpocketsphinx.so"),
                      List.of("libsphinxbase.so.3", "libsphinxbase.so")));
          loaded = binding;
        }
        return binding;
      } finally {
        LOADING.unlock();
      }
    }

    private static MethodHandle bind(SymbolLookup symbols, String name, FunctionDescriptor type) {
      MemorySegment symbol =
          symbols
              .find(name)
              .orElseThrow(
                  () ->
                      new ProviderException(
                          ProviderException.Kind.UNAVAILABLE,
                          "the installed SphinxBase does not export " + name));
      return Linker.nativeLinker().downcallHandle(symbol, type);
    }

    MemorySegment logmathInit(double base) {
      try {
        return (MemorySegment) logmathInit.invokeExact(base, 0, 0);
      } catch (Throwable e) {
        throw fatal("logmath_init", e);
      }
    }

    void logmathFree(MemorySegment logmath) {
      try {
        int unused = (int) logmathFree.invokeExact(logmath);
      } catch (Throwable e) {
        throw fatal("logmath_free", e);
      }
    }

    MemorySegment ngramModelRead(MemorySegment path, int type, MemorySegment logmath) {
      try {
        return (MemorySegment) ngramModelRead.invokeExact(MemorySegment.NULL, path, type, logmath);
      } catch (Throwable e) {
        throw fatal("ngram_model_read", e);
      }
    }

    void ngramModelFree(MemorySegment model) {
      try {
        int unused = (int) ngramModelFree.invokeExact(model);
      } catch (Throwable e) {
        throw fatal("ngram_model_free", e);
      }
    }

    int ngramWid(MemorySegment model, MemorySegment word) {
      try {
        return (int) ngramWid.invokeExact(model, word);
      } catch (Throwable e) {
        throw fatal("ngram_wid", e);
      }
    }

    int ngramUnknownWid(MemorySegment model) {
      try {
        return (int) ngramUnknownWid.invokeExact(model);
      } catch (Throwable e) {
        throw fatal("ngram_unknown_wid", e);
      }
    }

    int ngramNgProb(
        MemorySegment model, int wid, MemorySegment history, int nHist, MemorySegment used) {
      try {
        return (int) ngramNgProb.invokeExact(model, wid, history, nHist, used);
      } catch (Throwable e) {
        throw fatal("ngram_ng_prob", e);
      }
    }

    private static ProviderException fatal(String function, Throwable e) {
      return new ProviderException(
          ProviderException.Kind.FATAL, function + " failed: " + e.getMessage());
    }
  }
}
