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

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.jspecify.annotations.Nullable;

/**
 * The built-in {@link ToolSchema}: the subset of JSON Schema that LLM tool definitions use ({@code
 * type} — string, integer, number, boolean, array, object, null, or a list of these — {@code
 * properties}, {@code required}, {@code additionalProperties: false}, {@code enum}, {@code const},
 * {@code minimum}, {@code maximum}, {@code exclusiveMinimum}, {@code exclusiveMaximum}, {@code
 * minLength}, {@code maxLength}, {@code pattern}, {@code items}, {@code minItems}, {@code
 * maxItems}). A schema using a keyword that changes what is valid beyond these ({@code $ref},
 * {@code anyOf}, {@code oneOf}, {@code allOf}, {@code not}, {@code if}, ...) is refused by name
 * rather than half checked: put {@code parley-schema} on the class path for full JSON Schema.
 * Keywords for people and models ({@code description}, {@code title}, {@code default}, {@code
 * format}, {@code examples}) are accepted and not checked. Immutable and thread-safe.
 */
final class SubsetSchema implements ToolSchema {
  private static final Set<String> TYPES =
      Set.of("string", "integer", "number", "boolean", "array", "object", "null");

  private final Node root;

  /** Keywords that change what is valid and that this subset does not check. */
  private static final Set<String> UNCHECKED =
      Set.of(
          "$ref",
          "$dynamicRef",
          "anyOf",
          "oneOf",
          "allOf",
          "not",
          "if",
          "then",
          "else",
          "patternProperties",
          "propertyNames",
          "dependentRequired",
          "dependentSchemas",
          "dependencies",
          "prefixItems",
          "contains",
          "uniqueItems",
          "multipleOf",
          "minProperties",
          "maxProperties",
          "unevaluatedProperties",
          "unevaluatedItems");

  private SubsetSchema(Node root) {
    this.root = root;
  }

  /**
   * Compiles the schema of tool {@code toolName}.
   *
   * @throws IllegalArgumentException naming the tool and the problem if the schema is not JSON, its
   *     root is not an object schema, a keyword has a value of the wrong kind, or a keyword this
   *     subset does not check would change what is valid
   */
  static SubsetSchema compile(String toolName, String schemaJson) {
    Object tree;
    try {
      tree = ToolJson.parse(schemaJson);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "tool " + toolName + ": parameter schema is not JSON (" + e.getMessage() + ")", e);
    }
    Node root = compile(toolName, "$", tree);
    if (!root.types.isEmpty() && !root.types.equals(List.of("object"))) {
      throw new IllegalArgumentException(
          "tool " + toolName + ": parameter schema must have type \"object\" at its root");
    }
    return new SubsetSchema(root);
  }

  @Override
  public List<String> violations(String argumentsJson) {
    Object value;
    try {
      value = ToolJson.parse(argumentsJson);
    } catch (IllegalArgumentException e) {
      return List.of("arguments are not JSON: " + e.getMessage());
    }
    if (!(value instanceof Map)) {
      return List.of("arguments must be a JSON object");
    }
    List<String> problems = new ArrayList<>();
    root.check("$", value, problems);
    return problems;
  }

  private static Node compile(String tool, String path, Object tree) {
    if (tree instanceof Boolean b) {
      return b ? new Node() : Node.never();
    }
    if (!(tree instanceof Map<?, ?> map)) {
      throw bad(tool, path, "a schema must be an object");
    }
    Node node = new Node();
    for (Map.Entry<?, ?> entry : map.entrySet()) {
      String key = String.valueOf(entry.getKey());
      Object value = entry.getValue();
      switch (key) {
        case "type" -> {
          List<?> names = value instanceof List<?> list ? list : List.of(value);
          for (Object name : names) {
            if (!(name instanceof String s) || !TYPES.contains(s)) {
              throw bad(tool, path, "unknown type " + name);
            }
            node.types.add(s);
          }
        }
        case "properties" -> {
          if (!(value instanceof Map<?, ?> props)) {
            throw bad(tool, path, "properties must be an object");
          }
          for (Map.Entry<?, ?> prop : props.entrySet()) {
            String name = String.valueOf(prop.getKey());
            node.properties.put(name, compile(tool, path + "." + name, prop.getValue()));
          }
        }
        case "required" -> {
          if (!(value instanceof List<?> list)) {
            throw bad(tool, path, "required must be an array of names");
          }
          for (Object name : list) {
            if (!(name instanceof String s)) {
              throw bad(tool, path, "required must be an array of names");
            }
            node.required.add(s);
          }
        }
        case "additionalProperties" -> {
          if (value instanceof Boolean b) {
            node.additional = b;
          } else if (value instanceof Map) {
            node.additionalSchema = compile(tool, path + ".*", value);
          } else {
            throw bad(tool, path, "additionalProperties must be a boolean or a schema");
          }
        }
        case "enum" -> {
          if (!(value instanceof List<?> list) || list.isEmpty()) {
            throw bad(tool, path, "enum must be a non-empty array");
          }
          node.allowed = new ArrayList<>();
          for (Object v : list) {
            node.allowed.add(key(v));
          }
        }
        case "const" -> node.allowed = new ArrayList<>(List.of(key(value)));
        case "minimum" -> node.minimum = number(tool, path, key, value);
        case "maximum" -> node.maximum = number(tool, path, key, value);
        case "exclusiveMinimum" -> node.exclusiveMinimum = number(tool, path, key, value);
        case "exclusiveMaximum" -> node.exclusiveMaximum = number(tool, path, key, value);
        case "minLength" -> node.minLength = count(tool, path, key, value);
        case "maxLength" -> node.maxLength = count(tool, path, key, value);
        case "minItems" -> node.minItems = count(tool, path, key, value);
        case "maxItems" -> node.maxItems = count(tool, path, key, value);
        case "items" -> node.items = compile(tool, path + "[]", value);
        case "pattern" -> {
          if (!(value instanceof String regex)) {
            throw bad(tool, path, "pattern must be a string");
          }
          try {
            node.pattern = Pattern.compile(regex);
          } catch (PatternSyntaxException e) {
            throw bad(tool, path, "pattern is not a regular expression: " + e.getDescription());
          }
        }
        default -> {
          if (UNCHECKED.contains(key)) {
            throw bad(
                tool,
                path,
                key
                    + " is not checked by Parley's built-in schema subset; add parley-schema to"
                    + " the class path for full JSON Schema");
          }
          // description, title, format, $defs and unknown annotations change nothing valid
        }
      }
    }
    for (String name : node.required) {
      if (!node.properties.isEmpty() && !node.properties.containsKey(name) && !node.additional) {
        throw bad(tool, path, "required property " + name + " is not among its properties");
      }
    }
    return node;
  }

  private static BigDecimal number(String tool, String path, String key, Object value) {
    if (!(value instanceof BigDecimal d)) {
      throw bad(tool, path, key + " must be a number");
    }
    return d;
  }

  private static int count(String tool, String path, String key, Object value) {
    if (!(value instanceof BigDecimal d) || d.signum() < 0 || d.stripTrailingZeros().scale() > 0) {
      throw bad(tool, path, key + " must be a non-negative integer");
    }
    return d.intValue();
  }

  private static IllegalArgumentException bad(String tool, String path, String problem) {
    return new IllegalArgumentException(
        "tool " + tool + ": bad parameter schema at " + path + ": " + problem);
  }

  /** A value's identity for enum and const: its canonical JSON. */
  private static String key(Object value) {
    StringBuilder out = new StringBuilder();
    if (value instanceof String s) {
      return ToolJson.quote(s);
    }
    if (value instanceof BigDecimal d) {
      return (d.signum() == 0 ? BigDecimal.ZERO : d.stripTrailingZeros()).toPlainString();
    }
    out.append(value);
    return out.toString();
  }

  private static final class Node {
    final List<String> types = new ArrayList<>();
    final Map<String, Node> properties = new LinkedHashMap<>();
    final List<String> required = new ArrayList<>();
    boolean additional = true;
    @Nullable Node additionalSchema;
    @Nullable List<String> allowed;
    @Nullable BigDecimal minimum;
    @Nullable BigDecimal maximum;
    @Nullable BigDecimal exclusiveMinimum;
    @Nullable BigDecimal exclusiveMaximum;
    int minLength = -1;
    int maxLength = -1;
    int minItems = -1;
    int maxItems = -1;
    @Nullable Node items;
    @Nullable Pattern pattern;
    boolean never;

    static Node never() {
      Node node = new Node();
      node.never = true;
      return node;
    }

    void check(String path, Object value, List<String> problems) {
      if (never) {
        problems.add(path + " is not allowed");
        return;
      }
      if (!types.isEmpty() && types.stream().noneMatch(t -> is(t, value))) {
        problems.add(path + " must be " + String.join(" or ", types) + ", not " + kind(value));
        return;
      }
      if (allowed != null && !allowed.contains(key(value))) {
        problems.add(path + " must be one of " + String.join(", ", allowed));
      }
      switch (value) {
        case Map<?, ?> map -> checkObject(path, map, problems);
        case List<?> list -> {
          if (minItems >= 0 && list.size() < minItems) {
            problems.add(path + " must have at least " + minItems + " items");
          }
          if (maxItems >= 0 && list.size() > maxItems) {
            problems.add(path + " must have at most " + maxItems + " items");
          }
          if (items != null) {
            for (int i = 0; i < list.size(); i++) {
              items.check(path + "[" + i + "]", list.get(i), problems);
            }
          }
        }
        case String s -> {
          int length = s.codePointCount(0, s.length());
          if (minLength >= 0 && length < minLength) {
            problems.add(path + " must be at least " + minLength + " characters");
          }
          if (maxLength >= 0 && length > maxLength) {
            problems.add(path + " must be at most " + maxLength + " characters");
          }
          if (pattern != null && !pattern.matcher(s).find()) {
            problems.add(path + " must match " + pattern.pattern());
          }
        }
        case BigDecimal d -> checkNumber(path, d, problems);
        default -> {}
      }
    }

    private void checkObject(String path, Map<?, ?> map, List<String> problems) {
      for (String name : required) {
        if (!map.containsKey(name)) {
          problems.add(path + "." + name + " is required");
        }
      }
      for (Map.Entry<?, ?> entry : map.entrySet()) {
        String name = String.valueOf(entry.getKey());
        Node property = properties.get(name);
        if (property != null) {
          property.check(path + "." + name, entry.getValue(), problems);
        } else if (additionalSchema != null) {
          additionalSchema.check(path + "." + name, entry.getValue(), problems);
        } else if (!additional) {
          problems.add(path + "." + name + " is not a known argument");
        }
      }
    }

    private void checkNumber(String path, BigDecimal d, List<String> problems) {
      if (minimum != null && d.compareTo(minimum) < 0) {
        problems.add(path + " must be at least " + minimum.toPlainString());
      }
      if (maximum != null && d.compareTo(maximum) > 0) {
        problems.add(path + " must be at most " + maximum.toPlainString());
      }
      if (exclusiveMinimum != null && d.compareTo(exclusiveMinimum) <= 0) {
        problems.add(path + " must be more than " + exclusiveMinimum.toPlainString());
      }
      if (exclusiveMaximum != null && d.compareTo(exclusiveMaximum) >= 0) {
        problems.add(path + " must be less than " + exclusiveMaximum.toPlainString());
      }
    }

    private static boolean is(String type, Object value) {
      return switch (type) {
        case "string" -> value instanceof String;
        case "integer" ->
            value instanceof BigDecimal d
                && (d.signum() == 0 || d.stripTrailingZeros().scale() <= 0);
        case "number" -> value instanceof BigDecimal;
        case "boolean" -> value instanceof Boolean;
        case "array" -> value instanceof List;
        case "object" -> value instanceof Map;
        case "null" -> value == ToolJson.NULL;
        default -> false;
      };
    }

    private static String kind(Object value) {
      return switch (value) {
        case String s -> "a string";
        case BigDecimal d -> "a number";
        case Boolean b -> "a boolean";
        case List<?> l -> "an array";
        case Map<?, ?> m -> "an object";
        default -> "null";
      };
    }
  }
}
