package dev.parley.core.event;

/** How a tool call ended. */
public enum ToolStatus {
  /** The call returned a result. */
  OK,
  /** The call was abandoned before it finished, for example because the user corrected it. */
  CANCELLED,
  /** The call raised an error or timed out. */
  FAILED,
  /** The call had finished with side effects that were then undone. */
  COMPENSATED
}
