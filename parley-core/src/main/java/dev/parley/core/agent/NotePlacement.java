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
package dev.parley.core.agent;

/**
 * Where an adapter puts its notes to the model: how the caller sounded in a turn, that the caller
 * cut the agent off, that a tool call was undone.
 */
public enum NotePlacement {
  /** As a system message before the turn it is about. */
  SYSTEM_MESSAGE,
  /**
   * In square brackets at the start of the next user message: it keeps its place with chat
   * templates that refuse system messages after the first (some Gemma and Mistral templates) and
   * with APIs that take one system prompt (Anthropic, Gemini), where a library gathers every system
   * message at the top.
   */
  IN_USER_MESSAGE,
  /** Not at all: the model sees only words. */
  OFF
}
