package dev.parley.core.turn;

/**
 * The baseline turn policy: the turn ends after a stretch of silence whose length shrinks as a turn
 * detector grows confident, with an eager end of turn part way through.
 *
 * <p>The wait after the silence onset is {@code maxNanos - (maxNanos - minNanos) · p}, where {@code
 * p} is the latest completion probability (a neutral 0.5 until a detector speaks). The eager end
 * fires after {@code eagerNanos} of silence. Plain object, one per session.
 */
public final class SilenceTurnPolicy implements TurnPolicy {
  private final long eagerNanos;
  private final long minNanos;
  private final long maxNanos;

  private boolean inTurn;
  private boolean speaking;
  private long silenceStartNanos = -1;
  private double probability = 0.5;
  private boolean eagerFired;

  public SilenceTurnPolicy(long eagerNanos, long minNanos, long maxNanos) {
    if (minNanos > maxNanos || eagerNanos > minNanos) {
      throw new IllegalArgumentException("need eager <= min <= max endpointing delay");
    }
    this.eagerNanos = eagerNanos;
    this.minNanos = minNanos;
    this.maxNanos = maxNanos;
  }

  /** The silence after which the turn ends at the current probability. */
  long endDelayNanos() {
    return maxNanos - Math.round((maxNanos - minNanos) * probability);
  }

  @Override
  public TurnDecision onSpeechStarted(long atNanos) {
    boolean resumed = eagerFired;
    inTurn = true;
    speaking = true;
    silenceStartNanos = -1;
    eagerFired = false;
    probability = 0.5;
    return resumed ? TurnDecision.RESUMED : TurnDecision.WAIT;
  }

  @Override
  public TurnDecision onSpeechEnded(long atNanos) {
    speaking = false;
    silenceStartNanos = atNanos;
    return new TurnDecision.WakeAt(atNanos + eagerNanos);
  }

  @Override
  public TurnDecision onTranscript(String text, long nowNanos) {
    return TurnDecision.WAIT;
  }

  @Override
  public TurnDecision onJudgement(double probability, long nowNanos) {
    if (!inTurn || speaking) {
      return TurnDecision.WAIT;
    }
    this.probability = Math.clamp(probability, 0.0, 1.0);
    return onWake(nowNanos);
  }

  @Override
  public TurnDecision onWake(long nowNanos) {
    if (!inTurn || speaking || silenceStartNanos < 0) {
      return TurnDecision.WAIT;
    }
    long endAt = silenceStartNanos + endDelayNanos();
    if (nowNanos >= endAt) {
      inTurn = false;
      eagerFired = false;
      silenceStartNanos = -1;
      return TurnDecision.END_OF_TURN;
    }
    if (!eagerFired && nowNanos >= silenceStartNanos + eagerNanos) {
      eagerFired = true;
      return new TurnDecision.EagerEnd(probability, endAt);
    }
    return new TurnDecision.WakeAt(eagerFired ? endAt : silenceStartNanos + eagerNanos);
  }
}
