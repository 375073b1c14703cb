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
package dev.parley.agent.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.jspecify.annotations.Nullable;

/**
 * The {@code tool_choice} of a chat request: whether the model may ({@code auto}), must ({@code
 * required}) or must not ({@code none}) call tools, or must call one named function. An immutable
 * value.
 *
 * @param mode {@code auto}, {@code none}, {@code required} or {@code function}
 * @param function the function's name when {@code mode} is {@code function}, otherwise null
 */
public record ToolChoice(String mode, @Nullable String function) {
  public ToolChoice {
    switch (mode) {
      case "auto", "none", "required" -> {
        if (function != null) {
          throw new IllegalArgumentException("tool_choice " + mode + " names no function");
        }
      }
      case "function" -> {
        if (function == null || function.isBlank()) {
          throw new IllegalArgumentException("tool_choice function needs a function name");
        }
      }
      default ->
          throw new IllegalArgumentException(
              "unknown tool_choice '" + mode + "' (auto, none, required or function)");
    }
  }

  /** The model decides (the API's default). */
  public static ToolChoice auto() {
    return new ToolChoice("auto", null);
  }

  /** The model answers in words only. */
  public static ToolChoice none() {
    return new ToolChoice("none", null);
  }

  /** The model must call at least one tool. */
  public static ToolChoice required() {
    return new ToolChoice("required", null);
  }

  /** The model must call {@code name}. */
  public static ToolChoice function(String name) {
    return new ToolChoice("function", name);
  }

  /** The value of {@code tool_choice} in a request body. */
  JsonNode json() {
    if (function == null) {
      return JsonNodeFactory.instance.textNode(mode);
    }
    ObjectNode node = JsonNodeFactory.instance.objectNode();
    node.put("type", "function");
    node.putObject("function").put("name", function);
    return node;
  }
}
