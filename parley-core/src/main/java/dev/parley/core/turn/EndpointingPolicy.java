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
 * Parley's turn policy: VAD silence is the trigger, a {@link TurnJudge} decides. The wait after the
 * user stops is a continuous function of the judged completion probability {@code p} — Vapi's
 * {@code 20 + 500·√x + 2500·x³} ms with {@code x = 1 − p} — clamped between a minimum and the
 * judge's maximum (the hard fallback, 3 s by default, so the agent never waits forever; after a
 * hold request such as "let me think" the judge allows up to 8 s). An eager end of turn fires as
 * soon as {@code p} reaches the eager threshold, so speculative work can start; if the user speaks
 * again, {@link TurnDecision.Resumed} follows.
 *
 * <p>Every new word, pitch cue or model judgement re-judges the turn. Pure: fed times and signals,
 * returns decisions. One instance per session.
 */
public final class EndpointingPolicy implements TurnPolicy {
  private static final long MS = 1_000_000L;

  private final TurnJudge judge;
  private final long minWaitNanos;
  private final long hardFallbackNanos;
  private final double eagerThreshold;

  private String transcript = "";
  private String lastAgentUtterance = "";
  private Acoustics acoustics = Acoustics.UNKNOWN;
  private String[] previousWords = new String[0];
  private int updatesSinceRevision = Integer.MAX_VALUE;
  private double modelProbability = Double.NaN;
  private double recognizerEndOfTurn = Double.NaN;
  private boolean inTurn;
  private boolean speaking;
  private long silenceStartNanos = -1;
  // The silence the last end of turn was decided in, until new speech: the final words may reopen
  // it.
  private long endedSilenceStartNanos = -1;
  private boolean eagerFired;
  private boolean interruptedAgent;
  private TurnJudge.Judgement last = new TurnJudge.Judgement(0.5, 0, "none");

  public EndpointingPolicy(
      TurnJudge judge, long minWaitMillis, long hardFallbackMillis, double eagerThreshold) {
    this.judge = judge;
    this.minWaitNanos = minWaitMillis * MS;
    this.hardFallbackNanos = hardFallbackMillis * MS;
    this.eagerThreshold = eagerThreshold;
  }

  /** Vapi's default wait for a completion probability, in milliseconds, before clamping. */
  public static double waitMillis(double probability) {
    double x = 1 - Math.clamp(probability, 0.0, 1.0);
    return 20 + 500 * Math.sqrt(x) + 2500 * x * x * x;
  }

  /** The latest judgement, for timelines and tests. */
  public TurnJudge.Judgement lastJudgement() {
    return last;
  }

  @Override
  public void onAgentUtterance(String text) {
    lastAgentUtterance = text;
  }

  @Override
  public void onPitchSlope(double semitonesPerSecond) {
    acoustics = Acoustics.pitchOnly(semitonesPerSecond);
  }

  @Override
  public void onInterruptedAgent() {
    interruptedAgent = true;
  }

  @Override
  public void onAcoustics(Acoustics acoustics) {
    this.acoustics = acoustics;
  }

  /**
   * Whether the recogniser revised words it had already given in one of the last two updates: its
   * last words are then not to be trusted over how the speech sounded.
   */
  public boolean wordsUncertain() {
    return updatesSinceRevision <= 2;
  }

  @Override
  public TurnDecision onSpeechStarted(long atNanos) {
    boolean resumed = eagerFired;
    if (!inTurn) {
      transcript = "";
      previousWords = new String[0];
      updatesSinceRevision = Integer.MAX_VALUE;
      acoustics = Acoustics.UNKNOWN;
      interruptedAgent = false;
    }
    inTurn = true;
    speaking = true;
    silenceStartNanos = -1;
    endedSilenceStartNanos = -1;
    eagerFired = false;
    modelProbability = Double.NaN;
    recognizerEndOfTurn = Double.NaN;
    return resumed ? TurnDecision.RESUMED : TurnDecision.WAIT;
  }

  @Override
  public TurnDecision onSpeechEnded(long atNanos) {
    speaking = false;
    silenceStartNanos = atNanos;
    return decide(atNanos);
  }

  @Override
  public TurnDecision onTranscript(String text, long nowNanos) {
    String[] words = TurnJudge.words(text);
    if (revises(previousWords, words)) {
      updatesSinceRevision = 1;
    } else if (updatesSinceRevision != Integer.MAX_VALUE) {
      updatesSinceRevision++;
    }
    previousWords = words;
    transcript = text;
    return speaking ? TurnDecision.WAIT : decide(nowNanos);
  }

  @Override
  public TurnDecision onJudgement(double probability, long nowNanos) {
    modelProbability = Math.clamp(probability, 0.0, 1.0);
    return speaking ? TurnDecision.WAIT : decide(nowNanos);
  }

  @Override
  public TurnDecision onRecognizerEndOfTurn(double probability, long nowNanos) {
    // New speech clears it (onSpeechStarted): Flux follows an EagerEndOfTurn with TurnResumed.
    recognizerEndOfTurn = Math.clamp(probability, 0.0, 1.0);
    return speaking ? TurnDecision.WAIT : decide(nowNanos);
  }

  @Override
  public TurnDecision onFinalTranscript(String text, long nowNanos) {
    if (inTurn || endedSilenceStartNanos < 0) {
      return TurnDecision.END_OF_TURN;
    }
    // Judged again on the final words, which the recogniser will not revise: the end stands only
    // if they still read as done by now, counted from the same silence.
    inTurn = true;
    silenceStartNanos = endedSilenceStartNanos;
    endedSilenceStartNanos = -1;
    transcript = text;
    previousWords = TurnJudge.words(text);
    updatesSinceRevision = Integer.MAX_VALUE;
    return decide(nowNanos);
  }

  @Override
  public void reset() {
    endedSilenceStartNanos = -1;
    inTurn = false;
    speaking = false;
    silenceStartNanos = -1;
    eagerFired = false;
    transcript = "";
    previousWords = new String[0];
    updatesSinceRevision = Integer.MAX_VALUE;
    recognizerEndOfTurn = Double.NaN;
  }

  /** Whether {@code next} changed any of {@code previous}'s words rather than adding to them. */
  private static boolean revises(String[] previous, String[] next) {
    if (next.length < previous.length) {
      return true;
    }
    for (int i = 0; i < previous.length; i++) {
      if (!previous[i].equals(next[i])) {
        return true;
      }
    }
    return false;
  }

  @Override
  public TurnDecision onWake(long nowNanos) {
    return decide(nowNanos);
  }

  private TurnDecision decide(long nowNanos) {
    if (!inTurn || speaking || silenceStartNanos < 0) {
      return TurnDecision.WAIT;
    }
    last =
        judge.judge(
            new TurnJudge.Evidence(
                transcript,
                lastAgentUtterance,
                acoustics,
                wordsUncertain(),
                modelProbability,
                recognizerEndOfTurn));
    // The judge's maximum is the hard fallback, or longer after a hold request or under a context
    // rule (up to the hold maximum): the fallback no longer caps what the user asked for.
    // A hold made by interrupting the agent asked it to stop, which it did: no longer hold.
    boolean hold = last.hold() && !interruptedAgent;
    boolean extended = hold || last.maxWaitMillis() > judge.defaultMaxWaitMillis();
    long ceiling = extended ? judge.holdMaxWaitMillis() * MS : hardFallbackNanos;
    long maxWait =
        Math.clamp(last.maxWaitMillis() * MS, minWaitNanos, Math.max(minWaitNanos, ceiling));
    long wait = Math.clamp(Math.round(waitMillis(last.probability()) * MS), minWaitNanos, maxWait);
    if (hold) {
      wait = Math.min(maxWait, Math.max(wait, last.holdMillis() * MS));
    }
    long endAt = silenceStartNanos + wait;
    if (nowNanos >= endAt) {
      endedSilenceStartNanos = silenceStartNanos;
      inTurn = false;
      eagerFired = false;
      silenceStartNanos = -1;
      return TurnDecision.END_OF_TURN;
    }
    if (!eagerFired && last.probability() >= eagerThreshold) {
      eagerFired = true;
      return new TurnDecision.EagerEnd(last.probability(), endAt);
    }
    return new TurnDecision.WakeAt(endAt);
  }
}
