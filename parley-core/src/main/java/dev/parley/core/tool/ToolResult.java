package dev.parley.core.tool;

import dev.parley.core.event.ToolStatus;

/**
 * How a tool call ended.
 *
 * @param call the call
 * @param status {@code OK} with the tool's result in {@code json}; {@code FAILED} with {@code
 *     {"error": "..."}} (the tool failed, timed out, or its arguments failed the schema); {@code
 *     CANCELLED} if it was abandoned; {@code COMPENSATED} for a compensation that undid a call
 * @param json the result or the error, as JSON
 * @param reused whether a speculative run's result was reused instead of running again
 */
public record ToolResult(ToolCall call, ToolStatus status, String json, boolean reused) {
  /** Whether the call returned a result. */
  public boolean ok() {
    return status == ToolStatus.OK;
  }
}
