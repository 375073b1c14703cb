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
package dev.parley.core.s2s;

import dev.parley.core.spi.ProviderException;

/**
 * What a speech-to-speech model reported, in Parley's words. Adapters translate their provider's
 * messages into these; times are milliseconds of the caller's audio since the connection opened.
 */
public sealed interface ModelEvent {
  /** The model's voice detector heard the caller start speaking. */
  record SpeechStarted(long audioMillis) implements ModelEvent {}

  /** The model's voice detector heard the caller stop. */
  record SpeechStopped(long audioMillis) implements ModelEvent {}

  /** The transcript of the caller's last utterance. */
  record UserTranscript(String text) implements ModelEvent {}

  /** The model began a response. */
  record ResponseStarted(String responseId) implements ModelEvent {}

  /**
   * Audio of a response item, 16 kHz mono PCM16 (adapters resample). {@code itemId} names what a
   * truncation refers to.
   */
  record Audio(String responseId, String itemId, short[] samples) implements ModelEvent {}

  /** Text of what the model is saying in an item. */
  record AgentTranscript(String responseId, String itemId, String delta) implements ModelEvent {}

  /** The model asks for a function call. */
  record FunctionCall(String responseId, String callId, String name, String argumentsJson)
      implements ModelEvent {}

  /**
   * A response ended.
   *
   * @param status {@code completed}, {@code cancelled}, {@code incomplete} or {@code failed}
   */
  record ResponseDone(String responseId, String status) implements ModelEvent {}

  /** The model or its connection failed. */
  record Failed(ProviderException cause) implements ModelEvent {}
}
