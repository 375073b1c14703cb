package dev.parley.agent.gguf;

/** Whether the model may, must or must not answer a round of a reply with a tool call. */
public enum ToolChoice {
  /** The model chooses between a spoken answer and a tool call (the default). */
  AUTO,
  /**
   * The first round of every reply must be a tool call; the rounds after a tool result are {@link
   * #AUTO}. For agents that always look something up before they answer.
   */
  REQUIRED,
  /** Spoken answers only, even when the agent has tools. */
  NONE
}
