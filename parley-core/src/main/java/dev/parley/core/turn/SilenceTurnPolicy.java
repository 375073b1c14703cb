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
 * The naive baseline of the benchmark: the turn ends after a fixed stretch of silence, whatever was
 * said. No eager end, no judge. Pure; one instance per session.
 */
public final class SilenceTurnPolicy implements TurnPolicy {
  private final long silenceNanos;
  private boolean inTurn;
  private boolean speaking;
  private long silenceStartNanos = -1;

  public SilenceTurnPolicy(long silenceMillis) {
    this.silenceNanos = silenceMillis * 1_000_000L;
  }

  @Override
  public TurnDecision onSpeechStarted(long atNanos) {
    inTurn = true;
    speaking = true;
    silenceStartNanos = -1;
    return TurnDecision.WAIT;
  }

  @Override
  public TurnDecision onSpeechEnded(long atNanos) {
    speaking = false;
    silenceStartNanos = atNanos;
    return onWake(atNanos);
  }

  @Override
  public TurnDecision onTranscript(String text, long nowNanos) {
    return TurnDecision.WAIT;
  }

  @Override
  public TurnDecision onJudgement(double probability, long nowNanos) {
    return TurnDecision.WAIT;
  }

  @Override
  public void reset() {
    inTurn = false;
    speaking = false;
    silenceStartNanos = -1;
  }

  @Override
  public TurnDecision onWake(long nowNanos) {
    if (!inTurn || speaking || silenceStartNanos < 0) {
      return TurnDecision.WAIT;
    }
    long endAt = silenceStartNanos + silenceNanos;
    if (nowNanos >= endAt) {
      inTurn = false;
      return TurnDecision.END_OF_TURN;
    }
    return new TurnDecision.WakeAt(endAt);
  }
}
