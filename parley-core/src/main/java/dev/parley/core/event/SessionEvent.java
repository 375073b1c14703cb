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
package dev.parley.core.event;

import dev.parley.core.prosody.UserAffect;

/**
 * Something that happened in a call, as listeners, metrics and the timeline see it.
 *
 * <p>Every event carries {@code atNanos}, the time since the session started on its media clock.
 * Speech edges are stamped where they are in the audio (the onset a detector found), decisions
 * where they were taken. Events are immutable and delivered on the session loop in the order they
 * happened.
 */
public sealed interface SessionEvent {
  /** Nanoseconds since the session started. */
  long atNanos();

  /** The user started speaking. */
  record UserSpeechStarted(long atNanos) implements SessionEvent {}

  /** The user stopped speaking (which need not end their turn). */
  record UserSpeechEnded(long atNanos) implements SessionEvent {}

  /** An interim transcript of the user's speech. */
  record TranscriptPartial(long atNanos, String text) implements SessionEvent {}

  /**
   * The user has probably finished: the agent may start a reply speculatively.
   *
   * @param probability the judged probability that the turn is complete
   */
  record UserTurnEagerEnd(long atNanos, String text, double probability) implements SessionEvent {}

  /** The user went on speaking after an eager end of turn: speculative work must be dropped. */
  record UserTurnResumed(long atNanos) implements SessionEvent {}

  /** The user's turn is over and the agent takes the turn; {@code affect} is how it was said. */
  record UserTurnEnded(long atNanos, String text, UserAffect affect) implements SessionEvent {
    /** A turn end whose delivery is unknown. */
    public UserTurnEnded(long atNanos, String text) {
      this(atNanos, text, UserAffect.silent(0));
    }
  }

  /** The first audio of an agent utterance reached the caller. */
  record AgentSpeechStarted(long atNanos, SpeechKind kind, String text) implements SessionEvent {}

  /**
   * An agent utterance stopped playing.
   *
   * @param text what was heard of it
   * @param interrupted whether it was cut off before its end
   */
  record AgentSpeechEnded(long atNanos, SpeechKind kind, String text, boolean interrupted)
      implements SessionEvent {}

  /**
   * Where the time went before a reply was heard: emitted with the first audio of each reply to a
   * user turn, just before its {@link AgentSpeechStarted}. Every stamp is nanoseconds since the
   * session started; a stage that did not happen (a reply with no text) is {@code -1}. With
   * speculation the agent may start before the turn ends, so stages need not be in order.
   *
   * @param atNanos when the first audio was sent to the caller
   * @param userSpeechEndNanos when the user's speech ended (the silence the VAD found)
   * @param turnEndNanos when the end of the turn was decided
   * @param firstTokenNanos when the agent's first text reached the session
   * @param firstAudioNanos when the synthesiser's first audio reached the session
   */
  record LatencyBreakdown(
      long atNanos,
      long userSpeechEndNanos,
      long turnEndNanos,
      long firstTokenNanos,
      long firstAudioNanos)
      implements SessionEvent {}

  /** The user interrupted the agent, who stopped; {@code heardText} is what the user heard. */
  record AgentInterrupted(long atNanos, String heardText) implements SessionEvent {}

  /** User sound under agent speech that did not interrupt it (a backchannel, a cough, echo). */
  record InterruptionIgnored(long atNanos, String reason) implements SessionEvent {}

  /** The agent resumed speech it had paused for a false interruption. */
  record AgentResumed(long atNanos) implements SessionEvent {}

  /**
   * The agent started a tool call.
   *
   * @param argumentsJson the arguments as a JSON object
   * @param speculative whether the call started before the user's turn was final
   */
  record ToolCallStarted(
      long atNanos, String id, String name, String argumentsJson, boolean speculative)
      implements SessionEvent {}

  /** A tool call ended. */
  record ToolCallEnded(long atNanos, String id, String name, ToolStatus status)
      implements SessionEvent {}

  /**
   * A component failed and the session carried on without it.
   *
   * @param component which one: {@code vad}, {@code stt}, {@code turn}, {@code agent}, {@code tts}
   */
  record ServiceFailed(long atNanos, String component, String message) implements SessionEvent {}

  /** The call ended; no event follows. */
  record SessionEnded(long atNanos, String reason) implements SessionEvent {}
}
