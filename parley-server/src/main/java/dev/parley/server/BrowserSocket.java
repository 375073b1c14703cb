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

import dev.parley.core.audio.Resampler;
import dev.parley.core.clock.MediaClock;
import dev.parley.core.event.SessionEvent;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.function.LongSupplier;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.jspecify.annotations.Nullable;

/**
 * The browser transport, one per {@code /ws} connection: binary frames of PCM16LE mono audio both
 * ways, JSON text frames for control and events (see {@code docs/protocol.md}); the messages are
 * {@link BrowserCodec}'s, this class does the I/O.
 *
 * <p>Jetty calls the listener methods one at a time per connection, on virtual threads; they never
 * block on the session. Bad input gets an {@code error} message and the call goes on; a client over
 * its message rate is closed with {@link CloseCodes#RATE}.
 */
public final class BrowserSocket implements Session.Listener.AutoDemanding {
  static final int RATE = 16_000;

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
    BrowserCodec.Encoder encoder = new BrowserCodec.Encoder();
    Call started =
        slot.start(
            "ws",
            new Call.Peer() {
              @Override
              public void opened(String callId) throws IOException {
                jetty.text(BrowserCodec.session(callId));
              }

              @Override
              public void audio(long atNanos, short[] samples) throws IOException {
                jetty.binary(encoder.audio(samples, samples.length));
              }

              @Override
              public void clear() throws IOException {
                jetty.text(BrowserCodec.clear());
              }

              @Override
              public void event(SessionEvent event) throws IOException {
                jetty.text(BrowserCodec.event(event));
              }

              @Override
              public void error(String code, String message) throws IOException {
                jetty.text(BrowserCodec.error(code, message));
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
    BrowserCodec.Control control;
    try {
      control = BrowserCodec.control(message);
    } catch (ProtocolException e) {
      c.protocolError(e.code(), String.valueOf(e.getMessage()));
      return;
    }
    switch (control) {
      case BrowserCodec.Start start -> start(c, start.sampleRate());
      case BrowserCodec.Hangup h -> {
        closing = true;
        c.end("caller hung up", CloseCodes.NORMAL);
      }
      case BrowserCodec.Dtmf dtmf -> c.dtmf(dtmf.digit());
      case BrowserCodec.Ping p -> {}
    }
  }

  private void start(Call c, int sampleRate) {
    if (audioSeen) {
      c.protocolError("late_start", "start must come before any audio");
      return;
    }
    if (sampleRate == 0) {
      return;
    }
    inputRate = sampleRate;
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
      if (samples.length < BrowserCodec.samplesIn(payload)) {
        samples = new short[BrowserCodec.samplesIn(payload)];
      }
      int n;
      try {
        n = BrowserCodec.audio(payload, samples);
      } catch (ProtocolException e) {
        c.protocolError(e.code(), String.valueOf(e.getMessage()));
        return;
      }
      audioSeen = true;
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
