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

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The JSON of tool arguments and results: parsing into a small value tree, and the canonical form
 * two calls are compared by (keys sorted, no spaces, numbers without trailing zeros), so {@code
 * {"b":1,"a":"x"}} and {@code { "a": "x", "b": 1.0 }} are the same call. Stateless and thread-safe.
 */
public final class ToolJson {
  private static final JsonFactory FACTORY = new JsonFactory();

  /** The JSON {@code null}: the tree holds no Java nulls. */
  static final Object NULL =
      new Object() {
        @Override
        public String toString() {
          return "null";
        }
      };

  private ToolJson() {}

  /**
   * Parses one JSON value into {@code Map<String, Object>} (insertion-ordered), {@code
   * List<Object>}, {@code String}, {@code BigDecimal}, {@code Boolean} or {@link #NULL}.
   *
   * @throws IllegalArgumentException naming what is wrong if {@code json} is not one JSON value
   */
  static Object parse(String json) {
    try (JsonParser parser = FACTORY.createParser(json)) {
      JsonToken first = parser.nextToken();
      if (first == null) {
        throw new IllegalArgumentException("empty JSON");
      }
      Object value = read(parser, first);
      if (parser.nextToken() != null) {
        throw new IllegalArgumentException("text after the JSON value");
      }
      return value;
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("malformed JSON: " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new IllegalArgumentException("unreadable JSON: " + e.getMessage(), e);
    }
  }

  private static Object read(JsonParser parser, JsonToken token) throws IOException {
    switch (token) {
      case START_OBJECT -> {
        Map<String, Object> object = new LinkedHashMap<>();
        JsonToken next;
        while ((next = parser.nextToken()) == JsonToken.FIELD_NAME) {
          String name = parser.currentName();
          JsonToken valueToken = parser.nextToken();
          if (valueToken == null) {
            throw new IllegalArgumentException("malformed JSON: object ends early");
          }
          object.put(name, read(parser, valueToken));
        }
        if (next != JsonToken.END_OBJECT) {
          throw new IllegalArgumentException("malformed JSON: object not closed");
        }
        return object;
      }
      case START_ARRAY -> {
        List<Object> array = new ArrayList<>();
        JsonToken next;
        while ((next = parser.nextToken()) != null && next != JsonToken.END_ARRAY) {
          array.add(read(parser, next));
        }
        if (next == null) {
          throw new IllegalArgumentException("malformed JSON: array not closed");
        }
        return array;
      }
      case VALUE_STRING -> {
        return parser.getText();
      }
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> {
        return parser.getDecimalValue();
      }
      case VALUE_TRUE -> {
        return Boolean.TRUE;
      }
      case VALUE_FALSE -> {
        return Boolean.FALSE;
      }
      case VALUE_NULL -> {
        return NULL;
      }
      default -> throw new IllegalArgumentException("malformed JSON at " + token);
    }
  }

  /** Whether {@code json} is exactly one well-formed JSON value. */
  public static boolean isValid(String json) {
    try {
      parse(json);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /**
   * The canonical form of a JSON value: object keys sorted, no white space, numbers in plain
   * notation without trailing zeros.
   *
   * @throws IllegalArgumentException if {@code json} is not one JSON value
   */
  public static String canonical(String json) {
    StringBuilder out = new StringBuilder(json.length());
    write(parse(json), out);
    return out.toString();
  }

  /** A JSON string literal of {@code text}, quotes included. */
  public static String quote(String text) {
    return "\"" + new String(JsonStringEncoder.getInstance().quoteAsString(text)) + "\"";
  }

  private static void write(Object value, StringBuilder out) {
    switch (value) {
      case Map<?, ?> map -> {
        Map<String, Object> sorted = new TreeMap<>();
        map.forEach((k, v) -> sorted.put(String.valueOf(k), v));
        out.append('{');
        boolean first = true;
        for (Map.Entry<String, Object> entry : sorted.entrySet()) {
          if (!first) {
            out.append(',');
          }
          first = false;
          out.append(quote(entry.getKey())).append(':');
          write(entry.getValue(), out);
        }
        out.append('}');
      }
      case List<?> list -> {
        out.append('[');
        for (int i = 0; i < list.size(); i++) {
          if (i > 0) {
            out.append(',');
          }
          write(list.get(i), out);
        }
        out.append(']');
      }
      case String s -> out.append(quote(s));
      case BigDecimal d -> {
        BigDecimal stripped = d.signum() == 0 ? BigDecimal.ZERO : d.stripTrailingZeros();
        out.append(stripped.toPlainString());
      }
      default -> out.append(value);
    }
  }
}
