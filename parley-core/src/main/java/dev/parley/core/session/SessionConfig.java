package dev.parley.core.session;

/**
 * The timing rules of a session, with defaults users of Pipecat and LiveKit Agents would expect.
 *
 * @param vadStartThreshold speech probability at or above which speech may start (Silero: 0.5)
 * @param vadStopThreshold speech probability below which speech may end
 * @param minSpeechMillis how long speech must last before it counts as speech
 * @param minSilenceMillis how long silence must last before speech counts as ended
 * @param eagerEndMillis silence after which an eager end of turn fires
 * @param endOfTurnMinMillis silence that ends a turn the detector is sure is complete
 * @param endOfTurnMaxMillis silence that ends a turn the detector is sure is not complete
 * @param interruptSpeechMillis user speech under agent audio that interrupts it (Vapi voiceSeconds
 *     0.2)
 * @param turnAudioMillis how much of the turn's audio a turn detector is shown (Smart Turn: 8 s)
 * @param inboxCapacity frames the live session's inbox holds before caller audio is dropped
 */
public record SessionConfig(
    double vadStartThreshold,
    double vadStopThreshold,
    long minSpeechMillis,
    long minSilenceMillis,
    long eagerEndMillis,
    long endOfTurnMinMillis,
    long endOfTurnMaxMillis,
    long interruptSpeechMillis,
    long turnAudioMillis,
    int inboxCapacity) {

  public SessionConfig {
    if (vadStopThreshold > vadStartThreshold) {
      throw new IllegalArgumentException("vadStopThreshold must not exceed vadStartThreshold");
    }
    if (minSilenceMillis > eagerEndMillis
        || eagerEndMillis > endOfTurnMinMillis
        || endOfTurnMinMillis > endOfTurnMaxMillis) {
      throw new IllegalArgumentException(
          "need minSilenceMillis <= eagerEndMillis <= endOfTurnMinMillis <= endOfTurnMaxMillis");
    }
    if (inboxCapacity < 16) {
      throw new IllegalArgumentException("inboxCapacity must be at least 16");
    }
  }

  /** The defaults. */
  public static SessionConfig defaults() {
    return new SessionConfig(0.5, 0.35, 100, 200, 250, 300, 800, 200, 8000, 256);
  }

  /** These rules with a different end-of-turn silence range. */
  public SessionConfig withEndOfTurn(long minMillis, long maxMillis) {
    return new SessionConfig(
        vadStartThreshold,
        vadStopThreshold,
        minSpeechMillis,
        minSilenceMillis,
        Math.min(eagerEndMillis, minMillis),
        minMillis,
        maxMillis,
        interruptSpeechMillis,
        turnAudioMillis,
        inboxCapacity);
  }
}
