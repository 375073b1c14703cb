package dev.parley.core.report;

import java.util.OptionalLong;

/**
 * How long the agent took to answer one user turn: from the end of the user's last speech in the
 * turn to the first audio of the agent's response.
 *
 * @param turn the turn's number in the call, from 1
 * @param userEndNanos when the user's speech ended (the turn end itself if no speech end was seen)
 * @param agentStartNanos when the first audio of the response reached the caller, or {@code -1} if
 *     the agent never answered this turn
 * @param userText what the user said, as the turn ended
 */
public record TurnLatency(int turn, long userEndNanos, long agentStartNanos, String userText) {
  /** Whether the agent answered this turn. */
  public boolean answered() {
    return agentStartNanos >= 0;
  }

  /** The latency rounded to milliseconds, or empty if the agent never answered. */
  public OptionalLong latencyMillis() {
    return answered()
        ? OptionalLong.of(Math.round((agentStartNanos - userEndNanos) / 1e6))
        : OptionalLong.empty();
  }
}
