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

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.request.json.JsonRawSchema;
import dev.parley.core.tool.ToolSpec;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A Parley tool's spec as LangChain4j's {@link ToolSpecification}, so Parley's own tools (such as
 * {@code end_call} and {@code transfer_call}) can be offered to a LangChain4j model: the object's
 * properties are kept as raw JSON Schema, so nothing of the schema is lost in translation.
 * Stateless.
 */
final class ParleyToolSpecs {
  private static final ObjectMapper JSON = new ObjectMapper();

  private ParleyToolSpecs() {}

  /**
   * The LangChain4j specification of {@code spec}.
   *
   * @throws IllegalArgumentException if the schema is not a JSON object schema
   */
  static ToolSpecification of(ToolSpec spec) {
    JsonNode schema;
    try {
      schema = JSON.readTree(spec.parametersSchema());
    } catch (IOException e) {
      throw new IllegalArgumentException("tool " + spec.name() + ": unreadable schema", e);
    }
    if (schema == null
        || !schema.isObject()
        || !schema.path("type").asText("object").equals("object")) {
      throw new IllegalArgumentException("tool " + spec.name() + ": parameters must be an object");
    }
    JsonObjectSchema.Builder parameters = JsonObjectSchema.builder();
    for (var it = schema.path("properties").properties().iterator(); it.hasNext(); ) {
      var property = it.next();
      parameters.addProperty(property.getKey(), JsonRawSchema.from(property.getValue().toString()));
    }
    List<String> required = new ArrayList<>();
    schema.path("required").forEach(r -> required.add(r.asText()));
    parameters.required(required);
    if (schema.has("additionalProperties")) {
      parameters.additionalProperties(schema.path("additionalProperties").asBoolean(true));
    }
    return ToolSpecification.builder()
        .name(spec.name())
        .description(spec.description())
        .parameters(parameters.build())
        .build();
  }
}
