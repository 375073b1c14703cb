/*
 * Copyright 2026 The Parley authors
 *
 * Licensed under the Apache License, Version 2.0 (the "License");
 * you may not use this file except in compliance with the License.
 * You may obtain a copy of the License at
 *
 *     https://www.apache.org/licenses/LICENSE-2.0
 *
 * Unless required by applicable law or agreed to in writing, software
 * distributed under the License is distributed on an "AS IS" BASIS,
 * WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
 * See the License for the specific language governing permissions and
 * limitations under the License.
 */
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
