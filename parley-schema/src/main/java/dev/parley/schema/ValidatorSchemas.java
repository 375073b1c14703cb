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
package dev.parley.schema;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaException;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.path.PathType;
import dev.parley.core.tool.ToolSchema;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * Compiles tool schemas with networknt's json-schema-validator: every keyword of the draft a schema
 * names in {@code $schema} (2020-12 if it names none), local {@code $ref}s included. Registered as
 * core's {@link ToolSchema.Compiler} service; thread-safe.
 */
public final class ValidatorSchemas implements ToolSchema.Compiler {
  private static final ObjectMapper JSON = JsonMapper.builder().build();
  // Paths as $.passenger.age, the way the built-in subset and the model's prompt name arguments.
  private static final SchemaRegistry REGISTRY =
      SchemaRegistry.withDefaultDialect(
          SpecificationVersion.DRAFT_2020_12,
          b ->
              b.schemaRegistryConfig(
                  SchemaRegistryConfig.builder().pathType(PathType.JSON_PATH).build()));

  /** For the service loader. */
  public ValidatorSchemas() {}

  /**
   * @throws IllegalArgumentException naming the tool if the schema is not JSON, its root does not
   *     describe an object, or the library refuses it
   */
  @Override
  public ToolSchema compile(String toolName, String schemaJson) {
    JsonNode tree;
    try {
      tree = JSON.readTree(schemaJson);
    } catch (JacksonException e) {
      throw new IllegalArgumentException(
          "tool " + toolName + ": parameter schema is not JSON (" + e.getOriginalMessage() + ")",
          e);
    }
    if (tree == null || !tree.isObject()) {
      throw new IllegalArgumentException(
          "tool " + toolName + ": parameter schema must be a JSON object");
    }
    JsonNode type = tree.get("type");
    if (type != null && !(type.isString() && type.asString().equals("object"))) {
      throw new IllegalArgumentException(
          "tool " + toolName + ": parameter schema must have type \"object\" at its root");
    }
    Schema schema;
    try {
      schema = REGISTRY.getSchema(tree);
      schema.initializeValidators(); // resolves $refs now, so a broken one fails here
    } catch (SchemaException | IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "tool " + toolName + ": bad parameter schema: " + e.getMessage(), e);
    }
    return new ValidatorSchema(schema);
  }

  /** One compiled schema. */
  private record ValidatorSchema(Schema schema) implements ToolSchema {
    @Override
    public List<String> violations(String argumentsJson) {
      JsonNode arguments;
      try {
        arguments = JSON.readTree(argumentsJson);
      } catch (JacksonException e) {
        return List.of("arguments are not JSON: " + e.getOriginalMessage());
      }
      if (arguments == null || !arguments.isObject()) {
        return List.of("arguments must be a JSON object");
      }
      List<String> problems = new ArrayList<>();
      for (Error e : schema.validate(arguments)) {
        problems.add(Messages.of(e));
      }
      return problems;
    }
  }
}
