package dev.parley.core.spi;

/**
 * The user's turn as a turn detector sees it.
 *
 * @param audio the last seconds of the user's turn as 16 kHz mono PCM16, oldest first (owned by the
 *     callee: the session passes a copy)
 * @param transcript the words recognised so far in this turn, possibly partial
 * @param lastAgentUtterance what the agent last said, for context rules ("what's your account
 *     number?"); empty at the start of a call
 * @param silenceMillis how long the user has been silent at the end of {@code audio}
 */
public record TurnSnapshot(
    short[] audio, String transcript, String lastAgentUtterance, long silenceMillis) {}
