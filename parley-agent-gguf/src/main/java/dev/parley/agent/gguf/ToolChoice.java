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
