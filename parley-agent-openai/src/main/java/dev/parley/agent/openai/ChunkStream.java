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
package dev.parley.agent.openai;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parley.core.spi.Agent;
import dev.parley.core.spi.ProviderException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * One streamed Chat Completions response, read line by line as server-sent events: text deltas go
 * to the spoken reply as they arrive, tool-call fragments are put together by their {@code index}
 * (id and name from the first fragment, the argument string from all of them), and the stream ends
 * at {@code data: [DONE]}. Confined to the thread of one reply.
 *
 * <p>Anything that is not the wire format (a chunk that is not JSON, a delta of the wrong shape, a
 * tool call without a name) is a {@link ProviderException}, never a silent skip or a hang.
 */
final class ChunkStream {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int QUOTE_CHARS = 200;

  private final Agent.Reply reply;
  private final StringBuilder text = new StringBuilder();
  private final StringBuilder data = new StringBuilder();
  private final Map<Integer, Fragments> calls = new TreeMap<>();
  private boolean hasData;
  private String event = "";
  private int lastIndex = -1;
  private @Nullable String finishReason;
  private boolean done;
  private boolean emitted;

  ChunkStream(Agent.Reply reply) {
    this.reply = reply;
  }

  /** A tool call as streamed: its parts so far. */
  private static final class Fragments {
    String id = "";
    String name = "";
    final StringBuilder arguments = new StringBuilder();
  }

  /** A tool call the model finished asking for. */
  record Call(String id, String name, String argumentsJson) {}

  /**
   * Takes one line of the event stream, without its line terminator.
   *
   * @return whether the stream said {@code [DONE]}
   * @throws InterruptedException if the reply was cancelled
   */
  boolean line(String line) throws InterruptedException {
    if (done) {
      return true;
    }
    if (line.isEmpty()) {
      dispatch();
      return done;
    }
    if (line.charAt(0) == ':') {
      return false; // a comment: servers send these as keep-alives
    }
    int colon = line.indexOf(':');
    String field = colon < 0 ? line : line.substring(0, colon);
    String value = colon < 0 ? "" : line.substring(colon + 1);
    if (value.startsWith(" ")) {
      value = value.substring(1);
    }
    switch (field) {
      case "data" -> {
        if (hasData) {
          data.append('\n');
        }
        data.append(value);
        hasData = true;
      }
      case "event" -> event = value;
      case "id", "retry" -> {}
      default -> {
        if (line.startsWith("{") || line.startsWith("<")) {
          throw new ProviderException(
              ProviderException.Kind.FATAL,
              "the server did not answer with an event stream: " + quote(line));
        }
      }
    }
    return false;
  }

  /** The stream's end of input: handles an event not followed by a blank line. */
  void end() throws InterruptedException {
    dispatch();
  }

  /** Whether the stream ended properly, with {@code [DONE]} or at least a finish reason. */
  boolean complete() {
    return done || finishReason != null;
  }

  /** Whether any text reached the reply. */
  boolean emitted() {
    return emitted;
  }

  /** The text streamed so far. */
  String text() {
    return text.toString();
  }

  /** Why the model stopped ({@code stop}, {@code tool_calls}, {@code length}), if it said. */
  @Nullable String finishReason() {
    return finishReason;
  }

  /**
   * The tool calls the model made, in index order.
   *
   * @throws ProviderException if a call came without a function name
   */
  List<Call> calls() {
    List<Call> out = new ArrayList<>(calls.size());
    for (Map.Entry<Integer, Fragments> e : calls.entrySet()) {
      Fragments f = e.getValue();
      if (f.name.isEmpty()) {
        throw new ProviderException(
            ProviderException.Kind.FATAL,
            "the model streamed tool call #" + e.getKey() + " without a function name");
      }
      String args = f.arguments.toString().strip();
      out.add(new Call(f.id, f.name, args.isEmpty() ? "{}" : args));
    }
    return out;
  }

  private void dispatch() throws InterruptedException {
    if (!hasData) {
      event = "";
      return;
    }
    String payload = data.toString();
    boolean errorEvent = event.equals("error");
    data.setLength(0);
    hasData = false;
    event = "";
    if (payload.strip().equals("[DONE]")) {
      done = true;
      return;
    }
    JsonNode chunk;
    try {
      chunk = JSON.readTree(payload);
    } catch (JsonProcessingException e) {
      throw new ProviderException(
          ProviderException.Kind.FATAL,
          "malformed chunk from the server (" + e.getOriginalMessage() + "): " + quote(payload),
          e);
    }
    if (chunk == null || !chunk.isObject()) {
      throw new ProviderException(
          ProviderException.Kind.FATAL, "a chunk that is not a JSON object: " + quote(payload));
    }
    if (errorEvent || chunk.has("error")) {
      throw ServerErrors.inStream(chunk);
    }
    JsonNode choices = chunk.path("choices");
    if (!choices.isArray()) {
      if (chunk.has("choices")) {
        throw new ProviderException(
            ProviderException.Kind.FATAL,
            "a chunk whose choices are not an array: " + quote(payload));
      }
      return; // a usage or keep-alive object
    }
    for (JsonNode choice : choices) {
      if (choice.path("index").asInt(0) != 0) {
        continue; // one reply is spoken; n > 1 is not asked for
      }
      JsonNode delta = choice.path("delta");
      if (!delta.isMissingNode() && !delta.isNull()) {
        if (!delta.isObject()) {
          throw new ProviderException(
              ProviderException.Kind.FATAL, "a delta that is not an object: " + quote(payload));
        }
        content(delta.get("content"), payload);
        JsonNode toolCalls = delta.get("tool_calls");
        if (toolCalls != null && !toolCalls.isNull()) {
          if (!toolCalls.isArray()) {
            throw new ProviderException(
                ProviderException.Kind.FATAL,
                "tool_calls that are not an array: " + quote(payload));
          }
          for (JsonNode call : toolCalls) {
            fragment(call, payload);
          }
        }
      }
      JsonNode finish = choice.get("finish_reason");
      if (finish != null && finish.isTextual()) {
        finishReason = finish.asText();
        if (finishReason.equals("content_filter")) {
          throw new ProviderException(
              ProviderException.Kind.REJECTED, "the provider's content filter stopped the reply");
        }
      }
    }
  }

  private void content(@Nullable JsonNode content, String payload) throws InterruptedException {
    if (content == null || content.isNull()) {
      return;
    }
    if (!content.isTextual()) {
      throw new ProviderException(
          ProviderException.Kind.FATAL, "delta content that is not a string: " + quote(payload));
    }
    String delta = content.asText();
    if (delta.isEmpty()) {
      return;
    }
    if (Thread.interrupted()) {
      throw new InterruptedException("reply cancelled");
    }
    text.append(delta);
    emitted = true;
    reply.text(delta);
  }

  private void fragment(JsonNode call, String payload) {
    if (!call.isObject()) {
      throw new ProviderException(
          ProviderException.Kind.FATAL, "a tool call that is not an object: " + quote(payload));
    }
    String id = call.path("id").asText("");
    int index;
    if (call.path("index").isInt()) {
      index = call.get("index").asInt();
    } else if (!id.isEmpty() && calls.values().stream().noneMatch(f -> f.id.equals(id))) {
      index = lastIndex + 1; // servers that omit the index send each call whole, with its id
    } else {
      index = Math.max(lastIndex, 0);
    }
    lastIndex = Math.max(lastIndex, index);
    Fragments f = calls.computeIfAbsent(index, i -> new Fragments());
    if (!id.isEmpty()) {
      f.id = id;
    }
    JsonNode function = call.path("function");
    if (function.isMissingNode() || function.isNull()) {
      return;
    }
    if (!function.isObject()) {
      throw new ProviderException(
          ProviderException.Kind.FATAL,
          "a tool call function that is not an object: " + quote(payload));
    }
    JsonNode name = function.get("name");
    if (name != null && name.isTextual() && !name.asText().isEmpty()) {
      f.name = name.asText();
    }
    JsonNode arguments = function.get("arguments");
    if (arguments != null && !arguments.isNull()) {
      // The API streams a string; a few servers send the arguments as an object, whole.
      f.arguments.append(arguments.isTextual() ? arguments.asText() : arguments.toString());
    }
  }

  static String quote(String s) {
    String one = s.replace('\n', ' ');
    return one.length() <= QUOTE_CHARS ? one : one.substring(0, QUOTE_CHARS) + "…";
  }
}
