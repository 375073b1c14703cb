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

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.core.tool.ToolSchema;
import org.junit.jupiter.api.Test;

/**
 * Full JSON Schema through core's {@link ToolSchema#compile}: the keywords the built-in subset
 * refuses are checked, and each problem names the argument.
 */
class ValidatorSchemasTest {
  private static ToolSchema schema(String json) {
    return ToolSchema.compile("book_flight", json);
  }

  @Test
  void theServiceLoaderInstallsTheLibraryInPlaceOfTheSubset() {
    ToolSchema anyOf =
        schema("{\"type\":\"object\",\"properties\":{\"n\":{\"anyOf\":[{\"type\":\"string\"}]}}}");
    assertThat(anyOf.getClass().getName()).startsWith("dev.parley.schema.");
  }

  @Test
  void aLocalRefIsFollowed() {
    ToolSchema s =
        schema(
            """
            {"type":"object","$defs":{"city":{"type":"string","minLength":3}},
             "properties":{"from":{"$ref":"#/$defs/city"},"to":{"$ref":"#/$defs/city"}},
             "required":["from","to"]}""");
    assertThat(s.violations("{\"from\":\"Chicago\",\"to\":\"Boston\"}")).isEmpty();
    assertThat(s.violations("{\"from\":\"Chicago\",\"to\":\"NY\"}"))
        .singleElement()
        .asString()
        .startsWith("$.to: ");
  }

  @Test
  void anyOfAcceptsAValueMatchingOneBranchAndNamesTheArgumentOtherwise() {
    ToolSchema s =
        schema(
            """
            {"type":"object","properties":{"seat":{"anyOf":[
              {"type":"string","pattern":"^[0-9]{1,2}[A-F]$"},{"type":"null"}]}}}""");
    assertThat(s.violations("{\"seat\":\"12A\"}")).isEmpty();
    assertThat(s.violations("{\"seat\":null}")).isEmpty();
    assertThat(s.violations("{\"seat\":7}")).isNotEmpty().allMatch(p -> p.startsWith("$.seat"));
  }

  @Test
  void aPatternIsChecked() {
    ToolSchema s =
        schema(
            "{\"type\":\"object\",\"properties\":{\"date\":{\"type\":\"string\","
                + "\"pattern\":\"^\\\\d{4}-\\\\d{2}-\\\\d{2}$\"}}}");
    assertThat(s.violations("{\"date\":\"2026-10-07\"}")).isEmpty();
    assertThat(s.violations("{\"date\":\"October 7\"}"))
        .singleElement()
        .asString()
        .isEqualTo("$.date: does not match the regex pattern ^\\d{4}-\\d{2}-\\d{2}$");
  }

  @Test
  void anEnumNamesTheArgumentAndTheValuesAllowed() {
    ToolSchema s =
        schema(
            "{\"type\":\"object\",\"properties\":{\"cabin\":{\"enum\":[\"economy\",\"business\"]}}}");
    assertThat(s.violations("{\"cabin\":\"business\"}")).isEmpty();
    assertThat(s.violations("{\"cabin\":\"first\"}"))
        .singleElement()
        .asString()
        .isEqualTo("$.cabin: does not have a value in the enumeration [\"economy\", \"business\"]");
  }

  @Test
  void nestedObjectsAreCheckedAllTheWayDown() {
    ToolSchema s =
        schema(
            """
            {"type":"object","properties":{"passenger":{"type":"object",
              "properties":{"name":{"type":"string"},"age":{"type":"integer","minimum":0}},
              "required":["name"],"additionalProperties":false}},
             "required":["passenger"]}""");
    assertThat(s.violations("{\"passenger\":{\"name\":\"Ada\",\"age\":36}}")).isEmpty();
    assertThat(s.violations("{\"passenger\":{\"age\":-1,\"seat\":\"1A\"}}"))
        .containsExactlyInAnyOrder(
            "$.passenger.name is required",
            "$.passenger.seat is not a known argument",
            s.violations("{\"passenger\":{\"name\":\"Ada\",\"age\":-1}}").getFirst());
    assertThat(s.violations("{\"passenger\":{\"name\":\"Ada\",\"age\":-1}}"))
        .singleElement()
        .asString()
        .startsWith("$.passenger.age: ");
    assertThat(s.violations("{}")).containsExactly("$.passenger is required");
  }

  @Test
  void aWrongKindNamesTheArgument() {
    ToolSchema s =
        schema("{\"type\":\"object\",\"properties\":{\"passengers\":{\"type\":\"integer\"}}}");
    assertThat(s.violations("{\"passengers\":\"two\"}"))
        .containsExactly("$.passengers: string found, integer expected");
  }

  @Test
  void argumentsThatAreNotAnObjectOrNotJsonAreToldSo() {
    ToolSchema s = schema("{\"type\":\"object\"}");
    assertThat(s.violations("[1]")).containsExactly("arguments must be a JSON object");
    assertThat(s.violations("{\"to\":"))
        .singleElement()
        .asString()
        .startsWith("arguments are not JSON");
  }

  @Test
  void aBadSchemaFailsNamingTheTool() {
    assertThatThrownBy(() -> schema("{type: object"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("tool book_flight: parameter schema is not JSON");
    assertThatThrownBy(() -> schema("{\"type\":\"string\"}"))
        .hasMessageContaining("must have type \"object\" at its root");
    assertThatThrownBy(
            () ->
                schema("{\"type\":\"object\",\"properties\":{\"to\":{\"$ref\":\"#/$defs/none\"}}}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("tool book_flight: bad parameter schema");
  }
}
