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
package dev.parley.app;

import dev.parley.core.session.Components;
import dev.parley.core.session.ModelledLatency;
import dev.parley.core.speech.OracleRecognizer;
import dev.parley.core.spi.Agent;
import dev.parley.core.spi.ProviderException;
import dev.parley.core.spi.SpeechRecognizer;
import dev.parley.core.spi.SpeechSynthesizer;
import dev.parley.core.spi.TurnDetector;
import dev.parley.core.spi.VoiceActivityDetector;
import dev.parley.embed.Speech;
import dev.parley.speech.flite.FliteSynthesizer;
import dev.parley.speech.sphinx.SphinxRecognizer;
import java.io.PrintWriter;
import java.time.LocalDate;
import java.util.List;
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
    return usage(() -> Speech.vad(name, note -> err.println("parley: " + note)), "--vad");
  }

  /**
   * The synthesiser {@code --tts} names: {@code flite} (the default) falls back to the placeholder
   * voice, saying so once on {@code err}, when libflite is not installed; {@code piper:VOICE.onnx}
   * loads a Piper voice the user supplies, and a voice that cannot be loaded is an error, not a
   * fallback: the user asked for it by name.
   */
  static SpeechSynthesizer synthesizer(String name, PrintWriter err) throws UsageException {
    return usage(() -> Speech.synthesizer(name, note -> err.println("parley: " + note)), "--tts");
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
    return usage(() -> Speech.recognizer(name, note -> err.println("parley: " + note)), "--stt");
  }

  private interface Choice<T> {
    T make();
  }

  /**
   * A bad name, or a user's model that cannot load, is a usage error (exit code 2) that names the
   * option: Speech says "unknown recogniser 'x'" and "vosk:DIR: ...", the command line "unknown
   * --stt 'x'" and "--stt vosk:DIR: ...".
   */
  private static <T> T usage(Choice<T> choice, String option) throws UsageException {
    try {
      return choice.make();
    } catch (IllegalArgumentException e) {
      String message = String.valueOf(e.getMessage());
      String named =
          message.startsWith("unknown ")
              ? message.replaceFirst("^unknown [^']+'", "unknown " + option + " '")
              : option.isEmpty() ? message : option + " " + message;
      throw new UsageException(named, e);
    }
  }

  /**
   * PocketSphinx's final result after a flush, median over the pocketsphinx-testdata clips on this
   * project's 2-core machine while other builds ran (max 518 ms): what a live call waits after the
   * user stops before the words are known. Measured by {@code SphinxRecognizerTest} ("final result
   * after flush"); rerun it to measure another machine, and pass {@code --latency stt=MS}.
   */
  static final long SPHINX_FINAL_MILLIS = 152;

  /**
   * What each embedded component costs on this project's 2-core machine (medians): PocketSphinx's
   * final result, {@value #SPHINX_FINAL_MILLIS} ms, and Flite's first audio for a sentence, about
   * 40 ms. The demo agent and the oracle recogniser cost nothing measurable; an agent's real cost
   * comes from {@code --latency-from} a recorded run. The VAD runs on the loop and is not charged.
   */
  static ModelledLatency measuredLatency(Components components) {
    ModelledLatency latency = ModelledLatency.none();
    if (components.recognizer() instanceof SphinxRecognizer) {
      latency = latency.with("stt", SPHINX_FINAL_MILLIS);
    }
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
    return usage(() -> Speech.turnDetector(note -> err.println("parley: " + note)), "");
  }

  /**
   * Loads the recogniser's models for the first call ahead of it; a failure is said on {@code err}
   * and left for the call to meet.
   */
  static void prepareRecognizer(Components components, PrintWriter err) {
    try {
      components.recognizer().prepare(components.recognizerOptions());
    } catch (ProviderException e) {
      err.println(
          "parley: could not load the recogniser ahead of the first call: " + e.getMessage());
    }
  }

  /** The providers for a call. */
  static Components components(
      VoiceActivityDetector vad,
      SpeechSynthesizer synthesizer,
      SpeechRecognizer recognizer,
      Optional<TurnDetector> turnDetector,
      Agent agent) {
    return Speech.builder()
        .vad(vad)
        .recognizer(recognizer)
        .synthesizer(synthesizer)
        .build()
        .withTurnDetector(turnDetector)
        .components(agent);
  }
}
