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
package dev.parley.core.event;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Locale;

/**
 * The JSON shape of session events, shared by {@code timeline.json}, event traces and the
 * benchmark: one object per event with {@code type}, {@code atMillis} and the event's fields.
 *
 * <p>Type names are snake case ({@code user_turn_end}); enums are lower case; tool arguments are
 * embedded as a JSON object. Stateless and thread-safe.
 */
public final class EventJson {
  private static final JsonFactory FACTORY = JsonFactory.builder().build();

  private EventJson() {}

  /** The {@code type} of an event in JSON. */
  public static String type(SessionEvent event) {
    return switch (event) {
      case SessionEvent.UserSpeechStarted e -> "user_speech_start";
      case SessionEvent.UserSpeechEnded e -> "user_speech_end";
      case SessionEvent.TranscriptPartial e -> "transcript_partial";
      case SessionEvent.UserTurnEagerEnd e -> "user_turn_eager_end";
      case SessionEvent.UserTurnResumed e -> "user_turn_resumed";
      case SessionEvent.UserTurnEnded e -> "user_turn_end";
      case SessionEvent.AgentSpeechStarted e -> "agent_speech_start";
      case SessionEvent.AgentSpeechEnded e -> "agent_speech_end";
      case SessionEvent.LatencyBreakdown e -> "latency_breakdown";
      case SessionEvent.AgentInterrupted e -> "agent_interrupted";
      case SessionEvent.InterruptionIgnored e -> "interruption_ignored";
      case SessionEvent.AgentResumed e -> "agent_resumed";
      case SessionEvent.ToolCallStarted e -> "tool_call_start";
      case SessionEvent.ToolCallEnded e -> "tool_call_end";
      case SessionEvent.ServiceFailed e -> "service_failed";
      case SessionEvent.SessionEnded e -> "session_end";
    };
  }

  /** Milliseconds since the session started, rounded to the nearest millisecond. */
  public static long atMillis(SessionEvent event) {
    return Math.round(event.atNanos() / 1e6);
  }

  private static long millis(long nanos) {
    return nanos < 0 ? -1 : Math.round(nanos / 1e6);
  }

  /** The event as one line of compact JSON. */
  public static String toJson(SessionEvent event) {
    StringWriter out = new StringWriter();
    try (JsonGenerator json = FACTORY.createGenerator(out)) {
      write(json, event);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  /** Writes the event as one JSON object. */
  public static void write(JsonGenerator json, SessionEvent event) throws IOException {
    json.writeStartObject();
    json.writeStringField("type", type(event));
    json.writeNumberField("atMillis", atMillis(event));
    switch (event) {
      case SessionEvent.UserSpeechStarted e -> {}
      case SessionEvent.UserSpeechEnded e -> {}
      case SessionEvent.TranscriptPartial e -> json.writeStringField("text", e.text());
      case SessionEvent.UserTurnEagerEnd e -> {
        json.writeStringField("text", e.text());
        json.writeNumberField("probability", Math.round(e.probability() * 1000) / 1000.0);
      }
      case SessionEvent.UserTurnResumed e -> {}
      case SessionEvent.UserTurnEnded e -> {
        json.writeStringField("text", e.text());
        if (e.affect().voicedMillis() > 0) {
          json.writeObjectFieldStart("affect");
          json.writeStringField("label", lower(e.affect().label()));
          json.writeStringField("summary", e.affect().describe());
          json.writeEndObject();
        }
      }
      case SessionEvent.AgentSpeechStarted e -> {
        json.writeStringField("kind", lower(e.kind()));
        json.writeStringField("text", e.text());
      }
      case SessionEvent.AgentSpeechEnded e -> {
        json.writeStringField("kind", lower(e.kind()));
        json.writeStringField("text", e.text());
        json.writeBooleanField("interrupted", e.interrupted());
      }
      case SessionEvent.LatencyBreakdown e -> {
        json.writeNumberField("userSpeechEndMillis", millis(e.userSpeechEndNanos()));
        json.writeNumberField("turnEndMillis", millis(e.turnEndNanos()));
        json.writeNumberField("firstTokenMillis", millis(e.firstTokenNanos()));
        json.writeNumberField("firstAudioMillis", millis(e.firstAudioNanos()));
        json.writeNumberField("totalMillis", millis(e.atNanos()) - millis(e.userSpeechEndNanos()));
      }
      case SessionEvent.AgentInterrupted e -> json.writeStringField("heardText", e.heardText());
      case SessionEvent.InterruptionIgnored e -> json.writeStringField("reason", e.reason());
      case SessionEvent.AgentResumed e -> {}
      case SessionEvent.ToolCallStarted e -> {
        json.writeStringField("id", e.id());
        json.writeStringField("name", e.name());
        json.writeFieldName("arguments");
        writeArguments(json, e.argumentsJson());
        json.writeBooleanField("speculative", e.speculative());
      }
      case SessionEvent.ToolCallEnded e -> {
        json.writeStringField("id", e.id());
        json.writeStringField("name", e.name());
        json.writeStringField("status", lower(e.status()));
      }
      case SessionEvent.ServiceFailed e -> {
        json.writeStringField("component", e.component());
        json.writeStringField("message", e.message());
      }
      case SessionEvent.SessionEnded e -> json.writeStringField("reason", e.reason());
    }
    json.writeEndObject();
  }

  /**
   * Embeds tool arguments as a JSON object; arguments that are not one are kept as a string under
   * {@code "raw"} so a misbehaving agent cannot corrupt the timeline.
   */
  private static void writeArguments(JsonGenerator json, String arguments) throws IOException {
    if (isJsonObject(arguments)) {
      json.writeRawValue(arguments.strip());
    } else {
      json.writeStartObject();
      json.writeStringField("raw", arguments);
      json.writeEndObject();
    }
  }

  private static boolean isJsonObject(String text) {
    try (JsonParser parser = FACTORY.createParser(text)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        return false;
      }
      parser.skipChildren();
      return parser.nextToken() == null;
    } catch (IOException e) {
      return false;
    }
  }

  private static String lower(Enum<?> value) {
    return value.name().toLowerCase(Locale.ROOT);
  }
}
