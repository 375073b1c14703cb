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

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parley.core.audio.G711;
import dev.parley.core.audio.Resampler;
import dev.parley.core.spi.CallInfo;
import java.util.Base64;
import org.jspecify.annotations.Nullable;

/**
 * The Twilio and Telnyx media-stream protocol as text, in one provider's spelling ({@link
 * MediaStreamDialect}): {@link #decode} turns a provider's JSON message into a {@link Message} or a
 * {@link ProtocolException} naming what is wrong, and an {@link Encoder} turns the agent's 16 kHz
 * frames into {@code media} messages of base64 μ-law 8 kHz, with the {@code mark} after each and
 * the {@code clear} of a barge-in. No I/O; what a message means for the call (a second {@code
 * start}, a mark the server never sent) is the connection's to judge.
 *
 * <p>Decoding is stateless and thread-safe. An encoder belongs to one stream and one thread (the
 * call's writer) and reuses its buffers: one string per message is all it allocates.
 */
final class MediaStreamCodec {
  /** The longest inbound payload accepted: 200 ms of 8 kHz μ-law (providers send 20 ms). */
  static final int MAX_PAYLOAD_BYTES = 1_600;

  /** The rate of the stream's audio. */
  static final int PHONE_RATE = 8_000;

  private static final int RATE = 16_000;
  private static final long NANOS_PER_SAMPLE = 1_000_000_000L / RATE;
  private static final int MAX_PAYLOAD_CHARS = (MAX_PAYLOAD_BYTES + 2) / 3 * 4;
  private static final int MAX_STREAM_ID_CHARS = 256;
  private static final ObjectMapper JSON = new ObjectMapper();

  /** A provider's message, decoded. */
  sealed interface Message {}

  /** The socket is up; nothing to do. */
  record Connected() implements Message {}

  /** The stream starts: its id (checked: present, at most 256 characters) and what it tells. */
  record Start(String streamId, CallInfo call) implements Message {}

  /** Caller audio: μ-law 8 kHz bytes, one a sample, 1 to {@value #MAX_PAYLOAD_BYTES} of them. */
  record Media(byte[] muLaw) implements Message {}

  /** Audio of another track than the caller's (a both-tracks stream echoes the agent): ignore. */
  record OtherTrack() implements Message {}

  /** The echo of a mark: sequence number and session time its audio ends, both as sent. */
  record Mark(long seq, long endNanos) implements Message {}

  /** A key press, upper-cased: one of {@code 0-9 * # A-D}. */
  record Dtmf(char digit) implements Message {}

  /** The caller hung up. */
  record Stop() implements Message {}

  /** Telnyx reports its own failures (a bad frame of ours) this way: not the caller's fault. */
  record ProviderError() implements Message {}

  private final MediaStreamDialect dialect;

  MediaStreamCodec(MediaStreamDialect dialect) {
    this.dialect = dialect;
  }

  MediaStreamDialect dialect() {
    return dialect;
  }

  /**
   * Decodes one text message.
   *
   * @throws ProtocolException what is wrong with it; fatal for a {@code start} without a stream id
   *     ({@link CloseCodes#PROTOCOL}) or with a format other than μ-law 8 kHz mono ({@link
   *     CloseCodes#UNSUPPORTED}), else the message is only dropped
   */
  Message decode(String text) throws ProtocolException {
    JsonNode node;
    try {
      node = JSON.readTree(text);
    } catch (JsonProcessingException e) {
      throw ProtocolException.skip("bad_json", "not JSON: " + BrowserSocket.brief(e.getMessage()));
    }
    if (node == null || !node.isObject() || !node.path("event").isTextual()) {
      throw ProtocolException.skip("bad_message", "not a JSON object with a text \"event\"");
    }
    String event = node.get("event").asText();
    return switch (event) {
      case "connected" -> new Connected();
      case "start" -> start(node);
      case "media" -> media(node);
      case "mark" -> mark(node);
      case "dtmf" -> dtmf(node);
      case "stop" -> new Stop();
      case "error" -> {
        if (dialect != MediaStreamDialect.TELNYX) {
          throw ProtocolException.skip("unknown_event", "an \"error\" event from twilio");
        }
        yield new ProviderError();
      }
      default ->
          throw ProtocolException.skip(
              "unknown_event", "unknown event \"" + BrowserSocket.brief(event) + "\"");
    };
  }

  private Start start(JsonNode node) throws ProtocolException {
    String streamId = dialect.streamId(node);
    if (streamId.isEmpty() || streamId.length() > MAX_STREAM_ID_CHARS) {
      throw ProtocolException.fatal("bad_start", "start without a stream id", CloseCodes.PROTOCOL);
    }
    JsonNode format = dialect.format(node);
    if (!format.isMissingNode()) {
      String encoding = format.path("encoding").asText("");
      if (!dialect.muLaw(encoding)
          || dialect.sampleRate(format) != PHONE_RATE
          || format.path("channels").asInt(1) != 1) {
        throw ProtocolException.fatal(
            "unsupported_format", "only mu-law 8 kHz mono is supported", CloseCodes.UNSUPPORTED);
      }
    }
    return new Start(streamId, dialect.callInfo(node));
  }

  private Message media(JsonNode node) throws ProtocolException {
    JsonNode media = node.path("media");
    if (!dialect.inbound(media.path("track").asText(""))) {
      return new OtherTrack();
    }
    JsonNode payload = media.path("payload");
    if (!payload.isTextual() || payload.asText().isEmpty()) {
      throw ProtocolException.skip("bad_media", "media without a payload");
    }
    String text = payload.asText();
    if (text.length() > MAX_PAYLOAD_CHARS) {
      // Not even decoded: more than 200 ms in one message.
      throw ProtocolException.skip(
          "bad_media",
          "a payload of " + text.length() + " characters, over the limit of " + MAX_PAYLOAD_CHARS);
    }
    byte[] codes;
    try {
      codes = Base64.getDecoder().decode(text);
    } catch (IllegalArgumentException e) {
      throw ProtocolException.skip("bad_media", "a payload that is not base64");
    }
    if (codes.length == 0) {
      throw ProtocolException.skip("bad_media", "a payload of no audio");
    }
    return new Media(codes);
  }

  private static Mark mark(JsonNode node) throws ProtocolException {
    String name = node.path("mark").path("name").asText("");
    int colon = name.indexOf(':');
    if (colon <= 0) {
      throw ProtocolException.skip(
          "bad_mark", "a mark named \"" + BrowserSocket.brief(name) + "\", not SEQ:END");
    }
    try {
      return new Mark(
          Long.parseLong(name, 0, colon, 10), Long.parseLong(name, colon + 1, name.length(), 10));
    } catch (NumberFormatException e) {
      throw ProtocolException.skip(
          "bad_mark", "a mark named \"" + BrowserSocket.brief(name) + "\", not SEQ:END");
    }
  }

  private static Dtmf dtmf(JsonNode node) throws ProtocolException {
    String digit = node.path("dtmf").path("digit").asText("");
    if (digit.length() != 1
        || "0123456789*#ABCD".indexOf(Character.toUpperCase(digit.charAt(0))) < 0) {
      throw ProtocolException.skip(
          "bad_dtmf", "a digit \"" + BrowserSocket.brief(digit) + "\", not one of 0-9 * # A-D");
    }
    return new Dtmf(Character.toUpperCase(digit.charAt(0)));
  }

  /** The stream's id as a JSON string, quotes and escapes included. */
  static String quoted(String streamId) {
    try {
      return JSON.writeValueAsString(streamId);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a string always serialises", e);
    }
  }

  /** A new encoder for the stream {@code streamId}. */
  Encoder encoder(String streamId) {
    return new Encoder(dialect, quoted(streamId));
  }

  /**
   * The agent's side of one stream: 16 kHz frames to {@code media} messages, their marks and the
   * clear. Confined to one thread.
   */
  static final class Encoder {
    private final String mediaPrefix;
    private final String markPrefix;
    private final String clear;
    private final Resampler down = new Resampler(RATE, PHONE_RATE);
    private final Base64.Encoder base64 = Base64.getEncoder();
    private final StringBuilder text = new StringBuilder(1024);
    private short[] narrow = new short[down.maxOutputSamples(320)];
    // Exactly the last frame's length: Base64.Encoder takes whole arrays. Steady at 160.
    private byte[] codes = new byte[0];
    private byte[] encoded = new byte[base64Length(narrow.length)];
    private long endNanos = -1;

    private Encoder(MediaStreamDialect dialect, String quotedStreamId) {
      this.mediaPrefix = dialect.mediaPrefix(quotedStreamId);
      this.markPrefix = dialect.markPrefix(quotedStreamId);
      this.clear = dialect.clear(quotedStreamId);
    }

    /**
     * The {@code media} message of a frame that plays at {@code atNanos}; null if the converter has
     * nothing to send yet. A frame not back to back with the last one starts a new run: the
     * converter's tail of the last run (a few ms of its end) is dropped rather than played first.
     */
    @Nullable String media(long atNanos, short[] samples, int length) {
      if (atNanos != endNanos) {
        down.reset();
      }
      endNanos = atNanos + length * NANOS_PER_SAMPLE;
      int max = down.maxOutputSamples(length);
      if (narrow.length < max) {
        narrow = new short[max];
        encoded = new byte[base64Length(max)];
      }
      int n = down.process(samples, 0, length, narrow, 0);
      if (n == 0) {
        return null;
      }
      if (codes.length != n) {
        codes = new byte[n];
      }
      G711.encodeMuLaw(narrow, 0, n, codes, 0);
      int chars = base64.encode(codes, encoded);
      text.setLength(0);
      text.append(mediaPrefix);
      for (int i = 0; i < chars; i++) {
        text.append((char) encoded[i]);
      }
      return text.append(MediaStreamDialect.CLOSE_STRING_AND_TWO_OBJECTS).toString();
    }

    /** Session time the last frame encoded ends at; -1 before the first or after a clear. */
    long endNanos() {
      return endNanos;
    }

    /** The mark named {@code SEQ:END} that follows a frame. */
    String mark(long seq, long endNanos) {
      text.setLength(0);
      return text.append(markPrefix)
          .append(seq)
          .append(':')
          .append(endNanos)
          .append(MediaStreamDialect.CLOSE_STRING_AND_TWO_OBJECTS)
          .toString();
    }

    /** The clear of a barge-in; the next frame starts a new run. */
    String clear() {
      down.reset();
      endNanos = -1;
      return clear;
    }

    private static int base64Length(int bytes) {
      return (bytes + 2) / 3 * 4;
    }
  }
}
