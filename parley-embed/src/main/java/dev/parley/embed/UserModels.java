package dev.parley.embed;

import dev.parley.core.spi.SpeechRecognizer;
import dev.parley.core.spi.SpeechSynthesizer;
import dev.parley.speech.piper.PiperSynthesizer;
import dev.parley.speech.vosk.VoskRecognizer;
import dev.parley.speech.whisper.WhisperRecognizer;
import java.nio.file.Path;

/**
 * Loads the providers of models a user supplies, from modules that are optional dependencies. Only
 * these bodies name the optional classes, and every signature names an SPI type: reflection over
 * {@link Speech} (Spring does it to every bean class) never needs a module the application left
 * out, and calling one of these without its module throws {@link NoClassDefFoundError}.
 */
final class UserModels {
  private UserModels() {}

  static SpeechRecognizer vosk(Path modelDirectory) {
    return new VoskRecognizer(modelDirectory);
  }

  static SpeechRecognizer whisper(Path modelFile) {
    return new WhisperRecognizer(modelFile);
  }

  static SpeechSynthesizer piper(Path voiceFile) {
    return PiperSynthesizer.load(voiceFile);
  }
}
