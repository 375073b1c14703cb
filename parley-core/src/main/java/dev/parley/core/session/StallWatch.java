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

/**
 * Watches the agent, the recogniser and the synthesiser as the session watches tools, so that a
 * component that hangs is found within seconds instead of leaving the caller on a dead line (issue
 * 17: a stalled model stream was silent for 56 s).
 *
 * <ul>
 *   <li>The agent: no words {@code agentFirstWordsMillis} after the user's turn ended, or {@code
 *       agentGapMillis} after its last words, calls for a filler; no words for {@code
 *       agentLimitMillis} calls for giving the reply up (the session ends it at a sentence boundary
 *       and apologises). While one of the reply's tools runs, the tool's own timeout and the
 *       latency mask are in charge, and the agent is not blamed.
 *   <li>The recogniser: its contract is a final result for every flush, even an empty one; none
 *       within {@code recognizerLimitMillis} is a stall.
 *   <li>The synthesiser: text that ends a sentence, or a flush, must give audio within {@code
 *       synthesizerLimitMillis}. Text in mid-sentence may rightly wait for more, so it is not
 *       watched (a stalled agent is not the synthesiser's fault).
 * </ul>
 *
 * <p>Stalls of one component in a row are counted; at {@code maxStalls} the session ends the call
 * politely. Pure: the session feeds it facts and times and asks what is due, on the shape every
 * loop part shares ({@link #nextDeadlineNanos}, {@link #onTime}); it reads no clock. Confined to
 * the session loop; allocates nothing.
 */
final class StallWatch {
  private static final long MILLI = 1_000_000L;
  private static final long NEVER = SessionCore.NEVER;

  /**
   * The agent's thresholds say when the caller hears the filler or the apology, not when the
   * session decides: a line starts on the next tick of the 20 ms playout grid, the apology after a
   * synthesis, and a live loop wakes a few milliseconds late. The watch fires this much early.
   */
  private static final long HEARD_LEAD_NANOS = 40 * MILLI;

  /** What a deadline that fell due calls for. */
  enum Due {
    NONE,
    /** The agent is slow: say a filler if nobody is speaking, else call {@link #fillerDeferred}. */
    AGENT_FILLER,
    /** The agent is past its limit: give the reply up, end it cleanly and apologise. */
    AGENT_STALLED,
    /** No final result after a flush: reopen the recogniser. */
    RECOGNIZER_STALLED,
    /** No audio for text the synthesiser could speak: give the reply up, reopen the stream. */
    SYNTHESIZER_STALLED
  }

  private final SessionConfig.Stall settings;

  private boolean agentWatched;
  private long lastWordsNanos = -1;
  private long agentFillerAtNanos = NEVER;
  private long agentLimitAtNanos = NEVER;
  private long recognizerAtNanos = NEVER;
  private long synthesizerAtNanos = NEVER;
  private int agentStalls;
  private int recognizerStalls;
  private int synthesizerStalls;
  private boolean endingCall;

  StallWatch(SessionConfig.Stall settings) {
    this.settings = settings;
  }

  /** The earliest time {@link #onTime} has something to do. */
  long nextDeadlineNanos() {
    return Math.min(
        Math.min(agentFillerAtNanos, agentLimitAtNanos),
        Math.min(recognizerAtNanos, synthesizerAtNanos));
  }

  /** The one thing due at {@code nowNanos}, most urgent first; call until it says NONE. */
  Due onTime(long nowNanos) {
    if (agentLimitAtNanos <= nowNanos) {
      agentStalls++;
      stopWatchingAgent();
      return Due.AGENT_STALLED;
    }
    if (agentFillerAtNanos <= nowNanos) {
      agentFillerAtNanos = NEVER; // one filler per silence; the limit is still armed
      return Due.AGENT_FILLER;
    }
    if (recognizerAtNanos <= nowNanos) {
      recognizerAtNanos = NEVER;
      recognizerStalls++;
      return Due.RECOGNIZER_STALLED;
    }
    if (synthesizerAtNanos <= nowNanos) {
      synthesizerAtNanos = NEVER;
      synthesizerStalls++;
      return Due.SYNTHESIZER_STALLED;
    }
    return Due.NONE;
  }

  // ---- the agent ----------------------------------------------------------------------------

  /** The agent was asked for a reply (perhaps speculatively, before the turn ended). */
  void replyStarted() {
    lastWordsNanos = -1;
  }

  /**
   * The user's turn ended and the reply to it is on its way: its first words are due, or, for a
   * speculative reply that has already spoken, its next words within the gap of its last ones.
   */
  void replyAwaited(long nowNanos) {
    if (!settings.enabled()) {
      return;
    }
    agentWatched = true;
    if (lastWordsNanos >= 0) {
      armAgent(lastWordsNanos, settings.agentGapMillis());
    } else {
      armAgent(nowNanos, settings.agentFirstWordsMillis());
    }
  }

  /**
   * A sign of life from the agent of the current reply (words, or a tool call that ended): the next
   * words are due within the gap.
   */
  void agentAlive(long nowNanos) {
    lastWordsNanos = nowNanos;
    if (agentWatched) {
      agentStalls = 0;
      armAgent(nowNanos, settings.agentGapMillis());
    }
  }

  /** A filler could not be said now (someone is speaking): look again shortly. */
  void fillerDeferred(long nowNanos) {
    if (agentWatched && agentLimitAtNanos != NEVER) {
      agentFillerAtNanos = Math.min(nowNanos + 100 * MILLI, agentLimitAtNanos);
    }
  }

  /** The agent finished, failed, or the reply was cancelled: nothing more is awaited from it. */
  void stopWatchingAgent() {
    agentWatched = false;
    agentFillerAtNanos = NEVER;
    agentLimitAtNanos = NEVER;
  }

  private void armAgent(long sinceNanos, long fillerAfterMillis) {
    agentFillerAtNanos = sinceNanos + fillerAfterMillis * MILLI - HEARD_LEAD_NANOS;
    agentLimitAtNanos = sinceNanos + settings.agentLimitMillis() * MILLI - HEARD_LEAD_NANOS;
  }

  // ---- the recogniser -----------------------------------------------------------------------

  /** The recogniser was asked for a final result. */
  void recognizerFlushed(long nowNanos) {
    if (settings.enabled() && recognizerAtNanos == NEVER) {
      recognizerAtNanos = nowNanos + settings.recognizerLimitMillis() * MILLI;
    }
  }

  /** A final result arrived: every flush before it is answered. */
  void recognizerFinal() {
    recognizerAtNanos = NEVER;
    recognizerStalls = 0;
  }

  /** The recogniser stream was reopened: earlier flushes will never be answered. */
  void recognizerReopened() {
    recognizerAtNanos = NEVER;
  }

  // ---- the synthesiser ----------------------------------------------------------------------

  /**
   * Text went to the synthesiser; {@code speakable} if it completes a sentence or is a flush, so
   * that audio must follow.
   */
  void synthesizerGiven(long nowNanos, boolean speakable) {
    if (settings.enabled() && speakable && synthesizerAtNanos == NEVER) {
      synthesizerAtNanos = nowNanos + settings.synthesizerLimitMillis() * MILLI;
    }
  }

  /** Audio (or the end of a stream) came from the synthesiser. */
  void synthesizerAnswered() {
    synthesizerAtNanos = NEVER;
    synthesizerStalls = 0;
  }

  /** The reply ended or was cancelled: no audio is owed for it any more. */
  void synthesizerReleased() {
    synthesizerAtNanos = NEVER;
  }

  // ---- the call -----------------------------------------------------------------------------

  /** Whether one component has now stalled {@code maxStalls} times in a row. */
  boolean tooManyStalls() {
    int most = Math.max(agentStalls, Math.max(recognizerStalls, synthesizerStalls));
    return most >= settings.maxStalls();
  }

  /** The session is saying its goodbye and hangs up when it ends. */
  void endCall() {
    endingCall = true;
  }

  /** Whether the call ends once the current reply has been said. */
  boolean endingCall() {
    return endingCall;
  }
}
