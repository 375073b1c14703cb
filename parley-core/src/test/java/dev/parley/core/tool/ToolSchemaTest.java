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

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class ToolSchemaTest {
  private static final ToolSchema BOOK =
      ToolSchema.compile(
          "book_flight",
          """
          {"type": "object",
           "properties": {
             "from": {"type": "string", "minLength": 3, "description": "IATA code"},
             "to": {"type": "string", "enum": ["BOS", "JFK", "DEN"]},
             "passengers": {"type": "integer", "minimum": 1, "maximum": 9},
             "price": {"type": "number", "exclusiveMinimum": 0},
             "window": {"type": "boolean"},
             "notes": {"type": ["string", "null"]},
             "legs": {"type": "array", "items": {"type": "string"}, "maxItems": 2},
             "meta": {"type": "object", "additionalProperties": false,
                      "properties": {"source": {"type": "string"}}}},
           "required": ["to", "passengers"]}""");

  @Nested
  class Arguments {
    @Test
    void validArgumentsHaveNoViolations() {
      assertThat(
              BOOK.violations(
                  "{\"from\":\"ORD\",\"to\":\"BOS\",\"passengers\":2.0,\"price\":120.5,"
                      + "\"window\":true,\"notes\":null,\"legs\":[\"ORD\",\"BOS\"],"
                      + "\"meta\":{\"source\":\"web\"}}"))
          .isEmpty();
    }

    @Test
    void eachProblemIsNamedByItsPath() {
      assertThat(
              BOOK.violations(
                  "{\"from\":\"OR\",\"to\":\"LAX\",\"passengers\":0,\"price\":0,\"window\":\"yes\","
                      + "\"legs\":[\"A\",\"B\",3],\"meta\":{\"x\":1}}"))
          .containsExactlyInAnyOrder(
              "$.from must be at least 3 characters",
              "$.to must be one of \"BOS\", \"JFK\", \"DEN\"",
              "$.passengers must be at least 1",
              "$.price must be more than 0",
              "$.window must be boolean, not a string",
              "$.legs must have at most 2 items",
              "$.legs[2] must be string, not a number",
              "$.meta.x is not a known argument");
    }

    @Test
    void missingRequiredArgumentsAndWrongKindsAreRejected() {
      assertThat(BOOK.violations("{\"passengers\":2.5}"))
          .containsExactlyInAnyOrder(
              "$.to is required", "$.passengers must be integer, not a number");
      assertThat(BOOK.violations("[1]")).containsExactly("arguments must be a JSON object");
      assertThat(BOOK.violations("{\"to\":"))
          .singleElement()
          .asString()
          .startsWith("arguments are not JSON");
    }
  }

  @Nested
  class Schemas {
    @Test
    void aSchemaThatIsNotJsonFailsNamingTheTool() {
      assertThatThrownBy(() -> ToolSchema.compile("search", "{type: object"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith("tool search: parameter schema is not JSON");
    }

    @Test
    void anUnknownTypeOrAMalformedKeywordFailsNamingWhere() {
      assertThatThrownBy(
              () ->
                  ToolSchema.compile(
                      "search", "{\"type\":\"object\",\"properties\":{\"n\":{\"type\":\"int\"}}}"))
          .hasMessage("tool search: bad parameter schema at $.n: unknown type int");
      assertThatThrownBy(
              () -> ToolSchema.compile("search", "{\"type\":\"object\",\"required\":\"n\"}"))
          .hasMessageContaining("required must be an array of names");
      assertThatThrownBy(
              () ->
                  ToolSchema.compile(
                      "search",
                      "{\"type\":\"object\",\"properties\":{\"n\":{\"minimum\":\"one\"}}}"))
          .hasMessageContaining("$.n: minimum must be a number");
    }

    @Test
    void aPatternIsCheckedAsASearch() {
      ToolSchema dated =
          ToolSchema.compile(
              "search",
              "{\"type\":\"object\",\"properties\":{\"date\":{\"type\":\"string\","
                  + "\"pattern\":\"^\\\\d{4}-\\\\d{2}-\\\\d{2}$\"}}}");
      assertThat(dated.violations("{\"date\":\"2026-10-07\"}")).isEmpty();
      assertThat(dated.violations("{\"date\":\"October 7\"}"))
          .containsExactly("$.date must match ^\\d{4}-\\d{2}-\\d{2}$");
    }

    @Test
    void aKeywordTheSubsetCannotCheckIsRefusedByNameNotSkipped() {
      for (String keyword : List.of("anyOf", "oneOf", "allOf")) {
        assertThatThrownBy(
                () ->
                    ToolSchema.compile(
                        "search",
                        "{\"type\":\"object\",\"properties\":{\"n\":{\""
                            + keyword
                            + "\":[{\"type\":\"string\"},{\"type\":\"integer\"}]}}}"))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("$.n: " + keyword + " is not checked")
            .hasMessageContaining("parley-schema");
      }
      assertThatThrownBy(
              () ->
                  ToolSchema.compile(
                      "search",
                      "{\"type\":\"object\",\"$defs\":{\"city\":{\"type\":\"string\"}},"
                          + "\"properties\":{\"to\":{\"$ref\":\"#/$defs/city\"}}}"))
          .hasMessageContaining("$.to: $ref is not checked");
    }

    @Test
    void theRootMustDescribeAnObject() {
      assertThatThrownBy(() -> ToolSchema.compile("search", "{\"type\":\"string\"}"))
          .hasMessageContaining("must have type \"object\" at its root");
    }

    @Test
    void aRequiredArgumentMustBeDeclaredWhenPropertiesAreClosed() {
      assertThatThrownBy(
              () ->
                  ToolSchema.compile(
                      "search",
                      "{\"type\":\"object\",\"additionalProperties\":false,"
                          + "\"properties\":{\"a\":{}},\"required\":[\"b\"]}"))
          .hasMessageContaining("required property b is not among its properties");
    }
  }

  @Nested
  class Canonical {
    @Test
    void theSameCallWrittenTwoWaysHasOneCanonicalForm() {
      assertThat(ToolJson.canonical("{ \"b\": 1.0, \"a\": [\"x\", {\"d\":2,\"c\":null}] }"))
          .isEqualTo(ToolJson.canonical("{\"a\":[\"x\",{\"c\":null,\"d\":2}],\"b\":1}"))
          .isEqualTo("{\"a\":[\"x\",{\"c\":null,\"d\":2}],\"b\":1}");
    }

    @Test
    void malformedJsonIsNotValid() {
      assertThat(ToolJson.isValid("{\"flights\": [")).isFalse();
      assertThat(ToolJson.isValid("{\"a\":1} trailing")).isFalse();
      assertThat(ToolJson.isValid("\"just a string\"")).isTrue();
    }
  }
}
