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
package dev.parley.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.tool.ToolSchema;
import org.junit.jupiter.api.Test;

/**
 * The command checks tool arguments with full JSON Schema: parley-schema's validator is installed
 * and loads beside the Jackson 2 the rest of the command uses.
 */
class ToolSchemaInstalledTest {
  @Test
  void fullJsonSchemaLoadsBesideJackson2AndChecksAnyOf() {
    // Regression: Jackson 3 failed to load (NoClassDefFoundError: JsonSerializeAs) when Jackson 2's
    // databind brought jackson-annotations 2.20, and no agent with tools could start.
    ToolSchema seat =
        ToolSchema.compile(
            "choose_seat",
            "{\"type\":\"object\",\"properties\":{\"seat\":{\"anyOf\":["
                + "{\"type\":\"string\",\"pattern\":\"^[0-9]{1,2}[A-F]$\"},{\"type\":\"null\"}]}}}");
    assertThat(seat.violations("{\"seat\":\"12A\"}")).isEmpty();
    assertThat(seat.violations("{\"seat\":\"12Z\"}"))
        .isNotEmpty()
        .allSatisfy(problem -> assertThat(problem).startsWith("$.seat"));
  }
}
