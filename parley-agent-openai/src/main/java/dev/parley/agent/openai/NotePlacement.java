package dev.parley.agent.openai;

/**
 * Where the adapter puts its notes to the model: how the caller sounded in a turn, and that the
 * caller cut the agent off.
 */
public enum NotePlacement {
  /** As a {@code system} message before the turn it is about (the default). */
  SYSTEM_MESSAGE,
  /**
   * In square brackets at the start of the next user message, for chat templates that refuse system
   * messages after the first (some Gemma and Mistral templates).
   */
  IN_USER_MESSAGE,
  /** Not at all: the model sees only words. */
  OFF
}
