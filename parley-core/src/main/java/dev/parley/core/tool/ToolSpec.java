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

import java.time.Duration;
import java.util.regex.Pattern;

/**
 * What an agent and a language model know of a tool.
 *
 * @param name a function name as LLM APIs accept it ({@code [A-Za-z0-9_-]{1,64}})
 * @param description what the tool does, written for the model
 * @param parametersSchema a JSON Schema object describing the arguments; the runtime rejects
 *     arguments that fail it before the tool runs
 * @param effect when the tool may run
 * @param timeout how long one call may take before it fails
 */
public record ToolSpec(
    String name, String description, String parametersSchema, ToolEffect effect, Duration timeout) {
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");

  public ToolSpec {
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "tool name '" + name + "' must be 1-64 letters, digits, '_' or '-'");
    }
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("tool " + name + ": timeout must be positive");
    }
  }
}
