package dev.parley.core.tool;

import java.io.Serial;

/**
 * A tool failure the agent should be told about in words (no flights on that date, booking not
 * found), as opposed to a bug.
 */
public class ToolException extends Exception {
  @Serial private static final long serialVersionUID = 1L;

  public ToolException(String message) {
    super(message);
  }

  public ToolException(String message, Throwable cause) {
    super(message, cause);
  }
}
