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
package dev.parley.core.session;

import dev.parley.core.spi.Agent;
import dev.parley.core.spi.SpeechRecognizer;
import dev.parley.core.spi.SpeechSynthesizer;
import dev.parley.core.spi.TurnDetector;
import dev.parley.core.spi.VoiceActivityDetector;
import dev.parley.core.turn.CompletionModel;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The providers a session is built from. Shared engines: one set can serve every session of a
 * process. Built with {@link #builder()}; everything but the turn detector is required.
 */
public final class Components {
  private final VoiceActivityDetector vad;
  private final SpeechRecognizer recognizer;
  private final SpeechRecognizer.Options recognizerOptions;
  private final SpeechSynthesizer synthesizer;
  private final Agent agent;
  private final @Nullable TurnDetector turnDetector;
  private final CompletionModel completionModel;

  private Components(Builder b) {
    this.vad = Objects.requireNonNull(b.vad, "vad");
    this.recognizer = Objects.requireNonNull(b.recognizer, "recognizer");
    this.recognizerOptions = b.recognizerOptions;
    this.synthesizer = Objects.requireNonNull(b.synthesizer, "synthesizer");
    this.agent = Objects.requireNonNull(b.agent, "agent");
    this.turnDetector = b.turnDetector;
    this.completionModel = b.completionModel;
  }

  /**
   * These components with another recogniser in place of {@link #recognizer()}: for a per-call
   * decorator (a server timing it) around a recogniser shared by every call.
   */
  public Components withRecognizer(SpeechRecognizer recognizer) {
    // Copied field by field in one place: a component added to the builder is added here too.
    Builder b = new Builder();
    b.vad = vad;
    b.recognizer = recognizer;
    b.recognizerOptions = recognizerOptions;
    b.synthesizer = synthesizer;
    b.agent = agent;
    b.turnDetector = turnDetector;
    return b.build();
  }

  public static Builder builder() {
    return new Builder();
  }

  public VoiceActivityDetector vad() {
    return vad;
  }

  public SpeechRecognizer recognizer() {
    return recognizer;
  }

  public SpeechRecognizer.Options recognizerOptions() {
    return recognizerOptions;
  }

  public SpeechSynthesizer synthesizer() {
    return synthesizer;
  }

  public Agent agent() {
    return agent;
  }

  /** The turn detector, if the session has one; without it turns end on silence alone. */
  public Optional<TurnDetector> turnDetector() {
    return Optional.ofNullable(turnDetector);
  }

  /** The language model the turn judge reads text completeness from (word classes without one). */
  public CompletionModel completionModel() {
    return completionModel;
  }

  /** Collects the providers of a session. */
  public static final class Builder {
    private @Nullable VoiceActivityDetector vad;
    private @Nullable SpeechRecognizer recognizer;
    private SpeechRecognizer.Options recognizerOptions = SpeechRecognizer.Options.defaults();
    private @Nullable SpeechSynthesizer synthesizer;
    private @Nullable Agent agent;
    private @Nullable TurnDetector turnDetector;
    private CompletionModel completionModel = CompletionModel.lexical();

    private Builder() {}

    public Builder vad(VoiceActivityDetector vad) {
      this.vad = vad;
      return this;
    }

    public Builder recognizer(SpeechRecognizer recognizer) {
      this.recognizer = recognizer;
      return this;
    }

    public Builder recognizerOptions(SpeechRecognizer.Options options) {
      this.recognizerOptions = options;
      return this;
    }

    public Builder synthesizer(SpeechSynthesizer synthesizer) {
      this.synthesizer = synthesizer;
      return this;
    }

    public Builder agent(Agent agent) {
      this.agent = agent;
      return this;
    }

    public Builder turnDetector(TurnDetector turnDetector) {
      this.turnDetector = turnDetector;
      return this;
    }

    public Builder completionModel(CompletionModel completionModel) {
      this.completionModel = completionModel;
      return this;
    }

    public Components build() {
      return new Components(this);
    }
  }
}
