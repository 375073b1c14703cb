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
