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
