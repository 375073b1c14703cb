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

import dev.parley.core.audio.G711;
import dev.parley.core.audio.Resampler;
import dev.parley.core.clock.MediaClock;
import dev.parley.core.event.SessionEvent;
import dev.parley.core.log.CallMdc;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.function.LongSupplier;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.api.exceptions.MessageTooLargeException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A telephony media stream, one per {@code /twilio} or {@code /telnyx} connection: JSON text
 * messages both ways, the audio base64 G.711 μ-law at 8 kHz (see {@code docs/telephony.md}); the
 * provider's spelling is a {@link MediaStreamDialect}, the messages both ways a {@link
 * MediaStreamCodec}; this class does the I/O and keeps the stream's state.
 *
 * <p>The call starts on the provider's {@code start} message, which names the stream; {@code media}
 * before it closes the connection with {@link CloseCodes#PROTOCOL}, a format other than μ-law 8 kHz
 * mono with {@link CloseCodes#UNSUPPORTED}. Inbound audio is decoded and resampled to 16 kHz on
 * Jetty's reader thread and offered to the call. Outbound, each 20 ms frame of agent audio is
 * resampled to 8 kHz, encoded and sent as {@code media}, followed by a {@code mark} named {@code
 * SEQ:END} where {@code END} is the session-relative time the frame finishes playing. The provider
 * echoes a mark once the audio before it has played to the caller, and the echo becomes {@link
 * Call#heard}: the session's heard text on barge-in follows what the caller actually heard, not
 * what was sent. A barge-in sends {@code clear}; the marks the provider then returns for dropped
 * audio are recognised by their sequence number and ignored.
 *
 * <p>Bad input (not JSON, an unknown event, bad base64, a payload that is empty or longer than
 * {@link #MAX_PAYLOAD_BYTES}, a mark the server never sent) is counted in {@code
 * parley_protocol_errors_total} and dropped; the call goes on. Jetty calls the listener methods one
 * at a time per connection; the {@link Call.Peer} methods run on the call's writer thread. The
 * fields the two share are volatile.
 */
public final class MediaStreamSocket implements Session.Listener.AutoDemanding {
  private static final Logger LOG = LoggerFactory.getLogger(MediaStreamSocket.class);

  /** The longest inbound payload accepted: 200 ms of 8 kHz μ-law (providers send 20 ms). */
  static final int MAX_PAYLOAD_BYTES = MediaStreamCodec.MAX_PAYLOAD_BYTES;

  private static final int PHONE_RATE = MediaStreamCodec.PHONE_RATE;
  private static final int RATE = 16_000;

  private final CallHost.Slot slot;
  private final MediaStreamDialect dialect;
  private final MediaStreamCodec codec;
  private final ServerMetrics metrics;
  private final RateLimit rate;

  // The reader's (Jetty's listener calls).
  private final Resampler up = new Resampler(PHONE_RATE, RATE);
  private short[] narrow = new short[160];
  private short[] wide = new short[up.maxOutputSamples(160)];
  private volatile @Nullable Session session;
  private volatile @Nullable Call call;
  private volatile boolean closing;

  // Shared by the writer (sends marks) and the reader (takes their echoes).
  private volatile long marksSent;
  private volatile long sentUntilNanos = -1;
  private volatile long clearedThrough;

  MediaStreamSocket(
      CallHost.Slot slot,
      MediaStreamDialect dialect,
      ServerMetrics metrics,
      MediaClock clock,
      int maxMessagesPerSecond,
      LongSupplier serverLagNanos) {
    this.slot = slot;
    this.dialect = dialect;
    this.codec = new MediaStreamCodec(dialect);
    this.metrics = metrics;
    this.rate = new RateLimit(clock, maxMessagesPerSecond, serverLagNanos);
  }

  @Override
  public void onWebSocketOpen(Session session) {
    this.session = session;
  }

  @Override
  public void onWebSocketText(String message) {
    if (closing) {
      return;
    }
    // Media is charged by its audio once decoded; this is the message's own cost, and a bound on
    // how much JSON a connection may make the server parse.
    if (!rate.message()) {
      refuse(CloseCodes.RATE, "message rate exceeded");
      return;
    }
    MediaStreamCodec.Message decoded;
    try {
      decoded = codec.decode(message);
    } catch (ProtocolException e) {
      protocolError();
      if (call == null && e.fatal()) {
        refuse(e.closeCode(), String.valueOf(e.getMessage()));
      } else if (call == null && e.code().equals("bad_media")) {
        refuse(CloseCodes.PROTOCOL, "media before start");
      } // else a bad second start, or a bad message in the call: dropped
      return;
    }
    switch (decoded) {
      case MediaStreamCodec.Connected c -> {}
      case MediaStreamCodec.Start start -> start(start);
      case MediaStreamCodec.Media media -> media(media.muLaw());
      case MediaStreamCodec.OtherTrack o -> {
        if (call == null) {
          protocolError();
          refuse(CloseCodes.PROTOCOL, "media before start");
        }
      }
      case MediaStreamCodec.Mark mark -> mark(mark.seq(), mark.endNanos());
      case MediaStreamCodec.Dtmf dtmf -> {
        Call c = call;
        if (c == null) {
          protocolError();
        } else {
          c.dtmf(dtmf.digit());
        }
      }
      case MediaStreamCodec.Stop s -> stop();
      case MediaStreamCodec.ProviderError e -> {}
    }
  }

  @Override
  public void onWebSocketBinary(ByteBuffer payload, Callback callback) {
    protocolError(); // both providers send text only
    callback.succeed();
  }

  private void start(MediaStreamCodec.Start start) {
    if (call != null) {
      protocolError(); // a second start: the stream is already named
      return;
    }
    Session s = session;
    if (s == null) {
      return;
    }
    call = slot.start(start.call(), new Peer(new JettyPeer(s), codec.encoder(start.streamId())));
  }

  private void media(byte[] codes) {
    Call c = call;
    if (c == null) {
      protocolError();
      refuse(CloseCodes.PROTOCOL, "media before start");
      return;
    }
    int n = codes.length;
    if (n > MAX_PAYLOAD_BYTES) {
      protocolError();
      return;
    }
    // One μ-law byte is one 8 kHz sample. The message itself was charged above.
    if (!rate.audioOnly(RateLimit.nanosOf(n, PHONE_RATE))) {
      refuse(CloseCodes.RATE, "audio faster than real time");
      return;
    }
    if (narrow.length < n) {
      narrow = new short[n];
      wide = new short[up.maxOutputSamples(n)];
    }
    G711.decodeMuLaw(codes, 0, n, narrow, 0);
    int out = up.process(narrow, 0, n, wide, 0);
    if (out > 0) {
      c.audio(wide, 0, out);
    }
  }

  private void mark(long seq, long endNanos) {
    Call c = call;
    if (c == null) {
      protocolError();
      return;
    }
    // Read in this order: the writer publishes sentUntil before the mark count.
    long sent = marksSent;
    long until = sentUntilNanos;
    if (seq <= 0 || seq > sent || endNanos < 0 || endNanos > until) {
      protocolError(); // not a mark of ours
      return;
    }
    if (seq <= clearedThrough) {
      return; // returned by a clear: its audio was dropped, not played
    }
    c.heard(endNanos);
  }

  private void stop() {
    closing = true;
    Call c = call;
    if (c != null) {
      c.end("caller hung up", CloseCodes.NORMAL);
    } else {
      close(CloseCodes.NORMAL, "stopped before start");
    }
  }

  /** Ends the connection for the caller's fault: through the call if it started. */
  private void refuse(int code, String reason) {
    Call c = call;
    try (CallMdc.Scope scope =
        CallMdc.enter(
            c == null
                ? Map.of()
                : Map.of(CallMdc.CALL_ID, c.id(), CallMdc.TRANSPORT, c.transport()))) {
      LOG.warn("refused a {} stream: {} (close code {})", dialect.transport(), reason, code);
    }
    closing = true;
    if (c != null) {
      c.end(reason, code);
    } else {
      close(code, reason);
    }
  }

  private void close(int code, String reason) {
    Session s = session;
    if (s != null && s.isOpen()) {
      s.close(code, reason, Callback.NOOP);
    }
  }

  private void protocolError() {
    Call c = call;
    if (c != null) {
      c.protocolError();
    } else {
      metrics.protocolError(dialect.transport());
    }
  }

  @Override
  public void onWebSocketClose(int statusCode, String reason, Callback callback) {
    gone("provider closed (" + statusCode + ")");
    callback.succeed();
  }

  @Override
  public void onWebSocketError(Throwable cause) {
    if (cause instanceof MessageTooLargeException) {
      protocolError();
    }
    gone("connection error: " + BrowserSocket.brief(String.valueOf(cause.getMessage())));
  }

  private void gone(String reason) {
    closing = true;
    Call c = call;
    if (c != null) {
      c.clientGone(reason);
    } else {
      slot.release();
    }
  }

  /** The call's side of the stream; its methods run on the call's writer thread. */
  private final class Peer implements Call.Peer {
    private final JettyPeer jetty;
    private final MediaStreamCodec.Encoder encoder;

    Peer(JettyPeer jetty, MediaStreamCodec.Encoder encoder) {
      this.jetty = jetty;
      this.encoder = encoder;
    }

    @Override
    public void audio(long atNanos, short[] samples) throws IOException {
      String media = encoder.media(atNanos, samples, samples.length);
      if (media != null) {
        jetty.text(media);
      }
      long seq = marksSent + 1;
      long end = encoder.endNanos();
      sentUntilNanos = end;
      marksSent = seq;
      jetty.text(encoder.mark(seq, end));
    }

    @Override
    public void clear() throws IOException {
      clearedThrough = marksSent;
      jetty.text(encoder.clear());
    }

    @Override
    public void event(SessionEvent event) {
      // Media streams carry no session events: watchers and /metrics see them.
    }

    @Override
    public void error(String code, String message) {
      // Media streams carry no errors back: the count is the record.
    }

    @Override
    public void close(int code, String reason) {
      jetty.close(code, reason);
    }
  }
}
