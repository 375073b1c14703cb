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
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parley.core.event.EventJson;
import dev.parley.core.event.SessionEvent;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The browser protocol of {@code /ws} as messages (see {@code docs/protocol.md}): binary frames of
 * PCM16 little-endian mono audio both ways, JSON text frames for control in and events out. No I/O.
 * Malformed input is a {@link ProtocolException} whose code and message the client is sent back in
 * an {@code error} event; none is fatal.
 *
 * <p>The static methods are pure; an {@link Encoder} belongs to one call's writer thread.
 */
final class BrowserCodec {
  /** The lowest and highest caller sample rate a {@code start} may name. */
  static final int MIN_RATE = 8_000;

  static final int MAX_RATE = 96_000;

  private static final ObjectMapper JSON = new ObjectMapper();

  private BrowserCodec() {}

  /** A control message from the browser. */
  sealed interface Control {}

  /** Starts the call; {@code sampleRate} is the caller audio's rate, 0 if not named. */
  record Start(int sampleRate) implements Control {}

  /** The caller hangs up. */
  record Hangup() implements Control {}

  /** A key press: one of {@code 0-9 * # A-D}. */
  record Dtmf(char digit) implements Control {}

  /** Keeps the connection alive; nothing to do. */
  record Ping() implements Control {}

  /**
   * Decodes a text message.
   *
   * @throws ProtocolException {@code bad_json}, {@code bad_message}, {@code bad_dtmf}, {@code
   *     bad_rate} or {@code unknown_type}, with what is wrong
   */
  static Control control(String text) throws ProtocolException {
    JsonNode node;
    try {
      node = JSON.readTree(text);
    } catch (IOException e) {
      throw ProtocolException.skip("bad_json", "not JSON: " + BrowserSocket.brief(e.getMessage()));
    }
    if (node == null || !node.isObject() || !node.path("type").isTextual()) {
      throw ProtocolException.skip(
          "bad_message", "a control message is a JSON object with a \"type\"");
    }
    String type = node.get("type").asText();
    return switch (type) {
      case "start" -> start(node);
      case "hangup" -> new Hangup();
      case "dtmf" -> {
        String digit = node.path("digit").asText("");
        if (digit.length() != 1 || "0123456789*#ABCD".indexOf(digit.charAt(0)) < 0) {
          throw ProtocolException.skip("bad_dtmf", "digit must be one of 0-9, *, #, A-D");
        }
        yield new Dtmf(digit.charAt(0));
      }
      case "ping" -> new Ping();
      default ->
          throw ProtocolException.skip(
              "unknown_type", "unknown message type \"" + BrowserSocket.brief(type) + "\"");
    };
  }

  private static Start start(JsonNode node) throws ProtocolException {
    JsonNode rate = node.path("sample_rate");
    if (rate.isMissingNode()) {
      return new Start(0);
    }
    if (!rate.canConvertToInt() || rate.asInt() < MIN_RATE || rate.asInt() > MAX_RATE) {
      throw ProtocolException.skip(
          "bad_rate", "sample_rate must be an integer from " + MIN_RATE + " to " + MAX_RATE);
    }
    return new Start(rate.asInt());
  }

  /**
   * Decodes a binary message of PCM16LE audio into {@code into} (which must hold {@link #samplesIn}
   * of it); returns the number of samples.
   *
   * @throws ProtocolException {@code bad_audio} if it is empty or holds half a sample
   */
  static int audio(ByteBuffer payload, short[] into) throws ProtocolException {
    int bytes = payload.remaining();
    if (bytes == 0 || bytes % 2 != 0) {
      throw ProtocolException.skip(
          "bad_audio",
          "audio frames hold whole 16-bit samples: " + bytes + " bytes is not a whole number");
    }
    int n = bytes / 2;
    payload.order(ByteOrder.LITTLE_ENDIAN).asShortBuffer().get(into, 0, n);
    return n;
  }

  /** How many samples a binary message carries (half a sample rounds down). */
  static int samplesIn(ByteBuffer payload) {
    return payload.remaining() / 2;
  }

  /** The first message of a call: its id. */
  static String session(String callId) {
    return JSON.createObjectNode().put("type", "session").put("id", callId).toString();
  }

  /** Tells the browser to drop the agent audio it buffered. */
  static String clear() {
    return "{\"type\":\"clear\"}";
  }

  /** A session event. */
  static String event(SessionEvent event) {
    return EventJson.toJson(event);
  }

  /** The error event for a refused message. */
  static String error(String code, String message) {
    return JSON.createObjectNode()
        .put("type", "error")
        .put("code", code)
        .put("message", message)
        .toString();
  }

  /**
   * The agent's audio as binary messages, in one reused buffer: valid until the next {@link
   * #audio}, which is why the writer waits for each send to complete before the next.
   */
  static final class Encoder {
    private ByteBuffer bytes = ByteBuffer.allocate(640).order(ByteOrder.LITTLE_ENDIAN);

    /** The frame as PCM16LE, ready to send. */
    ByteBuffer audio(short[] samples, int length) {
      if (bytes.capacity() < 2 * length) {
        bytes = ByteBuffer.allocate(2 * length).order(ByteOrder.LITTLE_ENDIAN);
      }
      bytes.clear();
      for (int i = 0; i < length; i++) {
        bytes.putShort(samples[i]);
      }
      return bytes.flip();
    }
  }
}
