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
package dev.parley.testing;

import dev.parley.core.tool.ToolCall;
import dev.parley.core.tool.ToolJson;
import dev.parley.testing.FakeChatServer.Ending;
import dev.parley.testing.FakeChatServer.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Plays a {@link ScriptedTurn} as a Chat Completions response, the way OpenAI streams one: a {@code
 * chat.completion.chunk} event per text delta, tool calls announced with their id and name and
 * their arguments in fragments, a last chunk with the finish reason, then {@code [DONE]}; failures
 * as OpenAI's error bodies with their HTTP status.
 */
public final class ChatChunks {
  private static final String HEAD =
      "data: {\"id\":\"chatcmpl-parley\",\"object\":\"chat.completion.chunk\",\"created\":1750160575,"
          + "\"model\":\"gpt-4o-mini\",\"choices\":[{\"index\":0,\"delta\":";

  private ChatChunks() {}

  /** The response that plays {@code turn}. */
  public static Response response(ScriptedTurn turn) {
    return switch (turn) {
      case ScriptedTurn.Says says -> stream(text(says.deltas()), "stop", Ending.COMPLETE);
      case ScriptedTurn.Stalls stalls -> stream(text(stalls.deltas()), null, Ending.STALL);
      case ScriptedTurn.Calls calls -> stream(calls(calls.calls()), "tool_calls", Ending.COMPLETE);
      case ScriptedTurn.Fails fails ->
          switch (fails.kind()) {
            case FATAL -> Response.error(401, "error-401.json");
            case REJECTED -> Response.error(400, "error-400.json");
            case UNAVAILABLE -> Response.error(503, "error-500.json");
            case TRANSIENT -> Response.error(429, "error-429.json");
          };
    };
  }

  private static List<String> text(List<String> deltas) {
    List<String> events = new ArrayList<>();
    events.add(chunk("{\"role\":\"assistant\",\"content\":\"\"}", null));
    for (String d : deltas) {
      events.add(chunk("{\"content\":" + ToolJson.quote(d) + "}", null));
    }
    return events;
  }

  private static List<String> calls(List<ToolCall> calls) {
    List<String> events = new ArrayList<>();
    for (int i = 0; i < calls.size(); i++) {
      ToolCall c = calls.get(i);
      String open =
          "{\"index\":"
              + i
              + ",\"id\":"
              + ToolJson.quote(c.id())
              + ",\"type\":\"function\",\"function\":{\"name\":"
              + ToolJson.quote(c.name())
              + ",\"arguments\":\"\"}}";
      String role = i == 0 ? "\"role\":\"assistant\",\"content\":null," : "";
      events.add(chunk("{" + role + "\"tool_calls\":[" + open + "]}", null));
      // The arguments arrive in fragments, as a model writes them.
      String args = c.argumentsJson();
      int half = args.length() / 2;
      for (String part : List.of(args.substring(0, half), args.substring(half))) {
        events.add(
            chunk(
                "{\"tool_calls\":[{\"index\":"
                    + i
                    + ",\"function\":{\"arguments\":"
                    + ToolJson.quote(part)
                    + "}}]}",
                null));
      }
    }
    return events;
  }

  private static Response stream(
      List<String> events, @org.jspecify.annotations.Nullable String finish, Ending ending) {
    List<String> all = new ArrayList<>(events);
    if (finish != null) {
      all.add(chunk("{}", finish));
      all.add("data: [DONE]\n\n");
    }
    return new Response(200, Map.of("Content-Type", "text/event-stream"), all, ending);
  }

  private static String chunk(String delta, @org.jspecify.annotations.Nullable String finish) {
    return HEAD
        + delta
        + ",\"logprobs\":null,\"finish_reason\":"
        + (finish == null ? "null" : ToolJson.quote(finish))
        + "}]}\n\n";
  }
}
