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
import dev.parley.core.audio.Resampler;
import dev.parley.core.clock.MediaClock;
import dev.parley.core.event.EventJson;
import dev.parley.core.event.SessionEvent;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.function.LongSupplier;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.jspecify.annotations.Nullable;

/**
 * The browser transport, one per {@code /ws} connection: binary frames of PCM16LE mono audio both
 * ways, JSON text frames for control and events (see {@code docs/protocol.md}).
 *
 * <p>Jetty calls the listener methods one at a time per connection, on virtual threads; they never
 * block on the session. Bad input gets an {@code error} message and the call goes on; a client over
 * its message rate is closed with {@link CloseCodes#RATE}.
 */
public final class BrowserSocket implements Session.Listener.AutoDemanding {
  static final int RATE = 16_000;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final CallHost.Slot slot;
  private final RateLimit rate;
  private @Nullable Call call;
  private @Nullable Resampler resampler;
  private int inputRate = RATE;
  private boolean audioSeen;
  private short[] samples = new short[320];
  private short[] resampled = new short[640];
  private volatile boolean closing;

  BrowserSocket(
      CallHost.Slot slot, MediaClock clock, int maxMessagesPerSecond, LongSupplier serverLagNanos) {
    this.slot = slot;
    this.rate = new RateLimit(clock, maxMessagesPerSecond, serverLagNanos);
  }

  @Override
  public void onWebSocketOpen(Session session) {
    JettyPeer jetty = new JettyPeer(session);
    Call started =
        slot.start(
            "ws",
            new Call.Peer() {
              @Override
              public void opened(String callId) throws IOException {
                jetty.text(
                    JSON.createObjectNode().put("type", "session").put("id", callId).toString());
              }

              @Override
              public void audio(long atNanos, short[] samples) throws IOException {
                ByteBuffer bytes =
                    ByteBuffer.allocate(samples.length * 2).order(ByteOrder.LITTLE_ENDIAN);
                bytes.asShortBuffer().put(samples);
                jetty.binary(bytes);
              }

              @Override
              public void clear() throws IOException {
                jetty.text("{\"type\":\"clear\"}");
              }

              @Override
              public void event(SessionEvent event) throws IOException {
                jetty.text(EventJson.toJson(event));
              }

              @Override
              public void error(String code, String message) throws IOException {
                jetty.text(
                    JSON.createObjectNode()
                        .put("type", "error")
                        .put("code", code)
                        .put("message", message)
                        .toString());
              }

              @Override
              public void close(int code, String reason) {
                jetty.close(code, reason);
              }
            });
    this.call = started;
  }

  @Override
  public void onWebSocketText(String message) {
    Call c = call;
    if (c == null || closing || !admitted(c, rate.message())) {
      return;
    }
    JsonNode node;
    try {
      node = JSON.readTree(message);
    } catch (IOException e) {
      c.protocolError("bad_json", "not JSON: " + brief(e.getMessage()));
      return;
    }
    if (node == null || !node.isObject() || !node.path("type").isTextual()) {
      c.protocolError("bad_message", "a control message is a JSON object with a \"type\"");
      return;
    }
    String type = node.get("type").asText();
    switch (type) {
      case "start" -> start(c, node);
      case "hangup" -> {
        closing = true;
        c.end("caller hung up", CloseCodes.NORMAL);
      }
      case "dtmf" -> {
        String digit = node.path("digit").asText("");
        if (digit.length() == 1 && "0123456789*#ABCD".indexOf(digit.charAt(0)) >= 0) {
          c.dtmf(digit.charAt(0));
        } else {
          c.protocolError("bad_dtmf", "digit must be one of 0-9, *, #, A-D");
        }
      }
      case "ping" -> {}
      default -> c.protocolError("unknown_type", "unknown message type \"" + brief(type) + "\"");
    }
  }

  private void start(Call c, JsonNode node) {
    if (audioSeen) {
      c.protocolError("late_start", "start must come before any audio");
      return;
    }
    JsonNode rateNode = node.path("sample_rate");
    if (rateNode.isMissingNode()) {
      return;
    }
    if (!rateNode.canConvertToInt() || rateNode.asInt() < 8_000 || rateNode.asInt() > 96_000) {
      c.protocolError("bad_rate", "sample_rate must be an integer from 8000 to 96000");
      return;
    }
    inputRate = rateNode.asInt();
    resampler = inputRate == RATE ? null : new Resampler(inputRate, RATE);
  }

  @Override
  public void onWebSocketBinary(ByteBuffer payload, Callback callback) {
    try {
      Call c = call;
      int bytes = payload.remaining();
      // Charged by the audio it carries at the caller's rate, whatever the message's size.
      if (c == null
          || closing
          || !admitted(c, rate.audio(RateLimit.nanosOf(bytes / 2, inputRate)))) {
        return;
      }
      if (bytes == 0 || bytes % 2 != 0) {
        c.protocolError(
            "bad_audio",
            "audio frames hold whole 16-bit samples: " + bytes + " bytes is not a whole number");
        return;
      }
      audioSeen = true;
      int n = bytes / 2;
      if (samples.length < n) {
        samples = new short[n];
      }
      payload.order(ByteOrder.LITTLE_ENDIAN).asShortBuffer().get(samples, 0, n);
      Resampler r = resampler;
      if (r == null) {
        c.audio(samples, 0, n);
      } else {
        int max = r.maxOutputSamples(n);
        if (resampled.length < max) {
          resampled = new short[max];
        }
        int out = r.process(samples, 0, n, resampled, 0);
        if (out > 0) {
          c.audio(resampled, 0, out);
        }
      }
    } finally {
      callback.succeed();
    }
  }

  private boolean admitted(Call c, boolean withinRate) {
    if (withinRate) {
      return true;
    }
    closing = true;
    c.end("message rate exceeded", CloseCodes.RATE);
    return false;
  }

  @Override
  public void onWebSocketClose(int statusCode, String reason, Callback callback) {
    closing = true;
    Call c = call;
    if (c != null) {
      c.clientGone("client closed (" + statusCode + ")");
    } else {
      slot.release();
    }
    callback.succeed();
  }

  @Override
  public void onWebSocketError(Throwable cause) {
    closing = true;
    Call c = call;
    if (c != null) {
      c.clientGone("connection error: " + brief(String.valueOf(cause.getMessage())));
    } else {
      slot.release();
    }
  }

  static String brief(@Nullable String text) {
    if (text == null) {
      return "";
    }
    String line = text.lines().findFirst().orElse("");
    return line.length() <= 120 ? line : line.substring(0, 120) + "…";
  }
}
