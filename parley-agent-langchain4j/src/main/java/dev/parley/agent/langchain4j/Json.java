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
package dev.parley.agent.langchain4j;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.parley.core.tool.ToolJson;
import java.util.Optional;

/**
 * The JSON this adapter reads and writes between LangChain4j and Parley: a tool's parameter schema
 * from its {@link ToolSpecification}, and tool results as JSON values. Stateless and thread-safe.
 */
final class Json {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final String NO_PARAMETERS = "{\"type\":\"object\",\"properties\":{}}";

  private Json() {}

  /**
   * The JSON Schema of {@code spec}'s parameters, as LangChain4j writes it for a model ({@code
   * ToolSpecification.toJson}); an object with no properties for a tool without parameters.
   */
  static String parametersSchema(ToolSpecification spec) {
    JsonNode parameters;
    try {
      parameters = MAPPER.readTree(spec.toJson()).path("parameters");
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          "tool " + spec.name() + ": LangChain4j wrote a specification that is not JSON", e);
    }
    if (parameters.isMissingNode() || parameters.isNull()) {
      return NO_PARAMETERS;
    }
    return parameters.toString();
  }

  /** The text of {@code json} when it is a JSON string, else empty. */
  static Optional<String> stringValue(String json) {
    String s = json.strip();
    if (s.isEmpty() || s.charAt(0) != '"') {
      return Optional.empty();
    }
    try {
      JsonNode node = MAPPER.readTree(s);
      return node != null && node.isTextual() ? Optional.of(node.asText()) : Optional.empty();
    } catch (JsonProcessingException e) {
      return Optional.empty();
    }
  }

  /**
   * A tool's output as one JSON value: an object or array as it is, any other text (a {@code @Tool}
   * method's {@code String}, LangChain4j's {@code "Success"} for {@code void}) as a JSON string.
   */
  static String result(String text) {
    String s = text.strip();
    boolean structured = s.startsWith("{") || s.startsWith("[");
    return structured && ToolJson.isValid(s) ? s : ToolJson.quote(text);
  }
}
