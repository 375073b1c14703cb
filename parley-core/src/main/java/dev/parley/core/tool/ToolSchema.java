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

import java.util.List;

/**
 * A tool's argument schema, compiled: the session checks every call's arguments against it before
 * the tool runs, and the model hears the problems instead of the tool seeing bad input. Immutable
 * and thread-safe.
 *
 * <p>{@link #compile} uses the {@link Compiler} found on the class path through {@link
 * java.util.ServiceLoader}, so the application chooses the implementation by its dependencies:
 * {@code parley-schema} brings full JSON Schema (networknt's json-schema-validator: {@code $ref},
 * {@code anyOf}, {@code pattern}, formats, every draft); without it, the built-in subset ({@link
 * #subset}) checks what LLM tool definitions commonly use and refuses a schema that needs more,
 * rather than checking it by half. See ADR 25.
 */
public interface ToolSchema {
  /**
   * Checks arguments against the schema.
   *
   * @return the problems found, each naming the argument ({@code $.passengers must be at least 1});
   *     empty if the arguments are valid
   */
  List<String> violations(String argumentsJson);

  /**
   * Compiles the schema of tool {@code toolName} with the installed {@link Compiler}, or the
   * built-in subset if none is installed.
   *
   * @throws IllegalArgumentException naming the tool and the problem if the schema is not JSON, its
   *     root does not describe an object, or it is not a valid schema
   */
  static ToolSchema compile(String toolName, String schemaJson) {
    return SchemaCompilers.installed().compile(toolName, schemaJson);
  }

  /**
   * Compiles with the built-in subset, whatever is installed.
   *
   * @throws IllegalArgumentException as {@link #compile} does, and for a keyword the subset does
   *     not check ({@code $ref}, {@code anyOf}, ...)
   */
  static ToolSchema subset(String toolName, String schemaJson) {
    return SubsetSchema.compile(toolName, schemaJson);
  }

  /**
   * Compiles tool schemas; an implementation is found through {@link java.util.ServiceLoader}
   * ({@code META-INF/services/dev.parley.core.tool.ToolSchema$Compiler}) and must be thread-safe.
   */
  interface Compiler {
    /**
     * Compiles the schema of tool {@code toolName}.
     *
     * @throws IllegalArgumentException naming the tool and the problem
     */
    ToolSchema compile(String toolName, String schemaJson);
  }
}
