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
import dev.parley.speech.flite.FliteSynthesizer;
import dev.parley.speech.silero.SileroVad;
import dev.parley.speech.smartturn.SmartTurnDetector;
import dev.parley.speech.sphinx.SphinxRecognizer;
import java.io.PrintWriter;
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
   * voice, saying so once on {@code err}, when libflite is not installed.
   */
  static SpeechSynthesizer synthesizer(String name, PrintWriter err) throws UsageException {
    return switch (name.toLowerCase(Locale.ROOT)) {
      case "placeholder" -> new PlaceholderVoice();
      case "flite" -> {
        try {
          yield FliteSynthesizer.load();
        } catch (ProviderException e) {
          err.println("parley: Flite unavailable, using the placeholder voice: " + e.getMessage());
          yield new PlaceholderVoice();
        }
      }
      default -> throw new UsageException("unknown TTS '" + name + "' (known: flite, placeholder)");
    };
  }

  /**
   * The recogniser: the oracle over {@code transcript} when one is given, otherwise PocketSphinx,
   * or (saying so once on {@code err}) a recogniser that hears no words when it is not installed.
   */
  static SpeechRecognizer recognizer(
      List<SpeechRecognizer.Word> transcript, long transcriptDelayMillis, PrintWriter err) {
    if (!transcript.isEmpty()) {
      return new OracleRecognizer(transcript, transcriptDelayMillis);
    }
    try {
      return SphinxRecognizer.loadDefault();
    } catch (ProviderException e) {
      err.println(
          "parley: PocketSphinx unavailable, no words will be recognised: " + e.getMessage());
      return new OracleRecognizer(List.of(), 0);
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
    return builder.build();
  }
}
