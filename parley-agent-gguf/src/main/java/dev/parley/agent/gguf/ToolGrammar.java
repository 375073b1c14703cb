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
package dev.parley.agent.gguf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.core.agent.ToolChoice;
import dev.parley.core.tool.Tool;
import dev.parley.core.tool.ToolSpec;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The GBNF grammars that constrain what the model may write in one round of a reply: a spoken
 * answer (any text that does not start with <code>{</code>), a tool call {@code {"tool": NAME,
 * "arguments": {...}}} whose arguments match that tool's JSON schema, or either. Built once per
 * agent; immutable and thread-safe.
 *
 * <p>The call grammar is llama.cpp's own JSON-schema-to-grammar conversion of one schema, a {@code
 * oneOf} with a branch per tool ({@code tool} a constant, {@code arguments} the tool's schema), so
 * every schema keyword llama.cpp understands constrains the sampler; its root rule is renamed so it
 * can sit beside the speech rule.
 */
final class ToolGrammar {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern ROOT = Pattern.compile("(?m)^root ::=");
  private static final String CALL_RULE = "parley-tool-call";
  private static final String SPEECH_RULE = "parley-speech";

  /** A spoken answer: an optional space, then anything that does not open a JSON object. */
  private static final String SPEECH = SPEECH_RULE + " ::= \" \"? [^{ \\t\\n] [^\\x00]*\n";

  private final String speechOnly;
  private final String callOnly;
  private final String either;
  private final String forced;

  private ToolGrammar(String speechOnly, String callOnly, String either, String forced) {
    this.speechOnly = speechOnly;
    this.callOnly = callOnly;
    this.either = either;
    this.forced = forced;
  }

  /**
   * The grammars for {@code tools}.
   *
   * @param function the one tool a forced choice must call, or null for none
   * @param toGrammar converts a JSON schema to GBNF (llama.cpp's converter)
   * @throws IllegalArgumentException naming the tool whose schema is not JSON, or a forced function
   *     that is not among {@code tools}
   */
  static ToolGrammar of(
      List<Tool> tools, @Nullable String function, UnaryOperator<String> toGrammar) {
    String speechOnly = "root ::= " + SPEECH_RULE + "\n" + SPEECH;
    if (tools.isEmpty()) {
      if (function != null) {
        throw new IllegalArgumentException(
            "tool choice names " + function + ", but there are no tools");
      }
      return new ToolGrammar(speechOnly, speechOnly, speechOnly, speechOnly);
    }
    String calls =
        ROOT.matcher(toGrammar.apply(callSchema(tools))).replaceFirst(CALL_RULE + " ::=");
    String callOnly = "root ::= " + CALL_RULE + "\n" + calls;
    String either = "root ::= " + CALL_RULE + " | " + SPEECH_RULE + "\n" + calls + SPEECH;
    String forced = callOnly;
    if (function != null) {
      List<Tool> named = tools.stream().filter(t -> t.spec().name().equals(function)).toList();
      if (named.isEmpty()) {
        throw new IllegalArgumentException(
            "tool choice names " + function + ", which is not a tool of this agent");
      }
      String namedCalls =
          ROOT.matcher(toGrammar.apply(callSchema(named))).replaceFirst(CALL_RULE + " ::=");
      forced = "root ::= " + CALL_RULE + "\n" + namedCalls;
    }
    return new ToolGrammar(speechOnly, callOnly, either, forced);
  }

  /** The grammar of a round under {@code choice}. */
  String grammar(ToolChoice choice) {
    return switch (choice.mode()) {
      case AUTO -> either;
      case REQUIRED -> callOnly;
      case FUNCTION -> forced;
      case NONE -> speechOnly;
    };
  }

  /** One JSON schema that accepts exactly the calls of {@code tools}. */
  static String callSchema(List<Tool> tools) {
    ObjectNode root = JSON.createObjectNode();
    ArrayNode branches = root.putArray("oneOf");
    for (Tool tool : tools) {
      ToolSpec spec = tool.spec();
      ObjectNode branch = branches.addObject();
      branch.put("type", "object");
      ObjectNode properties = branch.putObject("properties");
      properties.putObject("tool").put("const", spec.name());
      properties.set("arguments", parameters(spec));
      branch.putArray("required").add("tool").add("arguments");
      branch.put("additionalProperties", false);
    }
    return root.toString();
  }

  private static JsonNode parameters(ToolSpec spec) {
    try {
      return JSON.readTree(spec.parametersSchema());
    } catch (Exception e) {
      throw new IllegalArgumentException(
          "tool " + spec.name() + ": parameter schema is not JSON: " + e.getMessage(), e);
    }
  }

  /** Whether {@code text} (the start of a round's output) is a tool call rather than speech. */
  static boolean opensCall(String text) {
    return text.stripLeading().startsWith("{");
  }
}
