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
 * Every turn-taking decision of a session in one pure object: when the user's turn ends (its {@link
 * TurnPolicy}), what user sound under the agent means (its {@link BargeInPolicy}), whether speech
 * that starts while the agent replies continues the user's turn or interrupts the reply, whether a
 * wordless sound is a turn at all, and whether the words so far justify an eager end before the
 * silence is confirmed.
 *
 * <p>It owns no timer and reads no clock: the session passes the time of each signal and turns the
 * answers into deadlines. One per session, confined to its loop; its tests need no session.
 *
 * <pre>
 *  speech edges, words, acoustics ──▶ TurnPolicy ──▶ Wait / WakeAt / EagerEnd / EndOfTurn
 *  onset under a reply ─────────────▶ onsetUnderReply ──▶ CONTINUES_TURN / BARGE_IN
 *                      BARGE_IN ────▶ BargeInPolicy ──▶ PAUSE / RESUME / INTERRUPT
 *  partial words in a short silence ▶ earlyEnd ──▶ probability or NaN
 * </pre>
 */
public final class TurnTaking {
  private static final long MS = 1_000_000L;

  /**
   * User speech that starts this soon after the agent's reply became audible cannot be a reaction
   * to it (people take about 200 ms to react to what they hear): the user was going on.
   */
  public static final long REACTION_MILLIS = 250;

  /** A turn with no words must hold this much speech to be answered; less is a cough or a click. */
  public static final long MIN_WORDLESS_TURN_MILLIS = 400;

  /** How long an end of turn waits for the recogniser's final words before going without. */
  public static final long FINAL_TRANSCRIPT_GRACE_MILLIS = 1000;

  /** Where the agent's reply stands when the user starts to speak. */
  public enum Reply {
    IDLE,
    THINKING,
    SPEAKING
  }

  /** What user speech that starts during a reply means. */
  public enum Onset {
    /** No reply is under way: an ordinary start of the user's turn. */
    TURN,
    /** The user was going on with the turn the reply answered: the reply is void. */
    CONTINUES_TURN,
    /** The user may be interrupting: the barge-in policy judges it. */
    BARGE_IN
  }

  private final TurnPolicy policy;
  private final BargeInPolicy bargeIn;
  private final TurnJudge earlyJudge;
  private final double eagerThreshold;

  public TurnTaking(
      TurnPolicy policy, BargeInPolicy bargeIn, TurnJudge earlyJudge, double eagerThreshold) {
    this.policy = policy;
    this.bargeIn = bargeIn;
    this.earlyJudge = earlyJudge;
    this.eagerThreshold = eagerThreshold;
  }

  /** When the user's turn ends. */
  public TurnPolicy policy() {
    return policy;
  }

  /** What user sound under agent speech means. */
  public BargeInPolicy bargeIn() {
    return bargeIn;
  }

  /**
   * User speech started at {@code onsetNanos} while the reply stood at {@code reply}.
   *
   * @param replyAudibleNanos when the reply's audio began to play (only read while speaking)
   * @param fillerHeard whether the user has heard the agent take the turn with a filler line
   */
  public Onset onsetUnderReply(
      long onsetNanos, Reply reply, long replyAudibleNanos, boolean fillerHeard) {
    return switch (reply) {
      case IDLE -> Onset.TURN;
      // Too soon to be a reaction to the reply: the user was going on with their turn.
      case SPEAKING ->
          onsetNanos < replyAudibleNanos + REACTION_MILLIS * MS
              ? Onset.CONTINUES_TURN
              : Onset.BARGE_IN;
      // Before anything was heard the user simply went on; after a filler they heard the agent
      // take the turn, so it is judged as a barge-in.
      case THINKING -> fillerHeard ? Onset.BARGE_IN : Onset.CONTINUES_TURN;
    };
  }

  /** Whether a finished stretch of user speech with these words is a turn to answer. */
  public boolean isTurn(String text, long voicedNanos) {
    return !text.isEmpty() || voicedNanos >= MIN_WORDLESS_TURN_MILLIS * MS;
  }

  /**
   * The completion probability of the words so far if it justifies an eager end before the VAD has
   * confirmed the silence, else NaN. Only the words are read: the acoustics of a silence not yet
   * confirmed are not final.
   */
  public double earlyEnd(String text, String lastAgentUtterance) {
    if (text.isBlank()) {
      return Double.NaN;
    }
    TurnJudge.Judgement j = earlyJudge.judge(text, lastAgentUtterance, Double.NaN, Double.NaN);
    return j.hold() || j.probability() < eagerThreshold ? Double.NaN : j.probability();
  }
}
