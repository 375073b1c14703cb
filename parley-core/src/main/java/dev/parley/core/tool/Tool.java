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

/**
 * A function an agent can call. Implementations are thread-safe: one tool serves every session.
 *
 * <p>The session's tool runtime calls {@link #invoke} on a worker thread, after the arguments
 * passed the schema of {@link #spec()}, and only when the tool's {@link ToolEffect} allows it.
 * Cancelling a call interrupts that thread.
 */
public interface Tool {
  /** The tool's name, description, argument schema, effect and timeout. */
  ToolSpec spec();

  /**
   * Runs one call and returns its result as a JSON value (an object, usually).
   *
   * @throws ToolException for a failure the agent should hear about (no flights on that date)
   * @throws InterruptedException if the call was cancelled
   * @throws Exception for anything else; the runtime reports it as a failed call, never as a result
   */
  String invoke(String argumentsJson, ToolContext context) throws Exception;

  /** Whether {@link #compensate} can undo a completed call of this tool. */
  default boolean compensable() {
    return false;
  }

  /**
   * Undoes the effect of a completed call (cancel the booking), given the arguments and result of
   * that call; returns the compensation's own result as JSON.
   *
   * @throws ToolException if the effect cannot be undone; the agent must then ask the user
   */
  default String compensate(String argumentsJson, String resultJson, ToolContext context)
      throws Exception {
    throw new ToolException(spec().name() + " cannot be undone");
  }
}
