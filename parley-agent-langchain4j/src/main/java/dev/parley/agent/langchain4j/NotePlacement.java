package dev.parley.agent.langchain4j;

/**
 * Where the adapter puts its notes to the model: how the caller sounded in a turn, and that the
 * caller cut the agent off.
 */
public enum NotePlacement {
  /**
   * In square brackets at the start of the next user message (the default): it keeps its place with
   * every provider, including those whose API takes one system prompt (Anthropic, Gemini), where
   * LangChain4j gathers every system message at the top.
   */
  IN_USER_MESSAGE,
  /** As a {@code SystemMessage} before the turn it is about, for providers that keep its place. */
  SYSTEM_MESSAGE,
  /** Not at all: the model sees only words. */
  OFF
}
