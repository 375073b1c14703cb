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
package dev.parley.core.turn;

/**
 * Decides when the user's turn ends, from speech edges, words, and a turn detector's judgement.
 *
 * <p>Pure: it owns no timer and reads no clock. The session calls it on its loop with the time of
 * each signal and schedules a wake-up when asked to. One instance per session.
 */
public interface TurnPolicy {
  /** The user started speaking at {@code atNanos}. */
  TurnDecision onSpeechStarted(long atNanos);

  /** The user stopped speaking; the silence began at {@code atNanos}. */
  TurnDecision onSpeechEnded(long atNanos);

  /** The transcript of the turn so far changed. */
  TurnDecision onTranscript(String text, long nowNanos);

  /** A turn detector judged the turn complete with {@code probability}. */
  TurnDecision onJudgement(double probability, long nowNanos);

  /**
   * The recogniser estimated that the turn is over with {@code probability} (Deepgram Flux's {@code
   * EndOfTurn} or {@code EagerEndOfTurn}, AssemblyAI's {@code end_of_turn_confidence}): evidence,
   * never the decision. Policies that do not weigh it keep their wake-up.
   */
  default TurnDecision onRecognizerEndOfTurn(double probability, long nowNanos) {
    return TurnDecision.WAIT;
  }

  /**
   * The recogniser's final words arrived after this policy had ended the turn on the words before
   * them. Returns {@link TurnDecision#END_OF_TURN} to keep that end, or a wake-up to reopen the
   * turn when the final words read as unfinished. Policies that do not read words keep the end.
   */
  default TurnDecision onFinalTranscript(String text, long nowNanos) {
    return TurnDecision.END_OF_TURN;
  }

  /** The agent said {@code text}: context for the next turn ("what's your account number?"). */
  default void onAgentUtterance(String text) {}

  /** The pitch slope of the turn's last voiced stretch, in semitones per second. */
  default void onPitchSlope(double semitonesPerSecond) {}

  /** How the user's speech ended: pitch, energy, lengthening, filled pause. */
  default void onAcoustics(Acoustics acoustics) {
    onPitchSlope(acoustics.finalPitchSlope());
  }

  /**
   * The user's speech in this turn interrupted the agent. A hold request ("wait", "hold on") made
   * that way asked the agent to stop, which it did: it waits no longer than an ordinary turn.
   */
  default void onInterruptedAgent() {}

  /** Forgets the turn in progress: the sound was a backchannel or noise under agent speech. */
  void reset();

  /** A wake-up the policy asked for is due. */
  TurnDecision onWake(long nowNanos);
}
