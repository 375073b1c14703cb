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

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.parley.core.session.SessionConfig;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The settings of {@code parley serve} as one tree: a configuration file (YAML, or Java properties
 * with dotted keys), then environment variables over it ({@code PARLEY_} and the key in upper snake
 * case: {@code session.pacingMillis} is {@code PARLEY_SESSION_PACING_MILLIS}), each also readable
 * from a file named by the variable plus {@code _FILE} (for secrets mounted by Kubernetes or
 * Docker). Command-line options given explicitly win over both.
 *
 * <p>The {@code session} section holds every {@link SessionConfig} setting under its record
 * component names, over {@link SessionConfig#defaults()}: a key Parley adds to {@code
 * SessionConfig} is configurable with no change here. Unknown keys and out-of-range values fail at
 * start with the key named. Immutable once loaded.
 */
final class ServeSettings {
  /** The keys outside {@code session}, with their defaults: what the file may say. */
  private static final String SERVE_KEYS =
      """
      server:
        port: 8080
        bind: 127.0.0.1
        audioSocketPort: -1
        maxSessions: 0
        drainGraceSeconds: 30
        publicUrl: ""
        allowedOrigins: []
        maxMessageBytes: 65536
        maxMessagesPerSecond: 200
        tokenSecret: ""
        twilioAuthToken: ""
      speech:
        vad: silero
        stt: sphinx
        tts: flite
      agent:
        name: demo
        greeting: ""
        instructions: ""
      record:
        dir: ""
        maxCalls: 1000
        maxAgeHours: 168
      logging:
        format: text
      tracing:
        otlpEndpoint: ""
      """;

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final Pattern INDEXED = Pattern.compile("(.+)\\[(\\d+)]");

  private final JsonNode tree;
  private final SessionConfig session;

  private ServeSettings(JsonNode tree, SessionConfig session) {
    this.tree = tree;
    this.session = session;
  }

  /**
   * Loads {@code file} (none: defaults), then {@code env} over it.
   *
   * @throws UsageException naming the file, key or variable that is wrong
   */
  static ServeSettings load(Optional<Path> file, Map<String, String> env) throws UsageException {
    ObjectNode known = known();
    ObjectNode tree = known.deepCopy();
    if (file.isPresent()) {
      merge(tree, read(file.get()), "");
    }
    overrideFromEnv(tree, known, "", env);
    checkKnown(tree, known, "");
    return new ServeSettings(tree, session(tree.path("session")));
  }

  /** The session rules: defaults with the {@code session} section over them. */
  SessionConfig session() {
    return session;
  }

  /** The text at a dotted {@code key} ({@code server.bind}), or empty when blank. */
  Optional<String> text(String key) {
    JsonNode node = at(key);
    String value = node.isValueNode() ? node.asText("") : "";
    return value.isBlank() ? Optional.empty() : Optional.of(value);
  }

  /** The whole number at {@code key}. */
  long number(String key) throws UsageException {
    JsonNode node = at(key);
    if (node.isIntegralNumber()) {
      return node.asLong();
    }
    try {
      return Long.parseLong(node.asText().strip());
    } catch (NumberFormatException e) {
      throw new UsageException(key + " must be a whole number, not '" + node.asText() + "'");
    }
  }

  /** The number, with a fraction or not, at {@code key}. */
  double decimal(String key) throws UsageException {
    JsonNode node = at(key);
    if (node.isNumber()) {
      return node.asDouble();
    }
    try {
      return Double.parseDouble(node.asText().strip());
    } catch (NumberFormatException e) {
      throw new UsageException(key + " must be a number, not '" + node.asText() + "'");
    }
  }

  /** The list of texts at {@code key}. */
  List<String> list(String key) {
    List<String> out = new ArrayList<>();
    for (JsonNode item : at(key)) {
      out.add(item.asText());
    }
    return out;
  }

  private JsonNode at(String key) {
    JsonNode node = tree;
    for (String part : key.split("\\.")) {
      node = node.path(part);
    }
    return node;
  }

  // ---- loading ----------------------------------------------------------------------------

  private static ObjectNode known() {
    try {
      ObjectNode known = (ObjectNode) YAML.readTree(SERVE_KEYS);
      known.set("session", JSON.valueToTree(SessionConfig.defaults()));
      return known;
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("the built-in keys do not parse", e);
    }
  }

  private static JsonNode read(Path file) throws UsageException {
    String name = file.getFileName() == null ? "" : file.getFileName().toString();
    try {
      if (name.endsWith(".properties")) {
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
          p.load(in);
        }
        return fromProperties(p);
      }
      if (name.endsWith(".yaml") || name.endsWith(".yml") || name.endsWith(".json")) {
        JsonNode node;
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
          node = YAML.readTree(in);
        }
        if (node == null || node.isMissingNode() || node.isNull()) {
          return JsonNodeFactory.instance.objectNode();
        }
        if (!node.isObject()) {
          throw new UsageException(
              "--config " + file + ": the top level must be a mapping of keys");
        }
        return node;
      }
      throw new UsageException(
          "--config " + file + ": name it .yaml, .yml, .json or .properties to say its format");
    } catch (NoSuchFileException e) {
      throw new UsageException("--config " + file + ": no such file");
    } catch (IOException e) {
      throw new UsageException(
          "--config " + file + ": " + String.valueOf(e.getMessage()).lines().findFirst().orElse(""),
          e);
    }
  }

  /** Dotted keys become nested objects; {@code key[2]} is an element of a list. */
  static ObjectNode fromProperties(Properties p) throws UsageException {
    ObjectNode root = JsonNodeFactory.instance.objectNode();
    for (String key : new java.util.TreeSet<>(p.stringPropertyNames())) {
      String[] parts = key.split("\\.");
      ObjectNode node = root;
      for (int i = 0; i < parts.length - 1; i++) {
        JsonNode child = node.path(parts[i]);
        if (!child.isObject()) {
          if (!child.isMissingNode()) {
            throw new UsageException(key + ": " + parts[i] + " is both a value and a section");
          }
          child = node.putObject(parts[i]);
        }
        node = (ObjectNode) child;
      }
      String last = parts[parts.length - 1];
      Matcher m = INDEXED.matcher(last);
      if (m.matches()) {
        JsonNode list = node.path(m.group(1));
        ArrayNode array = list.isArray() ? (ArrayNode) list : node.putArray(m.group(1));
        int index = Integer.parseInt(m.group(2));
        while (array.size() <= index) {
          array.addNull();
        }
        array.set(index, TextNode.valueOf(p.getProperty(key)));
      } else {
        node.put(last, p.getProperty(key));
      }
    }
    return root;
  }

  /** Deep merge: objects key by key, anything else replaced; a text where a list was is split. */
  private static void merge(ObjectNode into, JsonNode from, String path) throws UsageException {
    Iterator<Map.Entry<String, JsonNode>> fields = from.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> f = fields.next();
      String key = path + f.getKey();
      JsonNode old = into.path(f.getKey());
      JsonNode value = f.getValue();
      if (old.isObject() && value.isObject()) {
        merge((ObjectNode) old, value, key + ".");
      } else if (old.isObject() && !value.isNull()) {
        throw new UsageException(key + " is a section (" + fieldNames(old) + "), not a value");
      } else if (old.isArray() && value.isTextual()) {
        into.set(f.getKey(), split(value.asText()));
      } else {
        into.set(f.getKey(), value);
      }
    }
  }

  /** {@code a, b, c} or a JSON array {@code ["a, with comma", "b"]}. */
  private static JsonNode split(String text) throws UsageException {
    String t = text.strip();
    if (t.startsWith("[")) {
      try {
        return JSON.readTree(t);
      } catch (JsonProcessingException e) {
        throw new UsageException("not a JSON list: " + t);
      }
    }
    ArrayNode array = JsonNodeFactory.instance.arrayNode();
    if (!t.isEmpty()) {
      for (String item : t.split(",")) {
        array.add(item.strip());
      }
    }
    return array;
  }

  private static void overrideFromEnv(
      ObjectNode tree, JsonNode known, String path, Map<String, String> env) throws UsageException {
    Iterator<Map.Entry<String, JsonNode>> fields = known.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> f = fields.next();
      String key = path + f.getKey();
      if (f.getValue().isObject()) {
        JsonNode sub = tree.path(f.getKey());
        if (sub.isObject()) {
          overrideFromEnv((ObjectNode) sub, f.getValue(), key + ".", env);
        }
        continue;
      }
      String name = envName(key);
      Optional<String> value = env(env, name);
      if (value.isPresent()) {
        tree.set(
            f.getKey(),
            f.getValue().isArray() ? split(value.get()) : TextNode.valueOf(value.get()));
      }
    }
  }

  /** {@code session.bargeIn.minWords} → {@code PARLEY_SESSION_BARGE_IN_MIN_WORDS}. */
  static String envName(String key) {
    return "PARLEY_"
        + key.replace('.', '_').replaceAll("([a-z0-9])([A-Z])", "$1_$2").toUpperCase(Locale.ROOT);
  }

  /**
   * The variable {@code name}, or the contents of the file {@code name_FILE} names (one trailing
   * line break dropped); empty if neither is set.
   */
  static Optional<String> env(Map<String, String> env, String name) throws UsageException {
    String value = env.get(name);
    if (value != null && !value.isBlank()) {
      return Optional.of(value);
    }
    String file = env.get(name + "_FILE");
    if (file == null || file.isBlank()) {
      return Optional.empty();
    }
    try {
      String text = Files.readString(Path.of(file), StandardCharsets.UTF_8);
      if (text.endsWith("\n")) {
        text = text.substring(0, text.length() - (text.endsWith("\r\n") ? 2 : 1));
      }
      return text.isBlank() ? Optional.empty() : Optional.of(text);
    } catch (IOException e) {
      throw new UsageException(name + "_FILE: cannot read " + file + ": " + e.getMessage());
    }
  }

  private static void checkKnown(JsonNode tree, JsonNode known, String path) throws UsageException {
    if (path.equals("session.")) {
      return; // SessionConfig itself names unknown keys
    }
    Iterator<String> names = tree.fieldNames();
    while (names.hasNext()) {
      String name = names.next();
      JsonNode k = known.path(name);
      if (k.isMissingNode()) {
        throw new UsageException(
            "unknown setting " + path + name + " (known here: " + fieldNames(known) + ")");
      }
      if (k.isObject()) {
        checkKnown(tree.path(name), k, path + name + ".");
      }
    }
  }

  private static String fieldNames(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return String.join(", ", names);
  }

  private static SessionConfig session(JsonNode node) throws UsageException {
    try {
      return JSON.treeToValue(node, SessionConfig.class);
    } catch (JsonProcessingException e) {
      throw new UsageException("session settings: " + explain(e), e);
    } catch (IllegalArgumentException e) {
      throw new UsageException("session settings: " + e.getMessage(), e);
    }
  }

  /** Jackson's message without its source dump, with the key path. */
  private static String explain(JsonProcessingException e) {
    Throwable cause = e.getCause();
    if (cause instanceof IllegalArgumentException && cause.getMessage() != null) {
      return cause.getMessage();
    }
    String message = e.getOriginalMessage();
    if (e instanceof com.fasterxml.jackson.databind.JsonMappingException m) {
      StringBuilder key = new StringBuilder("session");
      for (var ref : m.getPath()) {
        key.append(
            ref.getFieldName() != null ? "." + ref.getFieldName() : "[" + ref.getIndex() + "]");
      }
      if (message.startsWith("Unrecognized field")) {
        return "unknown key " + key;
      }
      return key + ": " + message.lines().findFirst().orElse(message);
    }
    return message;
  }
}
