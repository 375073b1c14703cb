package dev.parley.app;

import dev.parley.core.agent.EchoAgent;
import dev.parley.core.session.Components;
import dev.parley.core.speech.EnergyVad;
import dev.parley.core.speech.OracleRecognizer;
import dev.parley.core.speech.PlaceholderVoice;
import dev.parley.core.spi.Agent;
import dev.parley.core.spi.SpeechRecognizer;
import java.util.List;
import java.util.Locale;

/** Chooses the providers of a session from command-line names. */
final class SpeechStack {
  private SpeechStack() {}

  /** The agents {@code --agent} can name. */
  static Agent agent(String name) throws UsageException {
    return switch (name.toLowerCase(Locale.ROOT)) {
      case "echo" -> new EchoAgent();
      default -> throw new UsageException("unknown agent '" + name + "' (known: echo)");
    };
  }

  /**
   * The providers for a call: the oracle recogniser when a transcript is given, otherwise one that
   * hears no words (no local recogniser is installed yet).
   */
  static Components components(
      List<SpeechRecognizer.Word> transcript, long transcriptDelayMillis, Agent agent) {
    SpeechRecognizer recognizer =
        transcript.isEmpty()
            ? new OracleRecognizer(List.of(), 0)
            : new OracleRecognizer(transcript, transcriptDelayMillis);
    return Components.builder()
        .vad(new EnergyVad())
        .recognizer(recognizer)
        .synthesizer(new PlaceholderVoice())
        .agent(agent)
        .build();
  }
}
