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
import dev.parley.core.log.CallMdc;
import dev.parley.core.spi.CallInfo;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Asterisk AudioSocket connection: reads the caller's messages on its own virtual thread and is
 * the {@link Call.Peer} the call's writer thread sends the agent's audio through.
 *
 * <p>The protocol's bytes are {@link AudioSocketCodec}'s: this class reads and writes them. The
 * first message must be the call's UUID; then audio, DTMF digits and a hang-up arrive, and the
 * agent's audio goes back as 20 ms slin frames, paced by the call's writer (Asterisk writes each
 * frame to the channel the moment it arrives and buffers nothing). A hang-up ends the call from
 * either side.
 *
 * <p><b>Threads.</b> Before the call starts only the reader thread touches the socket; after it,
 * only the call's writer thread writes (audio, then the closing hang-up or error), and the reader
 * only reads, watches the writer for a stall and closes the socket when it is done. The read
 * buffers are preallocated at the largest accepted payload: an announced length is checked before
 * anything is read, so a connection never holds more than about 20 KB whatever it sends.
 *
 * <p><b>Bad input.</b> A message whose framing is intact but whose content is wrong (an unknown
 * kind, an odd-length or empty audio payload, a bad DTMF digit, a second UUID) is counted in {@code
 * parley_protocol_errors_total{transport="audiosocket"}} and skipped: Asterisk ends its {@code
 * AudioSocket()} application on any error message, so answering would hang up the caller. A framing
 * error (a length over {@value #MAX_PAYLOAD} bytes, a truncated message) or anything but a UUID
 * first is counted, answered with an error message ({@code 0xff}) and the connection closed.
 */
final class AudioSocketConnection implements Call.Peer {
  static final String TRANSPORT = "audiosocket";

  static final int KIND_HANGUP = AudioSocketCodec.KIND_HANGUP;
  static final int KIND_ERROR = AudioSocketCodec.KIND_ERROR;
  static final int KIND_AUDIO = AudioSocketCodec.KIND_AUDIO;
  static final int KIND_DTMF = AudioSocketCodec.KIND_DTMF;
  static final int ERROR_PROTOCOL = AudioSocketCodec.ERROR_PROTOCOL;
  static final int ERROR_BUSY = AudioSocketCodec.ERROR_BUSY;
  static final int ERROR_DRAINING = AudioSocketCodec.ERROR_DRAINING;
  static final int ERROR_SERVER = AudioSocketCodec.ERROR_SERVER;
  static final int MAX_PAYLOAD = AudioSocketCodec.MAX_PAYLOAD;

  private static final Logger LOG = LoggerFactory.getLogger(AudioSocketConnection.class);
  private static final int POLL_MILLIS = 200;
  private static final long NO_DEADLINE = Long.MIN_VALUE;

  /** After its hang-up, how long the connection waits for the caller to close its side. */
  private static final long LINGER_NANOS = 2_000_000_000L;

  private final Socket socket;
  private final CallHost host;
  private final MediaClock clock;
  private final AudioSocketServer.Timeouts timeouts;
  private final Consumer<AudioSocketConnection> onClosed;
  private final InputStream in;
  private final OutputStream out;

  // ---- the reader thread's
  private final byte[] header = new byte[3];
  private final byte[] payload = new byte[MAX_PAYLOAD];
  private final short[] narrow = new short[MAX_PAYLOAD / 2];
  private final Resampler up = AudioSocketCodec.primed(new Resampler(8_000, BrowserSocket.RATE));
  private final short[] wide = new short[up.maxOutputSamples(MAX_PAYLOAD / 2)];
  private @Nullable Call call;
  private final RateLimit rate;

  // ---- the writer thread's
  private final AudioSocketCodec.Encoder encoder = new AudioSocketCodec.Encoder();

  // ---- shared between the two
  private volatile boolean writing;
  private volatile long writeStartedNanos;
  private volatile boolean outputShut;
  private volatile long shutNanos;
  private volatile boolean callerGone;
  private volatile boolean slowClient;

  AudioSocketConnection(
      Socket socket,
      CallHost host,
      MediaClock clock,
      AudioSocketServer.Timeouts timeouts,
      Consumer<AudioSocketConnection> onClosed) {
    this.socket = socket;
    this.host = host;
    this.clock = clock;
    this.timeouts = timeouts;
    this.onClosed = onClosed;
    this.rate = new RateLimit(clock, host.config().maxMessagesPerSecond(), host.load()::lagNanos);
    InputStream i;
    OutputStream o;
    try {
      i = socket.getInputStream();
      o = socket.getOutputStream();
    } catch (IOException e) {
      // A socket closed before we got to it: every read and write fails, and run() cleans up.
      i = InputStream.nullInputStream();
      o = OutputStream.nullOutputStream();
      closeQuietly(socket);
    }
    this.in = i;
    this.out = o;
  }

  // ---- the reader thread ----------------------------------------------------------------------

  /** Serves the connection until it closes: the reader thread's body. */
  void run() {
    try {
      socket.setSoTimeout(POLL_MILLIS);
      socket.setTcpNoDelay(true);
      String peer = String.valueOf(socket.getRemoteSocketAddress());
      // Refused at connect when the server is already full, overloaded or draining: Asterisk
      // hears the error at once and its dialplan can play a message or try another server.
      CallHost.Refused early = host.refusalNow(TRANSPORT, peer);
      if (early != null) {
        refuse(errorFor(early.reason()));
        return;
      }
      UUID id = handshake();
      if (id == null) {
        return;
      }
      CallHost.Slot reserved;
      switch (host.admit(TRANSPORT, peer)) {
        case CallHost.Admitted a -> reserved = a.slot();
        case CallHost.Refused r -> {
          refuse(errorFor(r.reason()));
          return;
        }
      }
      Call started;
      try {
        started =
            reserved.start(
                new CallInfo(
                    TRANSPORT,
                    "",
                    Map.of(CallInfo.AUDIOSOCKET_UUID, id.toString()),
                    "",
                    "",
                    Map.of(),
                    Map.of()),
                this);
      } catch (RuntimeException e) {
        reserved.release();
        LOG.warn("cannot start an AudioSocket call for channel {}", id, e);
        refuse(ERROR_SERVER);
        return;
      }
      call = started;
      try (CallMdc.Scope scope =
          CallMdc.enter(CallMdc.context(started.id(), TRANSPORT, Map.of("uuid", id.toString())))) {
        LOG.info(
            "AudioSocket call {}: Asterisk channel {} from {}",
            started.id(),
            id,
            socket.getRemoteSocketAddress());
      }
      converse(started);
    } catch (IOException e) {
      Call c = call;
      if (c != null) {
        callerGone = true;
        c.clientGone(
            slowClient
                ? "client too slow"
                : "connection lost: " + BrowserSocket.brief(e.getMessage()));
      }
    } finally {
      finish();
    }
  }

  private static int errorFor(CallHost.Refusal reason) {
    return switch (reason) {
      case DRAINING -> ERROR_DRAINING;
      case CAPACITY, OVERLOAD -> ERROR_BUSY;
      case UNAUTHORISED, FORBIDDEN -> ERROR_PROTOCOL;
    };
  }

  /** Reads the first message, which must be the call's UUID; null if the connection is done. */
  private @Nullable UUID handshake() throws IOException {
    long deadline = clock.nanos() + timeouts.uuid().toNanos();
    try {
      int got = readFully(header, 3, deadline, Long.MAX_VALUE);
      if (got == 0) {
        return null; // connected and closed: a health check or a port scan
      }
      int kind = AudioSocketCodec.kind(header);
      if (got == 3 && kind == KIND_HANGUP) {
        return null;
      }
      if (got < 3) {
        badHandshake();
        return null;
      }
      int length = AudioSocketCodec.length(header);
      if (kind != AudioSocketCodec.KIND_UUID || length != 16) {
        return AudioSocketCodec.uuid(kind, payload, length); // throws: not a UUID
      }
      if (readFully(payload, 16, deadline, Long.MAX_VALUE) < 16) {
        badHandshake();
        return null;
      }
      return AudioSocketCodec.uuid(kind, payload, 16);
    } catch (Timeout | ProtocolException e) {
      badHandshake();
      return null;
    }
  }

  private void badHandshake() {
    host.metrics().protocolError(TRANSPORT);
    refuse(ERROR_PROTOCOL);
  }

  /** The call's messages, until a hang-up, the end of the stream or a framing error. */
  private void converse(Call c) throws IOException {
    long idle = timeouts.idle().toNanos();
    while (!outputShut) {
      int got = readFully(header, 3, NO_DEADLINE, idle);
      if (got == 0) {
        callerGone = true;
        c.clientGone("caller closed the connection");
        return;
      }
      if (got < 3) {
        framingError(c, "a truncated header");
        return;
      }
      int kind = AudioSocketCodec.kind(header);
      int length;
      try {
        length = AudioSocketCodec.length(header);
      } catch (ProtocolException e) {
        framingError(c, String.valueOf(e.getMessage()));
        return;
      }
      if (readFully(payload, length, NO_DEADLINE, idle) < length) {
        framingError(c, "a truncated message");
        return;
      }
      boolean allowed =
          kind == KIND_AUDIO ? rate.audio(RateLimit.nanosOf(length / 2, 8_000)) : rate.message();
      if (!allowed) {
        c.protocolError();
        c.end("message rate exceeded", CloseCodes.RATE);
        return;
      }
      switch (kind) {
        case KIND_HANGUP -> {
          callerGone = true;
          c.clientGone("caller hung up");
          return;
        }
        case KIND_AUDIO -> audio(c, length);
        case KIND_DTMF -> dtmf(c, length);
        case KIND_ERROR -> {
          callerGone = true;
          c.clientGone(
              "Asterisk reported an error"
                  + (length > 0 ? " (0x" + Integer.toHexString(payload[0] & 0xff) + ")" : ""));
          return;
        }
        default -> c.protocolError(); // a second UUID, or a kind Parley does not speak
      }
    }
  }

  private void audio(Call c, int length) {
    try {
      int n = AudioSocketCodec.slin(payload, length, narrow);
      int produced = up.process(narrow, 0, n, wide, 0);
      if (produced > 0) {
        c.audio(wide, 0, produced);
      }
    } catch (ProtocolException e) {
      c.protocolError();
    }
  }

  private void dtmf(Call c, int length) {
    try {
      c.dtmf(AudioSocketCodec.dtmf(payload, length));
    } catch (ProtocolException e) {
      c.protocolError();
    }
  }

  /** Framing is lost: count it, and end the call with an error message to Asterisk. */
  private void framingError(Call c, String what) {
    c.protocolError();
    c.end("protocol error: " + what, CloseCodes.PROTOCOL);
  }

  /**
   * Reads {@code length} bytes into {@code into}, waking every {@value #POLL_MILLIS} ms to watch
   * the timeouts. Returns fewer than {@code length} only at the end of the stream.
   *
   * @throws Timeout if {@code deadlineNanos} passes, or {@code idleNanos} go by without a byte
   */
  private int readFully(byte[] into, int length, long deadlineNanos, long idleNanos)
      throws IOException {
    int n = 0;
    long last = clock.nanos();
    while (n < length) {
      int r;
      try {
        r = in.read(into, n, length - n);
      } catch (SocketTimeoutException e) {
        r = 0;
      }
      if (r < 0) {
        return n;
      }
      long now = clock.nanos();
      if (r > 0) {
        n += r;
        last = now;
      }
      watch(now);
      if (n < length) {
        if (deadlineNanos != NO_DEADLINE && now - deadlineNanos >= 0) {
          throw new Timeout("no UUID within " + timeouts.uuid().toMillis() + " ms");
        }
        if (now - last >= idleNanos) {
          throw new Timeout("nothing received for " + timeouts.idle().toSeconds() + " s");
        }
      }
    }
    return n;
  }

  /** Closes the socket under a writer stuck on a client that stopped reading, or past lingering. */
  private void watch(long now) {
    if (writing && now - writeStartedNanos >= timeouts.write().toNanos()) {
      slowClient = true;
      abort();
    } else if (outputShut && now - shutNanos >= LINGER_NANOS) {
      abort();
    }
  }

  /** Refuses the connection before a call: an error message, then the close. */
  private void refuse(int code) {
    LOG.info(
        "refused an AudioSocket call from {}: error code {}",
        socket.getRemoteSocketAddress(),
        code);
    try {
      byte[] error = AudioSocketCodec.error(code);
      send(error, error.length);
      shutOutput();
    } catch (IOException e) {
      abort();
    }
  }

  /**
   * Waits for the writer to finish, lets the caller read our last message and close its side, then
   * closes the socket. Closing while unread input is buffered would reset the connection and could
   * lose that last message.
   */
  private void finish() {
    Call c = call;
    if (c != null) {
      try {
        if (!c.await(Duration.ofSeconds(5))) {
          abort(); // a writer blocked on a dead peer: cut it loose
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    if (outputShut && !socket.isClosed()) {
      try {
        while (readFully(payload, payload.length, shutNanos + LINGER_NANOS, Long.MAX_VALUE)
            == payload.length) {
          // discard what the caller still sends until it closes
        }
      } catch (IOException e) {
        // a timeout or a reset: close anyway
      }
    }
    abort();
    onClosed.accept(this);
  }

  // ---- the writer thread: Call.Peer -------------------------------------------------------

  @Override
  public void opened(String callId) {}

  /**
   * Writes 20 ms of agent audio as 8 kHz slin. The call's writer hands it over when it is due (see
   * {@link FramePacer}): Asterisk writes each frame to the channel the moment it arrives and
   * buffers nothing, so the pacing is what keeps the caller's audio smooth.
   */
  @Override
  public void audio(long atNanos, short[] samples) throws IOException {
    if (callerGone) {
      throw new IOException("the caller is gone");
    }
    int bytes = encoder.encode(atNanos, samples, samples.length);
    if (bytes > 0) {
      send(encoder.bytes(), bytes);
    }
  }

  /**
   * Drops the agent's audio not yet sent. The call's queue has already been emptied and Asterisk
   * holds no buffer to flush; the next frame starts a new run.
   */
  @Override
  public void clear() {
    encoder.reset();
  }

  /** AudioSocket carries no events. */
  @Override
  public void event(SessionEvent event) {}

  /** Not sent: an error message would make Asterisk end the call (see the class comment). */
  @Override
  public void error(String code, String message) {}

  /**
   * Ends the call towards Asterisk: a hang-up message, or an error message when the caller broke
   * the protocol or the server failed; then the sending side is shut and the reader closes the
   * socket once the caller has closed its side.
   */
  @Override
  public void close(int code, String reason) {
    int kind = code == CloseCodes.PROTOCOL || code == CloseCodes.SERVER_ERROR ? KIND_ERROR : 0;
    int error = code == CloseCodes.PROTOCOL ? ERROR_PROTOCOL : ERROR_SERVER;
    try {
      byte[] message =
          kind == KIND_ERROR ? AudioSocketCodec.error(error) : AudioSocketCodec.hangup();
      send(message, message.length);
      shutOutput();
    } catch (IOException e) {
      abort();
    }
  }

  // ---- both -------------------------------------------------------------------------------

  private void send(byte[] bytes, int length) throws IOException {
    writeStartedNanos = clock.nanos();
    writing = true;
    try {
      out.write(bytes, 0, length);
    } finally {
      writing = false;
    }
  }

  private void shutOutput() throws IOException {
    shutNanos = clock.nanos();
    outputShut = true;
    socket.shutdownOutput();
  }

  /** Closes the socket at once: blocked reads and writes fail. Idempotent, any thread. */
  void abort() {
    closeQuietly(socket);
  }

  static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException e) {
      // closing is best effort
    }
  }

  /** A read that waited too long. */
  private static final class Timeout extends IOException {
    private static final long serialVersionUID = 1L;

    Timeout(String message) {
      super(message);
    }
  }
}
