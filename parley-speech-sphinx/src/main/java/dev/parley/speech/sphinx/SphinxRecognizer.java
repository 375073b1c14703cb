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
import dev.parley.core.spi.SpeechRecognizer;
import dev.parley.core.spi.SpeechRecognizer.Expectation;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Streaming speech recognition with the system's PocketSphinx (CMU Sphinx), called through the FFM
 * API: a shared engine that holds the model paths and opens one native decoder per stream.
 *
 * <p>Install the library and the US English model with {@code bash parley-speech-sphinx/setup.sh}
 * (Debian packages {@code libpocketsphinx3} and {@code pocketsphinx-en-us}); the JVM needs {@code
 * --enable-native-access=ALL-UNNAMED}. Decoders are not thread-safe, so each stream has its own:
 * opening one reads the acoustic model, the 134,000-word dictionary and the 27 MB language model,
 * which took about 0.3 s and 90 MB of native memory per stream on the 2-core test machine, so open
 * a stream per call, not per utterance. Opening is serialised; streams then decode in parallel.
 *
 * <h2>Phrase hints</h2>
 *
 * <p>{@link Options#phraseHints()} become a small bigram language model of the hint phrases that
 * the stream's decoder interpolates with the general model ({@code ngram_model_set_init}), so hint
 * words and the word sequences inside a phrase ("queen of clubs") gain probability after any word,
 * while every other word keeps almost all of its own. Words missing from the dictionary are added
 * with {@code ps_add_word} when they can be spelled as two or three dictionary words ("dashwood" =
 * "dash" + "wood"); PocketSphinx 5prealpha has no letter-to-sound converter, so any other unknown
 * word is left out with a warning. Hints cannot make the decoder hear a word that was not said;
 * they tip close calls. On the test recordings, card-game hints took the card clips from a word
 * error rate of 0.38 to 0.10, and left the novel clips, which they do not fit, at 0.32 (0.34
 * without hints).
 *
 * <p>Thread-safe; the engine owns no native memory itself.
 */
public final class SphinxRecognizer implements SpeechRecognizer {
  /** Where Debian's {@code pocketsphinx-en-us} puts the US English model. */
  public static final Path DEBIAN_MODEL_DIRECTORY = Path.of("/usr/share/pocketsphinx/model/en-us");

  private static final String MODEL_PACKAGE = "pocketsphinx-en-us";

  /**
   * Interpolation weight of the hint model, tuned on the test recordings (0.0001 helped less, 0.01
   * started to hurt unrelated speech). SphinxBase mixes the models' scores after raising each
   * probability to the language weight (6.5), so a weight w scales a model's probabilities by about
   * w^(1/6.5): a hint word scores as if with 0.35 times its hint-model probability, while every
   * other word keeps 0.9998 of its general one.
   */
  static final float DEFAULT_HINT_WEIGHT = 0.001f;

  /**
   * Weight of the expected slot's model for the turn that expects it. An answer to "Where are you
   * flying to?" is very likely a city, so the slot gets far more than the call-wide hints: its
   * phrases score as if with about 0.6 of their slot-model probability. On the real card clips it
   * took the error rate from 0.381 to 0.095, and cost unrelated speech 0.014 when the wrong slot
   * was expected (docs/speech.md).
   */
  static final float DEFAULT_SLOT_WEIGHT = 0.05f;

  /**
   * The front end every stream gets unless the engine is built with another: a band-limited
   * (telephone) line has its empty 4–8 kHz band filled with the 0–4 kHz band mirrored at -16 dB
   * ({@link FrontEnd}), and the cepstral mean learns the caller's line within a second ({@link
   * CepstralMean}). Noise suppression stays off: it did not help the decoder (docs/speech.md).
   * Chosen on the tuning half of the real-speech channel measurement, where a fold at -10 dB made
   * clean speech worse (14 → 17 errors in 54 words) and -16 dB did not.
   */
  static final FrontEnd.Settings DEFAULT_FRONT_END =
      new FrontEnd.Settings(false, 1, true, 0.15, CepstralMean.PRIOR_FRAMES);

  private static final Logger LOG = LoggerFactory.getLogger(SphinxRecognizer.class);

  /** Only one decoder is built at a time: model loading is the slow, memory-hungry part. */
  private static final ReentrantLock OPENING = new ReentrantLock();

  private final PocketSphinx sphinx;
  private final Path acousticModel;
  private final Path dictionary;
  private final Path languageModel;
  private final float hintWeight;
  private final float slotWeight;
  private final FrontEnd.Settings frontEnd;
  private final List<String> decoderArguments;

  /** A decoder loaded ahead of the next call; guarded by {@link #OPENING}. */
  private @Nullable Loaded spare;

  /**
   * An engine over explicit model files.
   *
   * @param acousticModel the directory of the acoustic model ({@code mdef}, {@code means}, ...)
   * @param dictionary the pronunciation dictionary
   * @param languageModel the n-gram language model ({@code .lm.bin} or ARPA)
   * @throws ProviderException of kind {@code UNAVAILABLE} if the library or a model file is missing
   */
  public SphinxRecognizer(Path acousticModel, Path dictionary, Path languageModel) {
    this(acousticModel, dictionary, languageModel, DEFAULT_HINT_WEIGHT, DEFAULT_SLOT_WEIGHT);
  }

  SphinxRecognizer(
      Path acousticModel, Path dictionary, Path languageModel, float hintWeight, float slotWeight) {
    this(
        acousticModel,
        dictionary,
        languageModel,
        hintWeight,
        slotWeight,
        DEFAULT_FRONT_END,
        List.of());
  }

  /**
   * An engine with its own front end and decoder arguments ({@code -name value} pairs that replace
   * or add to the defaults), for measuring them.
   */
  SphinxRecognizer(
      Path acousticModel,
      Path dictionary,
      Path languageModel,
      float hintWeight,
      float slotWeight,
      FrontEnd.Settings frontEnd,
      List<String> decoderArguments) {
    this.frontEnd = frontEnd;
    this.decoderArguments = List.copyOf(decoderArguments);
    this.sphinx = PocketSphinx.load();
    this.acousticModel = requireExists(acousticModel, "acoustic model");
    this.dictionary = requireExists(dictionary, "dictionary");
    this.languageModel = requireExists(languageModel, "language model");
    this.hintWeight = hintWeight;
    this.slotWeight = slotWeight;
  }

  /**
   * The engine over Debian's US English model in {@link #DEBIAN_MODEL_DIRECTORY}.
   *
   * @throws ProviderException of kind {@code UNAVAILABLE}, naming the package to install, if the
   *     library or the model is missing
   */
  public static SphinxRecognizer loadDefault() {
    return loadDefault(DEFAULT_FRONT_END, List.of());
  }

  /** Debian's model with another front end and extra decoder arguments. */
  static SphinxRecognizer loadDefault(FrontEnd.Settings frontEnd, List<String> decoderArguments) {
    return new SphinxRecognizer(
        DEBIAN_MODEL_DIRECTORY.resolve("en-us"),
        DEBIAN_MODEL_DIRECTORY.resolve("cmudict-en-us.dict"),
        DEBIAN_MODEL_DIRECTORY.resolve("en-us.lm.bin"),
        DEFAULT_HINT_WEIGHT,
        DEFAULT_SLOT_WEIGHT,
        frontEnd,
        decoderArguments);
  }

  private static Path requireExists(Path path, String what) {
    if (!Files.exists(path)) {
      throw new ProviderException(
          ProviderException.Kind.UNAVAILABLE,
          "PocketSphinx "
              + what
              + " not found at "
              + path
              + " (Debian package "
              + MODEL_PACKAGE
              + "). Fix: "
              + PocketSphinx.FIX);
    }
    return path;
  }

  @Override
  public String name() {
    return "pocketsphinx";
  }

  /**
   * Opens a stream with its own decoder, biased towards the options' phrase hints and ready to lean
   * towards each declared expectation.
   *
   * @throws ProviderException {@code REJECTED} for a language other than English, {@code
   *     UNAVAILABLE} if the model cannot be loaded
   */
  @Override
  public Stream open(Options options, Listener listener) {
    if (!options.language().toLowerCase(Locale.ROOT).startsWith("en")) {
      throw new ProviderException(
          ProviderException.Kind.REJECTED,
          "The PocketSphinx model is US English; no model for " + options.language());
    }
    Loaded loaded = takeSpare(options);
    if (loaded == null) {
      OPENING.lock();
      try {
        loaded = load(options);
      } finally {
        OPENING.unlock();
      }
    } else {
      // The next call should not wait for the models either: load its decoder now, off the call.
      Thread.ofVirtual().name("pocketsphinx-spare").start(() -> prepareQuietly(options));
    }
    return new SphinxStream(
        sphinx,
        listener,
        loaded.arena(),
        loaded.decoder(),
        loaded.config(),
        loaded.set(),
        loaded.mixture(),
        frontEnd);
  }

  /**
   * Loads a decoder for {@code options} now, to be handed to the next {@link #open} with the same
   * options: a call then starts decoding at once instead of after the 0.3–1 s it takes to read the
   * models (more on a busy machine), during which its audio would queue. At most one spare is kept
   * (about 90 MB of native memory); a spare for other options is replaced.
   */
  @Override
  public void prepare(Options options) {
    OPENING.lock();
    try {
      Loaded current = spare;
      if (current != null && current.options().equals(options)) {
        return;
      }
      spare = null;
      if (current != null) {
        free(current);
      }
      spare = load(options);
    } finally {
      OPENING.unlock();
    }
  }

  private void prepareQuietly(Options options) {
    try {
      prepare(options);
    } catch (ProviderException e) {
      LOG.warn("Could not load a spare PocketSphinx decoder", e);
    }
  }

  private @Nullable Loaded takeSpare(Options options) {
    OPENING.lock();
    try {
      Loaded current = spare;
      if (current == null || !current.options().equals(options)) {
        return null;
      }
      spare = null;
      return current;
    } finally {
      OPENING.unlock();
    }
  }

  /** A decoder with its search set up, not yet handed to a stream. */
  private record Loaded(
      Options options,
      Arena arena,
      MemorySegment decoder,
      MemorySegment config,
      MemorySegment set,
      Mixture mixture) {}

  private void free(Loaded loaded) {
    sphinx.psFree(loaded.decoder());
    if (!loaded.set().equals(MemorySegment.NULL)) {
      sphinx.ngramModelFree(loaded.set());
    }
    sphinx.cmdLnFree(loaded.config());
    loaded.arena().close();
    sphinx.trimHeap();
  }

  private Loaded load(Options options) {
    Arena arena = Arena.ofShared();
    MemorySegment config = MemorySegment.NULL;
    MemorySegment decoder = MemorySegment.NULL;
    try {
      config = configure(arena);
      decoder = sphinx.psInit(config);
      if (decoder.equals(MemorySegment.NULL)) {
        throw new ProviderException(
            ProviderException.Kind.UNAVAILABLE,
            "PocketSphinx could not load the acoustic model "
                + acousticModel
                + " or the dictionary "
                + dictionary
                + ". Fix: "
                + PocketSphinx.FIX);
      }
      Models models = useLanguageModel(arena, config, decoder, options);
      return new Loaded(options, arena, decoder, config, models.set(), models.mixture());
    } catch (RuntimeException e) {
      if (!decoder.equals(MemorySegment.NULL)) {
        sphinx.psFree(decoder);
      }
      if (!config.equals(MemorySegment.NULL)) {
        sphinx.cmdLnFree(config);
      }
      arena.close();
      sphinx.trimHeap();
      throw e;
    }
  }

  /** Builds the decoder's {@code cmd_ln_t}; the argument strings live in {@code arena}. */
  private MemorySegment configure(Arena arena) {
    List<String> defaults =
        List.of(
            "-hmm",
            acousticModel.toString(),
            "-dict",
            dictionary.toString(),
            "-samprate",
            Integer.toString(SphinxStream.SAMPLE_RATE),
            // The stream gates silence itself and needs frames to stay aligned with the audio.
            "-remove_silence",
            "no",
            // The second (flat-lexicon) pass keeps every frame's features for the whole utterance
            // and did not lower the error rate on the test recordings; one pass plus the lattice's
            // best path keeps the cost of a long utterance flat.
            "-fwdflat",
            "no",
            // Prune by count, not by score: keep at most the 5,000 best HMMs a frame (the default
            // is 30,000) inside beams wider than the defaults (1e-48, 7e-29). On the test
            // recordings this took the real-time factor from 0.24 to 0.18 and the word error rate
            // from 0.333 to 0.323; a cap of 3,000 started to cost words.
            "-maxhmmpf",
            "5000",
            "-beam",
            "1e-60",
            "-wbeam",
            "1e-40");
    List<String> arguments = new ArrayList<>(defaults);
    for (int i = 0; i + 1 < decoderArguments.size(); i += 2) {
      int at = arguments.indexOf(decoderArguments.get(i));
      if (at >= 0 && at % 2 == 0) {
        arguments.set(at + 1, decoderArguments.get(i + 1));
      } else {
        arguments.add(decoderArguments.get(i));
        arguments.add(decoderArguments.get(i + 1));
      }
    }
    MemorySegment argv = arena.allocate(ValueLayout.ADDRESS, arguments.size());
    for (int i = 0; i < arguments.size(); i++) {
      argv.setAtIndex(ValueLayout.ADDRESS, i, arena.allocateFrom(arguments.get(i)));
    }
    MemorySegment config = sphinx.cmdLnParse(sphinx.psArgs(), arguments.size(), argv);
    if (config.equals(MemorySegment.NULL)) {
      throw new ProviderException(
          ProviderException.Kind.FATAL, "PocketSphinx rejected its configuration " + arguments);
    }
    return config;
  }

  /**
   * A stream's language model: the model set the search uses, with one reference owned by the
   * stream ({@code NULL} when the general model is used alone), and how its weights move.
   */
  private record Models(MemorySegment set, Mixture mixture) {}

  /**
   * Loads the general language model, mixes it with the hints' model and one model per declared
   * expectation if there are any, and makes the result the decoder's search.
   */
  private Models useLanguageModel(
      Arena arena, MemorySegment config, MemorySegment decoder, Options options) {
    MemorySegment logmath = sphinx.psGetLogmath(decoder);
    PhraseHints hints;
    Map<String, PhraseHints> slots = new LinkedHashMap<>();
    try (Arena lookups = Arena.ofConfined()) {
      java.util.function.Function<String, @Nullable String> lookup =
          word -> sphinx.psLookupWord(decoder, lookups.allocateFrom(word));
      hints = PhraseHints.plan(options.phraseHints(), lookup);
      for (Expectation expectation : options.expectations()) {
        PhraseHints plan = PhraseHints.plan(expectation.phrases(), lookup);
        if (!plan.isEmpty()) {
          slots.put(expectation.slot(), plan);
        }
      }
    }
    List<PhraseHints> plans = new ArrayList<>();
    plans.add(hints);
    plans.addAll(slots.values());
    addWords(arena, decoder, plans);
    Mixture mixture =
        new Mixture(!hints.isEmpty(), List.copyOf(slots.keySet()), hintWeight, slotWeight);

    MemorySegment general =
        sphinx.ngramModelRead(
            config, arena.allocateFrom(languageModel.toString()), PocketSphinx.NGRAM_AUTO, logmath);
    if (general.equals(MemorySegment.NULL)) {
      throw new ProviderException(
          ProviderException.Kind.UNAVAILABLE,
          "PocketSphinx could not read the language model "
              + languageModel
              + ". Fix: "
              + PocketSphinx.FIX);
    }
    MemorySegment model = general;
    if (mixture.mixes()) {
      List<MemorySegment> members = new ArrayList<>();
      members.add(general);
      try {
        if (mixture.hints()) {
          members.add(readArpa(arena, config, logmath, hints.arpa()));
        }
        for (PhraseHints slot : slots.values()) {
          members.add(readArpa(arena, config, logmath, slot.arpa()));
        }
        model = combine(arena, config, members, mixture);
      } finally {
        // The set holds its own reference to each member; on failure this frees them.
        for (MemorySegment member : members) {
          sphinx.ngramModelFree(member);
        }
      }
    }
    boolean kept = false;
    try {
      MemorySegment name = arena.allocateFrom("parley");
      if (sphinx.psSetLm(decoder, name, model) < 0 || sphinx.psSetSearch(decoder, name) < 0) {
        throw new ProviderException(
            ProviderException.Kind.FATAL, "PocketSphinx could not set up its language model");
      }
      kept = mixture.mixes();
      return new Models(kept ? model : MemorySegment.NULL, mixture);
    } finally {
      if (!kept) {
        // The search holds its own reference; a set keeps the stream's too, to move its weights.
        sphinx.ngramModelFree(model);
      }
    }
  }

  /** Adds the words the plans composed from dictionary words, each once, before any search. */
  private void addWords(Arena arena, MemorySegment decoder, List<PhraseHints> plans) {
    Set<String> skipped = new LinkedHashSet<>();
    Map<String, String> additions = new LinkedHashMap<>();
    for (PhraseHints plan : plans) {
      skipped.addAll(plan.skipped());
      plan.additions().forEach(additions::putIfAbsent);
    }
    if (!skipped.isEmpty()) {
      LOG.warn(
          "Phrase hint words with no pronunciation in {} were left out: {}", dictionary, skipped);
    }
    for (Map.Entry<String, String> addition : additions.entrySet()) {
      // No search exists yet, so the word only enters the dictionary; the search built after
      // sees it.
      int added =
          sphinx.psAddWord(
              decoder,
              arena.allocateFrom(addition.getKey()),
              arena.allocateFrom(addition.getValue()),
              false);
      if (added < 0) {
        throw new ProviderException(
            ProviderException.Kind.REJECTED,
            "PocketSphinx refused the hint word " + addition.getKey());
      }
    }
  }

  private MemorySegment readArpa(
      Arena arena, MemorySegment config, MemorySegment logmath, String arpa) {
    MemorySegment model;
    Path file = null;
    try {
      file = Files.createTempFile("parley-hints", ".arpa");
      Files.writeString(file, arpa);
      model =
          sphinx.ngramModelRead(
              config, arena.allocateFrom(file.toString()), PocketSphinx.NGRAM_ARPA, logmath);
    } catch (IOException e) {
      throw new ProviderException(
          ProviderException.Kind.UNAVAILABLE, "Cannot write the phrase hints' model", e);
    } finally {
      deleteQuietly(file);
    }
    if (model.equals(MemorySegment.NULL)) {
      throw new ProviderException(
          ProviderException.Kind.FATAL, "PocketSphinx could not read the phrase hints' model");
    }
    return model;
  }

  /**
   * Groups the members into one set, weighted for the first utterance; takes a reference to each.
   */
  private MemorySegment combine(
      Arena arena, MemorySegment config, List<MemorySegment> members, Mixture mixture) {
    List<String> names = mixture.names();
    MemorySegment models = arena.allocate(ValueLayout.ADDRESS, members.size());
    for (int i = 0; i < members.size(); i++) {
      models.setAtIndex(ValueLayout.ADDRESS, i, members.get(i));
    }
    MemorySegment weights =
        arena.allocateFrom(ValueLayout.JAVA_FLOAT, mixture.weights(mixture.firstSlot()));
    MemorySegment set =
        sphinx.ngramModelSetInit(
            config, models, SphinxStream.names(arena, names), weights, members.size());
    if (set.equals(MemorySegment.NULL)) {
      throw new ProviderException(
          ProviderException.Kind.FATAL, "PocketSphinx could not combine the language models");
    }
    return set;
  }

  private static void deleteQuietly(@Nullable Path file) {
    if (file != null) {
      try {
        Files.deleteIfExists(file);
      } catch (IOException e) {
        // A stray temporary file is harmless.
      }
    }
  }

  /**
   * The word a decoder token stands for, or {@code null} for fillers: {@code <s>}, {@code </s>},
   * {@code <sil>}, {@code [NOISE]} and the like. Alternate pronunciations ({@code "read(2)"}) lose
   * their suffix.
   */
  static @Nullable String spokenWord(String token) {
    if (token.isEmpty()
        || token.startsWith("<")
        || token.startsWith("[")
        || token.startsWith("+")) {
      return null;
    }
    int alternate = token.indexOf('(');
    String word = alternate > 0 ? token.substring(0, alternate) : token;
    return word.isEmpty() ? null : word;
  }
}
