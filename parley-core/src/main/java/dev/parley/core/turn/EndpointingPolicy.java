package dev.parley.core.turn;

/**
 * Parley's turn policy: VAD silence is the trigger, a {@link TurnJudge} decides. The wait after the
 * user stops is a continuous function of the judged completion probability {@code p} — Vapi's
 * {@code 20 + 500·√x + 2500·x³} ms with {@code x = 1 − p} — clamped between a minimum and the
 * judge's maximum (the hard fallback, 3 s by default, so the agent never waits forever). An eager
 * end of turn fires as soon as {@code p} reaches the eager threshold, so speculative work can
 * start; if the user speaks again, {@link TurnDecision.Resumed} follows.
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
  private double pitchSlope = Double.NaN;
  private double modelProbability = Double.NaN;
  private boolean inTurn;
  private boolean speaking;
  private long silenceStartNanos = -1;
  private boolean eagerFired;
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
    pitchSlope = semitonesPerSecond;
  }

  @Override
  public TurnDecision onSpeechStarted(long atNanos) {
    boolean resumed = eagerFired;
    if (!inTurn) {
      transcript = "";
      pitchSlope = Double.NaN;
    }
    inTurn = true;
    speaking = true;
    silenceStartNanos = -1;
    eagerFired = false;
    modelProbability = Double.NaN;
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
    transcript = text;
    return speaking ? TurnDecision.WAIT : decide(nowNanos);
  }

  @Override
  public TurnDecision onJudgement(double probability, long nowNanos) {
    modelProbability = Math.clamp(probability, 0.0, 1.0);
    return speaking ? TurnDecision.WAIT : decide(nowNanos);
  }

  @Override
  public void reset() {
    inTurn = false;
    speaking = false;
    silenceStartNanos = -1;
    eagerFired = false;
    transcript = "";
  }

  @Override
  public TurnDecision onWake(long nowNanos) {
    return decide(nowNanos);
  }

  private TurnDecision decide(long nowNanos) {
    if (!inTurn || speaking || silenceStartNanos < 0) {
      return TurnDecision.WAIT;
    }
    last = judge.judge(transcript, lastAgentUtterance, pitchSlope, modelProbability);
    long maxWait = Math.min(hardFallbackNanos, last.maxWaitMillis() * MS);
    long wait = Math.clamp(Math.round(waitMillis(last.probability()) * MS), minWaitNanos, maxWait);
    long endAt = silenceStartNanos + wait;
    if (nowNanos >= endAt) {
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
