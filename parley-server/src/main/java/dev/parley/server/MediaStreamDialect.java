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
package dev.parley.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.core.spi.CallInfo;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How one provider spells a telephony media stream: Twilio Media Streams and Telnyx media streaming
 * share the shape ({@code connected}, {@code start}, {@code media}, {@code dtmf}, {@code mark},
 * {@code stop} in; {@code media}, {@code mark}, {@code clear} out, base64 μ-law 8 kHz audio) and
 * differ in field names and in what outbound messages carry. Stateless.
 */
enum MediaStreamDialect {
  /** Twilio Media Streams ({@code <Connect><Stream>}), on {@code /twilio}. */
  TWILIO("twilio", "streamSid", "callSid", "customParameters", "mediaFormat", "sampleRate") {
    @Override
    boolean muLaw(String encoding) {
      return encoding.equals("audio/x-mulaw");
    }

    @Override
    String mediaPrefix(String quotedStreamId) {
      return "{\"event\":\"media\",\"streamSid\":" + quotedStreamId + ",\"media\":{\"payload\":\"";
    }

    @Override
    String markPrefix(String quotedStreamId) {
      return "{\"event\":\"mark\",\"streamSid\":" + quotedStreamId + ",\"mark\":{\"name\":\"";
    }

    @Override
    String clear(String quotedStreamId) {
      return "{\"event\":\"clear\",\"streamSid\":" + quotedStreamId + "}";
    }
  },

  /**
   * Telnyx media streaming ({@code stream_url}, bidirectional RTP mode, PCMU), on {@code /telnyx}.
   */
  TELNYX(
      "telnyx",
      "stream_id",
      "call_control_id",
      "custom_parameters",
      "media_format",
      "sample_rate") {
    @Override
    boolean muLaw(String encoding) {
      String e = encoding.toUpperCase(Locale.ROOT);
      return e.equals("PCMU") || e.equals("AUDIO/X-MULAW");
    }

    // Telnyx's client frames carry no stream id: the connection names the stream.
    @Override
    String mediaPrefix(String quotedStreamId) {
      return "{\"event\":\"media\",\"media\":{\"payload\":\"";
    }

    @Override
    String markPrefix(String quotedStreamId) {
      return "{\"event\":\"mark\",\"mark\":{\"name\":\"";
    }

    @Override
    String clear(String quotedStreamId) {
      return "{\"event\":\"clear\"}";
    }
  };

  /** Custom parameters kept from a start message: a caller cannot grow the call's record. */
  static final int MAX_PARAMETERS = 32;

  static final int MAX_PARAMETER_CHARS = 256;

  private final String transport;
  private final List<String> extraIds;
  private final String streamIdField;
  private final String callIdField;
  private final String parametersField;
  private final String formatField;
  private final String rateField;

  MediaStreamDialect(
      String transport,
      String streamIdField,
      String callIdField,
      String parametersField,
      String formatField,
      String rateField) {
    this.transport = transport;
    this.extraIds =
        transport.equals("twilio")
            ? List.of(CallInfo.TWILIO_ACCOUNT_SID)
            : List.of("call_session_id", "call_leg_id");
    this.streamIdField = streamIdField;
    this.callIdField = callIdField;
    this.parametersField = parametersField;
    this.formatField = formatField;
    this.rateField = rateField;
  }

  /** The transport's name in metrics and session names. */
  String transport() {
    return transport;
  }

  /** The stream id of any message, or the empty string. */
  String streamId(JsonNode message) {
    JsonNode id = message.path(streamIdField);
    if (!id.isTextual()) {
      id = message.path("start").path(streamIdField);
    }
    return id.isTextual() ? id.asText() : "";
  }

  /** The provider's call id in a {@code start} message, or the empty string. */
  String callId(JsonNode start) {
    return start.path("start").path(callIdField).asText("");
  }

  /**
   * The carrier's ids in a {@code start} message, by the carrier's own names ({@code streamSid} and
   * {@code callSid}; {@code stream_id} and {@code call_control_id}), for logs and spans.
   */
  java.util.Map<String, String> carrierIds(JsonNode start) {
    java.util.Map<String, String> ids = new java.util.LinkedHashMap<>();
    ids.put(streamIdField, streamId(start));
    ids.put(callIdField, callId(start));
    ids.values().removeIf(v -> v.isEmpty() || v.length() > 256);
    return ids;
  }

  /** The custom parameters of a {@code start} message (missing if none). */
  JsonNode parameters(JsonNode start) {
    return start.path("start").path(parametersField);
  }

  /**
   * What a {@code start} message tells of the call: the provider's stream and call ids (and
   * Twilio's account), the custom parameters (text values only, at most {@value #MAX_PARAMETERS} of
   * at most {@value #MAX_PARAMETER_CHARS} characters: the rest is dropped), and the caller's and
   * called numbers where the provider gives them ({@code from}/{@code to} in the start, else in the
   * parameters, as a TwiML {@code <Parameter name="from">} passes them).
   */
  CallInfo callInfo(JsonNode message) {
    JsonNode start = message.path("start");
    Map<String, String> ids = new LinkedHashMap<>();
    ids.put(streamIdField, streamId(message));
    ids.put(callIdField, callId(message));
    for (String extra : extraIds) {
      JsonNode value = start.path(extra);
      if (value.isTextual() && value.asText().length() <= MAX_PARAMETER_CHARS) {
        ids.put(extra, value.asText());
      }
    }
    ids.values().removeIf(String::isEmpty);
    Map<String, String> parameters = new LinkedHashMap<>();
    JsonNode given = parameters(message);
    if (given.isObject()) {
      for (var it = given.properties().iterator();
          it.hasNext() && parameters.size() < MAX_PARAMETERS; ) {
        var field = it.next();
        if (field.getValue().isTextual()
            && field.getKey().length() <= MAX_PARAMETER_CHARS
            && field.getValue().asText().length() <= MAX_PARAMETER_CHARS) {
          parameters.put(field.getKey(), field.getValue().asText());
        }
      }
    }
    return new CallInfo(
        transport,
        "",
        ids,
        number(start, parameters, "from"),
        number(start, parameters, "to"),
        parameters,
        Map.of());
  }

  private static String number(JsonNode start, Map<String, String> parameters, String key) {
    JsonNode given = start.path(key);
    if (given.isTextual() && given.asText().length() <= MAX_PARAMETER_CHARS) {
      return given.asText();
    }
    for (var entry : parameters.entrySet()) {
      if (entry.getKey().equalsIgnoreCase(key)) {
        return entry.getValue();
      }
    }
    return "";
  }

  /** The media format of a {@code start} message (missing if the provider sent none). */
  JsonNode format(JsonNode start) {
    return start.path("start").path(formatField);
  }

  /** The sample rate of a media format, or 0. */
  int sampleRate(JsonNode format) {
    return format.path(rateField).asInt(0);
  }

  /** Whether a media format's encoding names G.711 μ-law. */
  abstract boolean muLaw(String encoding);

  /** Whether a media message's track is the caller's. */
  boolean inbound(String track) {
    return track.isEmpty() || track.equals("inbound") || track.equals("inbound_track");
  }

  /**
   * An outbound media message up to its payload, which is base64 (no characters to escape) and is
   * followed by {@link #CLOSE_STRING_AND_TWO_OBJECTS}.
   */
  abstract String mediaPrefix(String quotedStreamId);

  /**
   * An outbound mark up to its name, which holds only digits and a colon and is followed by {@link
   * #CLOSE_STRING_AND_TWO_OBJECTS}.
   */
  abstract String markPrefix(String quotedStreamId);

  /** What follows a media payload or a mark name: both messages end the same way. */
  static final String CLOSE_STRING_AND_TWO_OBJECTS = "\"}}";

  /** An outbound clear: drop the agent audio the provider buffered. */
  abstract String clear(String quotedStreamId);
}
