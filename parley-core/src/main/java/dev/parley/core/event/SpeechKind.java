package dev.parley.core.event;

/** Why the agent is speaking. */
public enum SpeechKind {
  /** A reply to the user's turn. */
  RESPONSE,
  /** A short acknowledgement ("mhm") in the user's pause that does not take the turn. */
  BACKCHANNEL,
  /** A line that keeps the conversation alive while a slow tool runs. */
  FILLER
}
