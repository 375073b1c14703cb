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
package dev.parley.embed;

import dev.parley.core.session.Components;
import dev.parley.core.speech.EnergyVad;
import dev.parley.core.speech.Failover;
import dev.parley.core.speech.FallbackRecognizer;
import dev.parley.core.speech.FallbackSynthesizer;
import dev.parley.core.speech.PlaceholderVoice;
import dev.parley.core.spi.Agent;
import dev.parley.core.spi.ProviderException;
import dev.parley.core.spi.SpeechRecognizer;
import dev.parley.core.spi.SpeechSynthesizer;
import dev.parley.core.spi.TurnDetector;
import dev.parley.core.spi.VoiceActivityDetector;
import dev.parley.core.turn.CompletionModel;
import dev.parley.speech.cloud.CloudSpeech;
import dev.parley.speech.flite.FliteSynthesizer;
import dev.parley.speech.silero.SileroVad;
import dev.parley.speech.smartturn.SmartTurnDetector;
import dev.parley.speech.sphinx.NgramCompletion;
import dev.parley.speech.sphinx.SphinxRecognizer;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The speech side of a call: voice activity detector, recogniser, synthesiser and, optionally, a
 * turn detector, loaded once and shared by every call of a process (each provider opens its own
 * per-call stream).
 *
 * <p>{@link #embedded()} is Parley's default stack, all on this machine: Silero VAD, PocketSphinx,
 * Flite and Smart Turn v3. Each falls back rather than fail when its library or model is missing:
 * Silero to the energy VAD, PocketSphinx to a recogniser that hears no words (turns then end on
 * silence, pitch and context), Flite to a placeholder voice, and Smart Turn to none. What fell back
 * and why is in {@link #fallbacks()}. A provider the user names explicitly ({@code vosk:DIR}, a
 * Piper voice) does not fall back: failing to load it is an error that names the file.
 *
 * <p>Cloud providers go by the same names as on the command line ({@code deepgram}, {@code
 * elevenlabs:VOICE_ID}, ...; keys from their environment variables), and a comma-separated list is
 * a fallback chain that takes over mid-call ({@code "deepgram,sphinx"}).
 *
 * <p>Composable: start from {@link #embedded()} or {@link #builder()} and replace any part ({@link
 * #withRecognizer}, ...) with any provider behind the same SPI. Immutable and thread-safe.
 */
public final class Speech {
  /** The names {@link #named} accepts for each part, for help texts and errors. */
  public static final String KNOWN_VADS = "silero, energy";

  public static final String KNOWN_RECOGNIZERS =
      "sphinx, none, vosk:MODEL_DIR, whisper:MODEL.bin, deepgram[:MODEL], assemblyai,"
          + " openai[:MODEL]; a comma-separated list is a fallback chain";

  public static final String KNOWN_SYNTHESIZERS =
      "flite, placeholder, piper:VOICE.onnx, elevenlabs:VOICE_ID, cartesia:VOICE_ID,"
          + " openai[:VOICE]; a comma-separated list is a fallback chain";

  private final VoiceActivityDetector vad;
  private final SpeechRecognizer recognizer;
  private final SpeechSynthesizer synthesizer;
  private final Optional<TurnDetector> turnDetector;
  private final List<String> fallbacks;

  private Speech(
      VoiceActivityDetector vad,
      SpeechRecognizer recognizer,
      SpeechSynthesizer synthesizer,
      Optional<TurnDetector> turnDetector,
      List<String> fallbacks) {
    this.vad = vad;
    this.recognizer = recognizer;
    this.synthesizer = synthesizer;
    this.turnDetector = turnDetector;
    this.fallbacks = List.copyOf(fallbacks);
  }

  /**
   * Parley's embedded stack with its fallbacks: Silero, PocketSphinx, Flite, and Smart Turn when
   * its weights are installed ({@code parley models install smart-turn}). Never fails for a missing
   * library or model; see {@link #fallbacks()}.
   *
   * @throws IllegalArgumentException only when an installed model is corrupt
   */
  public static Speech embedded() {
    return named("silero", "sphinx", "flite");
  }

  /**
   * The stack the command line's {@code --vad}, {@code --stt} and {@code --tts} names choose, with
   * Smart Turn when installed.
   *
   * @throws IllegalArgumentException for an unknown name, or a user-named model that cannot be
   *     loaded (the message names it)
   */
  public static Speech named(String vad, String recognizer, String synthesizer) {
    List<String> notes = new ArrayList<>();
    return new Speech(
        vad(vad, notes::add),
        recognizer(recognizer, notes::add),
        synthesizer(synthesizer, notes::add),
        turnDetector(notes::add),
        notes);
  }

  /** Starts a stack from parts the caller supplies (see {@link Builder#build()} for the rest). */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The VAD {@code name} names: {@code silero} falls back to {@code energy} when its model or ONNX
   * Runtime cannot load, telling {@code notes} why.
   *
   * @throws IllegalArgumentException for an unknown name
   */
  public static VoiceActivityDetector vad(String name, Consumer<String> notes) {
    return switch (name.strip().toLowerCase(Locale.ROOT)) {
      case "energy" -> new EnergyVad();
      case "silero" -> {
        try {
          yield SileroVad.load();
        } catch (ProviderException | LinkageError e) {
          notes.accept("Silero VAD unavailable, using the energy VAD: " + e.getMessage());
          yield new EnergyVad();
        }
      }
      default ->
          throw new IllegalArgumentException(
              "unknown VAD '" + name + "' (known: " + KNOWN_VADS + ")");
    };
  }

  /**
   * The recogniser {@code name} names: {@code sphinx} falls back (telling {@code notes}) to one
   * that hears no words when PocketSphinx is not installed; {@code none} hears no words; {@code
   * vosk:MODEL_DIR} and {@code whisper:MODEL.bin} load a model the user supplies.
   *
   * @throws IllegalArgumentException for an unknown name or a user model that cannot be loaded
   */
  public static SpeechRecognizer recognizer(String name, Consumer<String> notes) {
    if (name.contains(",")) {
      List<SpeechRecognizer> chain = new ArrayList<>();
      for (String part : name.split(",")) {
        chain.add(recognizer(part.strip(), notes));
      }
      return new FallbackRecognizer(chain, failover(notes));
    }
    Optional<SpeechRecognizer> cloud = cloud(name, () -> CloudSpeech.recognizer(name.strip()));
    if (cloud.isPresent()) {
      return cloud.get();
    }
    String lower = name.strip().toLowerCase(Locale.ROOT);
    if (lower.startsWith("vosk:")) {
      String dir = name.strip().substring("vosk:".length());
      return userModel("vosk:" + dir, "parley-speech-vosk", () -> UserModels.vosk(Path.of(dir)));
    }
    if (lower.startsWith("whisper:")) {
      String file = name.strip().substring("whisper:".length());
      return userModel(
          "whisper:" + file, "parley-speech-whisper", () -> UserModels.whisper(Path.of(file)));
    }
    return switch (lower) {
      case "none" -> SpeechRecognizer.none();
      case "sphinx" -> {
        try {
          yield SphinxRecognizer.loadDefault();
        } catch (ProviderException | LinkageError e) {
          notes.accept("PocketSphinx unavailable, no words will be recognised: " + e.getMessage());
          yield SpeechRecognizer.none();
        }
      }
      default ->
          throw new IllegalArgumentException(
              "unknown recogniser '" + name + "' (known: " + KNOWN_RECOGNIZERS + ")");
    };
  }

  /**
   * The synthesiser {@code name} names: {@code flite} falls back (telling {@code notes}) to the
   * placeholder voice when libflite is not installed; {@code piper:VOICE.onnx} loads a Piper voice
   * the user supplies.
   *
   * @throws IllegalArgumentException for an unknown name or a voice that cannot be loaded
   */
  public static SpeechSynthesizer synthesizer(String name, Consumer<String> notes) {
    if (name.contains(",")) {
      List<SpeechSynthesizer> chain = new ArrayList<>();
      for (String part : name.split(",")) {
        chain.add(synthesizer(part.strip(), notes));
      }
      return new FallbackSynthesizer(chain, failover(notes));
    }
    Optional<SpeechSynthesizer> cloud = cloud(name, () -> CloudSpeech.voice(name.strip()));
    if (cloud.isPresent()) {
      return cloud.get();
    }
    String lower = name.strip().toLowerCase(Locale.ROOT);
    if (lower.startsWith("piper:")) {
      String file = name.strip().substring("piper:".length());
      return userModel(
          "piper:" + file, "parley-speech-piper", () -> UserModels.piper(Path.of(file)));
    }
    return switch (lower) {
      case "placeholder" -> new PlaceholderVoice();
      case "flite" -> {
        try {
          yield FliteSynthesizer.load();
        } catch (ProviderException | LinkageError e) {
          notes.accept("Flite unavailable, using the placeholder voice: " + e.getMessage());
          yield new PlaceholderVoice();
        }
      }
      default ->
          throw new IllegalArgumentException(
              "unknown synthesiser '" + name + "' (known: " + KNOWN_SYNTHESIZERS + ")");
    };
  }

  /**
   * Smart Turn v3 when its weights are installed; otherwise none (telling {@code notes}), and the
   * turn judge goes by words, pitch and context alone.
   *
   * @throws IllegalArgumentException when installed weights are corrupt
   */
  public static Optional<TurnDetector> turnDetector(Consumer<String> notes) {
    try {
      Optional<SmartTurnDetector> detector = SmartTurnDetector.loadIfInstalled();
      if (detector.isEmpty()) {
        notes.accept(
            "Smart Turn not installed (./parley models install smart-turn); judging turns"
                + " by words, pitch and context");
      }
      return detector.map(d -> d);
    } catch (ProviderException e) {
      throw new IllegalArgumentException(String.valueOf(e.getMessage()), e);
    } catch (LinkageError e) {
      notes.accept("Smart Turn unavailable (" + e.getMessage() + "); judging turns without it");
      return Optional.empty();
    }
  }

  public VoiceActivityDetector vad() {
    return vad;
  }

  public SpeechRecognizer recognizer() {
    return recognizer;
  }

  public SpeechSynthesizer synthesizer() {
    return synthesizer;
  }

  public Optional<TurnDetector> turnDetector() {
    return turnDetector;
  }

  /** What fell back when this stack was loaded, and why, one sentence each; empty when nothing. */
  public List<String> fallbacks() {
    return fallbacks;
  }

  /** This stack with {@code vad} instead. */
  public Speech withVad(VoiceActivityDetector vad) {
    return new Speech(vad, recognizer, synthesizer, turnDetector, fallbacks);
  }

  /** This stack with {@code recognizer} instead. */
  public Speech withRecognizer(SpeechRecognizer recognizer) {
    return new Speech(vad, recognizer, synthesizer, turnDetector, fallbacks);
  }

  /** This stack with {@code synthesizer} instead. */
  public Speech withSynthesizer(SpeechSynthesizer synthesizer) {
    return new Speech(vad, recognizer, synthesizer, turnDetector, fallbacks);
  }

  /** This stack with {@code turnDetector}, or without one when empty. */
  public Speech withTurnDetector(Optional<TurnDetector> turnDetector) {
    return new Speech(vad, recognizer, synthesizer, turnDetector, fallbacks);
  }

  /**
   * The providers of a call to {@code agent} on this stack; the agent's domain words ("Boston",
   * "October", "two of us") bias the recogniser.
   */
  public Components components(Agent agent) {
    Components.Builder builder =
        Components.builder()
            .vad(vad)
            .recognizer(recognizer)
            .recognizerOptions(SpeechRecognizer.Options.forAgent(agent))
            .synthesizer(synthesizer)
            .agent(agent);
    turnDetector.ifPresent(builder::turnDetector);
    builder.completionModel(completionModel());
    return builder.build();
  }

  /**
   * The turn judge's language model: the n-gram model Debian's {@code pocketsphinx-en-us} ships,
   * read once per process and shared by every call; word classes when it is not installed.
   */
  public static CompletionModel completionModel() {
    return SharedCompletion.MODEL;
  }

  /** Loaded on first use: a process that never builds a session never reads the model. */
  private static final class SharedCompletion {
    static final CompletionModel MODEL =
        NgramCompletion.debian().<CompletionModel>map(m -> m).orElse(CompletionModel.lexical());
  }

  /** A cloud provider by name; a missing key or voice id is an error naming the provider. */
  private static <T> Optional<T> cloud(String name, Supplier<Optional<T>> lookup) {
    try {
      return lookup.get();
    } catch (IllegalStateException | IllegalArgumentException e) {
      throw new IllegalArgumentException(name.strip() + ": " + e.getMessage(), e);
    }
  }

  /** Says, mid-call, when a fallback chain leaves a failed provider for the next. */
  private static Failover failover(Consumer<String> notes) {
    return (from, to, cause) ->
        notes.accept(from + " failed (" + cause.getMessage() + "); " + to + " takes over");
  }

  private interface ModelLoader<T> {
    T load();
  }

  /**
   * Loads a model the user named: no fallback, since they asked for it; the error names it, and
   * names the module to add when the application left it out (it is an optional dependency).
   */
  private static <T> T userModel(String spec, String module, ModelLoader<T> loader) {
    if (spec.endsWith(":")) {
      throw new IllegalArgumentException(spec + " needs a path after the colon");
    }
    try {
      return loader.load();
    } catch (ProviderException e) {
      throw new IllegalArgumentException(spec + ": " + e.getMessage(), e);
    } catch (InvalidPathException e) {
      throw new IllegalArgumentException(spec + ": not a path: " + e.getMessage(), e);
    } catch (NoClassDefFoundError e) {
      throw new IllegalArgumentException(
          spec + ": add the dependency dev.parley:" + module + " to use it", e);
    }
  }

  /** Collects a stack part by part. Not thread-safe. */
  public static final class Builder {
    private @Nullable VoiceActivityDetector vad;
    private @Nullable SpeechRecognizer recognizer;
    private @Nullable SpeechSynthesizer synthesizer;
    private @Nullable TurnDetector turnDetector;

    private Builder() {}

    public Builder vad(VoiceActivityDetector vad) {
      this.vad = vad;
      return this;
    }

    public Builder recognizer(SpeechRecognizer recognizer) {
      this.recognizer = recognizer;
      return this;
    }

    public Builder synthesizer(SpeechSynthesizer synthesizer) {
      this.synthesizer = synthesizer;
      return this;
    }

    public Builder turnDetector(TurnDetector turnDetector) {
      this.turnDetector = turnDetector;
      return this;
    }

    /**
     * The stack; a part not given is the core's model-free one (energy VAD, no words, placeholder
     * voice), which loads nothing.
     */
    public Speech build() {
      return new Speech(
          vad != null ? vad : new EnergyVad(),
          recognizer != null ? recognizer : SpeechRecognizer.none(),
          synthesizer != null ? synthesizer : new PlaceholderVoice(),
          Optional.ofNullable(turnDetector),
          List.of());
    }
  }
}
