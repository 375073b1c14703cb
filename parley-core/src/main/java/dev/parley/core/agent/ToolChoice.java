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

import org.jspecify.annotations.Nullable;

/**
 * Whether the model may, must or must not call tools in a round of a reply: {@code auto} (the model
 * decides), {@code none} (words only), {@code required} (at least one call) or a named {@code
 * function}. A forced choice holds for the first round only: after a tool result the model must be
 * free to answer, so later rounds are {@code auto}, and the round after the last allowed one is
 * {@code none} (see {@link #forRound}).
 *
 * @param function the tool a {@link Mode#FUNCTION} choice names; null for the other modes
 */
public record ToolChoice(Mode mode, @Nullable String function) {
  /** The kind of choice. */
  public enum Mode {
    AUTO,
    NONE,
    REQUIRED,
    FUNCTION;

    /** The mode as OpenAI's {@code tool_choice} names it. */
    public String wire() {
      return switch (this) {
        case AUTO -> "auto";
        case NONE -> "none";
        case REQUIRED -> "required";
        case FUNCTION -> "function";
      };
    }
  }

  public ToolChoice {
    if (mode == Mode.FUNCTION) {
      if (function == null || function.isBlank()) {
        throw new IllegalArgumentException("tool_choice function needs a function name");
      }
    } else if (function != null) {
      throw new IllegalArgumentException("tool_choice " + mode.wire() + " names no function");
    }
  }

  /** The model decides (every API's default). */
  public static ToolChoice auto() {
    return new ToolChoice(Mode.AUTO, null);
  }

  /** The model answers in words only. */
  public static ToolChoice none() {
    return new ToolChoice(Mode.NONE, null);
  }

  /** The model must call at least one tool. */
  public static ToolChoice required() {
    return new ToolChoice(Mode.REQUIRED, null);
  }

  /** The model must call {@code name}. */
  public static ToolChoice function(String name) {
    return new ToolChoice(Mode.FUNCTION, name);
  }

  /**
   * The choice for round {@code round} (0 for the first) of a reply that may make {@code maxRounds}
   * rounds of tool calls: this choice first, {@code auto} after a tool result (unless this is
   * {@code none}), {@code none} from round {@code maxRounds} on.
   */
  public ToolChoice forRound(int round, int maxRounds) {
    if (round >= maxRounds || mode == Mode.NONE) {
      return none();
    }
    return round == 0 ? this : auto();
  }

  /** Whether the model may call a tool under this choice. */
  public boolean allowsCalls() {
    return mode != Mode.NONE;
  }
}
