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
/**
 * Full JSON Schema for tool arguments: {@link dev.parley.schema.ValidatorSchemas} compiles a tool's
 * parameter schema with networknt's json-schema-validator and is found by core's {@link
 * dev.parley.core.tool.ToolSchema#compile} through the service loader, so adding this module to an
 * application is all it takes.
 */
@NullMarked
package dev.parley.schema;

import org.jspecify.annotations.NullMarked;
