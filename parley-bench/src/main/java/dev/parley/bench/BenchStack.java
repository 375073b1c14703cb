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
package dev.parley.bench;

import dev.parley.core.session.ModelledLatency;
import dev.parley.core.spi.SpeechRecognizer;
import dev.parley.core.spi.SpeechSynthesizer;
import dev.parley.core.spi.TurnDetector;
import dev.parley.core.spi.VoiceActivityDetector;
import dev.parley.core.turn.CompletionModel;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The providers every benchmark call shares, as {@code parley converse} builds them: the VAD, the
 * agent's voice, the turn detector if installed, the recogniser ({@code null} for the oracle, which
 * is made per call from the user's words), the simulated user's voice, and the latency each
 * component is charged on the virtual clock.
 *
 * @param transcriptDelayMillis how long after a word ends the oracle reports it
 * @param completion the turn judge's language model
 */
public record BenchStack(
    VoiceActivityDetector vad,
    SpeechSynthesizer agentVoice,
    Optional<TurnDetector> turnDetector,
    @Nullable SpeechRecognizer recognizer,
    UserVoice userVoice,
    ModelledLatency latency,
    long transcriptDelayMillis,
    CompletionModel completion) {

  /** A stack whose turn judge reads word classes only (no language model). */
  public BenchStack(
      VoiceActivityDetector vad,
      SpeechSynthesizer agentVoice,
      Optional<TurnDetector> turnDetector,
      @Nullable SpeechRecognizer recognizer,
      UserVoice userVoice,
      ModelledLatency latency,
      long transcriptDelayMillis) {
    this(
        vad,
        agentVoice,
        turnDetector,
        recognizer,
        userVoice,
        latency,
        transcriptDelayMillis,
        CompletionModel.lexical());
  }

  /**
   * The same stack with {@code local} hearing the user instead, and the same turn judge's language
   * model: the real-speech suites are judged as the synthetic ones are.
   */
  public BenchStack withRecognizer(SpeechRecognizer local) {
    return new BenchStack(
        vad,
        agentVoice,
        turnDetector,
        local,
        userVoice,
        latency,
        transcriptDelayMillis,
        completion);
  }

  /** {@code oracle} or the local recogniser's name. */
  public String asrName() {
    SpeechRecognizer r = recognizer;
    return r == null ? "oracle" : r.name();
  }
}
