package dev.parley.app;

import dev.parley.core.session.Components;
import dev.parley.core.session.ModelledLatency;
import dev.parley.core.speech.EnergyVad;
import dev.parley.core.speech.OracleRecognizer;
import dev.parley.core.speech.PlaceholderVoice;
import dev.parley.core.spi.Agent;
import dev.parley.core.spi.ProviderException;
import dev.parley.core.spi.SpeechRecognizer;
import dev.parley.core.spi.SpeechSynthesizer;
import dev.parley.core.spi.TurnDetector;
import dev.parley.core.spi.VoiceActivityDetector;
import dev.parley.core.turn.CompletionModel;
import dev.parley.speech.flite.FliteSynthesizer;
import dev.parley.speech.piper.PiperSynthesizer;
import dev.parley.speech.silero.SileroVad;
import dev.parley.speech.smartturn.SmartTurnDetector;
import dev.parley.speech.sphinx.NgramCompletion;
import dev.parley.speech.sphinx.SphinxRecognizer;
import dev.parley.speech.vosk.VoskRecognizer;
import dev.parley.speech.whisper.WhisperRecognizer;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Chooses the providers of a session from command-line names. */
final class SpeechStack {
  private SpeechStack() {}

  /** The agent {@code --agent} names ({@link Agents}). */
  static Agent agent(String name, LocalDate today) throws UsageException {
    try {
      return Agents.create(name, today);
    } catch (IllegalArgumentException e) {
      throw new UsageException(String.valueOf(e.getMessage()), e);
    }
  }

  /**
   * The VAD {@code --vad} names: {@code silero} (the default) falls back to {@code energy}, saying
   * so once on {@code err}, when its model is not installed.
   */
  static VoiceActivityDetector vad(String name, PrintWriter err) throws UsageException {
    return switch (name.toLowerCase(Locale.ROOT)) {
      case "energy" -> new EnergyVad();
      case "silero" -> {
        try {
          yield SileroVad.load();
        } catch (ProviderException e) {
          err.println("parley: Silero VAD unavailable, using the energy VAD: " + e.getMessage());
          yield new EnergyVad();
        }
      }
      default -> throw new UsageException("unknown VAD '" + name + "' (known: silero, energy)");
    };
  }

  /**
   * The synthesiser {@code --tts} names: {@code flite} (the default) falls back to the placeholder
   * voice, saying so once on {@code err}, when libflite is not installed; {@code piper:VOICE.onnx}
   * loads a Piper voice the user supplies, and a voice that cannot be loaded is an error, not a
   * fallback: the user asked for it by name.
   */
  static SpeechSynthesizer synthesizer(String name, PrintWriter err) throws UsageException {
    String lower = name.toLowerCase(Locale.ROOT);
    if (lower.startsWith("piper:")) {
      String file = name.substring("piper:".length());
      return userModel("--tts " + name, () -> PiperSynthesizer.load(Path.of(file)));
    }
    return switch (lower) {
      case "placeholder" -> new PlaceholderVoice();
      case "flite" -> {
        try {
          yield FliteSynthesizer.load();
        } catch (ProviderException e) {
          err.println("parley: Flite unavailable, using the placeholder voice: " + e.getMessage());
          yield new PlaceholderVoice();
        }
      }
      default ->
          throw new UsageException(
              "unknown --tts '" + name + "' (known: flite, placeholder, piper:VOICE.onnx)");
    };
  }

  /**
   * The recogniser {@code --stt} names: the oracle over {@code transcript} when one is given (it
   * replaces any recogniser); otherwise {@code sphinx} (the default), or (saying so once on {@code
   * err}) a recogniser that hears no words when PocketSphinx is not installed; {@code none} hears
   * no words; {@code vosk:MODEL_DIR} and {@code whisper:MODEL.bin} load a model the user supplies,
   * and one that cannot be loaded is an error naming it.
   */
  static SpeechRecognizer recognizer(
      String name,
      List<SpeechRecognizer.Word> transcript,
      long transcriptDelayMillis,
      PrintWriter err)
      throws UsageException {
    if (!transcript.isEmpty()) {
      return new OracleRecognizer(transcript, transcriptDelayMillis);
    }
    String lower = name.toLowerCase(Locale.ROOT);
    if (lower.startsWith("vosk:")) {
      String dir = name.substring("vosk:".length());
      return userModel("--stt " + name, () -> new VoskRecognizer(Path.of(dir)));
    }
    if (lower.startsWith("whisper:")) {
      String file = name.substring("whisper:".length());
      return userModel("--stt " + name, () -> new WhisperRecognizer(Path.of(file)));
    }
    return switch (lower) {
      case "none" -> SpeechRecognizer.none();
      case "sphinx" -> {
        try {
          yield SphinxRecognizer.loadDefault();
        } catch (ProviderException e) {
          err.println(
              "parley: PocketSphinx unavailable, no words will be recognised: " + e.getMessage());
          yield SpeechRecognizer.none();
        }
      }
      default ->
          throw new UsageException(
              "unknown --stt '"
                  + name
                  + "' (known: sphinx, none, vosk:MODEL_DIR, whisper:MODEL.bin)");
    };
  }

  private interface ModelLoader<T> {
    T load();
  }

  /** Loads a model the user named; its failure (the message names the file) is a usage error. */
  private static <T> T userModel(String option, ModelLoader<T> loader) throws UsageException {
    if (option.endsWith(":")) {
      throw new UsageException(option + " needs a path after the colon");
    }
    try {
      return loader.load();
    } catch (ProviderException e) {
      throw new UsageException(option + ": " + e.getMessage(), e);
    } catch (java.nio.file.InvalidPathException e) {
      throw new UsageException(option + ": not a path: " + e.getMessage(), e);
    }
  }

  /**
   * What each embedded component costs on this project's 2-core machine (medians): Flite's first
   * audio for a sentence, about 40 ms. The echo agent and the oracle recogniser cost nothing
   * measurable; the VAD runs on the loop and is not charged.
   */
  static ModelledLatency measuredLatency(Components components) {
    ModelledLatency latency = ModelledLatency.none();
    if (components.synthesizer() instanceof FliteSynthesizer) {
      latency = latency.with("tts", 40);
    }
    return latency;
  }

  /**
   * Smart Turn v3 when its weights are installed; otherwise none, and the turn judge goes by words,
   * pitch and context alone (said once on {@code err}). Corrupt weights are an error.
   */
  static Optional<TurnDetector> turnDetector(PrintWriter err) throws UsageException {
    try {
      Optional<SmartTurnDetector> detector = SmartTurnDetector.loadIfInstalled();
      if (detector.isEmpty()) {
        err.println(
            "parley: Smart Turn not installed (./parley models install smart-turn); judging turns"
                + " by words, pitch and context");
      }
      return detector.map(d -> d);
    } catch (ProviderException e) {
      throw new UsageException(String.valueOf(e.getMessage()), e);
    }
  }

  /** The providers for a call. */
  static Components components(
      VoiceActivityDetector vad,
      SpeechSynthesizer synthesizer,
      SpeechRecognizer recognizer,
      Optional<TurnDetector> turnDetector,
      Agent agent) {
    // The agent's domain words bias the recogniser ("Boston", "October", "two of us").
    Components.Builder builder =
        Components.builder()
            .vad(vad)
            .recognizer(recognizer)
            .recognizerOptions(
                new SpeechRecognizer.Options(
                    agent.phraseHints(), SpeechRecognizer.Options.defaults().language()))
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
  static CompletionModel completionModel() {
    return SharedCompletion.MODEL;
  }

  /** Loaded on first use: a process that never builds a session never reads the model. */
  private static final class SharedCompletion {
    static final CompletionModel MODEL =
        NgramCompletion.debian().<CompletionModel>map(m -> m).orElse(CompletionModel.lexical());
  }
}
