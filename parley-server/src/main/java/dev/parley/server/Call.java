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

import dev.parley.core.clock.MediaClock;
import dev.parley.core.event.SessionEvent;
import dev.parley.core.log.CallMdc;
import dev.parley.core.session.AudioOutput;
import dev.parley.core.session.LiveSession;
import dev.parley.core.spi.CallInfo;
import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One call on the server: the bridge between a transport and the call's {@link LiveSession}.
 *
 * <p>Inbound, the transport's reader thread hands over audio, key presses and playback
 * confirmations; each is offered to the session without blocking (audio dropped with a count when
 * the session is behind). Outbound, the session loop never blocks either: agent audio is copied
 * into a pooled slot of the call's {@link OutboundQueue} (no allocation per frame), clears and
 * events go between the frames, and one virtual writer thread per call hands them to the transport
 * through a {@link CallWriter}, which paces the audio (20 ms frames on absolute deadlines of the
 * media clock, the same for every transport) and waits on each write. A client that stops reading
 * fills the queue to its high watermark; audio is then dropped with a count until the client has
 * read it down to the low watermark, so a slow reader cannot grow memory; a clear empties the queue
 * of audio at once.
 *
 * <p>The writer is the call's only thread beyond the transport's own I/O: a hang-up asked for from
 * a transport thread (whose session inbox may be full) is carried out on it, and when it has
 * nothing to write it checks that the session's loop is still alive, so a loop that died without
 * its {@code session_end} (a bug) still closes the connection.
 *
 * <pre>
 *  transport reader ─▶ audio / dtmf / heard ─▶ LiveSession inbox ─▶ loop
 *  loop ─▶ AudioOutput / events ─▶ OutboundQueue (pooled, watermarks) ─▶ writer thread
 *          ─▶ CallWriter (pacing) ─▶ Peer (transport: encode, write)
 * </pre>
 */
public final class Call {
  private static final Logger LOG = LoggerFactory.getLogger(Call.class);

  /**
   * The transport side of a call. Called only on the call's writer thread, one call at a time; a
   * method may block until its message is written. An {@link IOException} means the client is gone.
   */
  public interface Peer {
    /** The call has started with this id: the first call made. */
    default void opened(String callId) throws IOException {}

    /**
     * Sends 20 ms of agent audio, 16 kHz mono PCM16, that plays at {@code atNanos}, when it is due.
     * The array is pooled: it is reused once the method returns, so a peer that keeps the audio
     * copies it.
     */
    void audio(long atNanos, short[] samples) throws IOException;

    /** Tells the client to drop any agent audio it buffered: the agent was interrupted. */
    void clear() throws IOException;

    /** Sends a session event, for transports that carry them. */
    void event(SessionEvent event) throws IOException;

    /** Tells the client its last message was refused, for transports that carry errors. */
    void error(String code, String message) throws IOException;

    /** Closes the connection with a reason; the last call made. */
    void close(int code, String reason);
  }

  /** How long the writer waits with nothing to write before it checks the loop is alive. */
  private static final long WATCH_NANOS = 1_000_000_000L;

  private final String id;
  private final String transport;
  private final MediaClock clock;
  private final ServerMetrics metrics;
  private final OutboundQueue outbound;
  private final CallWriter callWriter;
  private final AtomicBoolean closing = new AtomicBoolean();
  private final AtomicInteger closeCode = new AtomicInteger(CloseCodes.NORMAL);
  private final AtomicLong droppedIn = new AtomicLong();
  private final Thread writer;
  private final Runnable onFinished;
  private volatile @Nullable CallSession session;
  private @Nullable CallRecording recording;

  /**
   * A call whose outbound queue holds up to {@code outboundFrames} frames of audio (its high
   * watermark; it takes audio again at half that). Audio is paced in real time on the system clock
   * and written as soon as it is queued on any other (a virtual clock does not move by itself).
   */
  Call(
      String id,
      String transport,
      Peer peer,
      int outboundFrames,
      MediaClock clock,
      ServerMetrics metrics,
      Runnable onFinished) {
    this.id = id;
    this.transport = transport;
    this.clock = clock;
    this.metrics = metrics;
    this.outbound = OutboundQueue.withHighWatermark(outboundFrames, metrics::droppedOut);
    this.callWriter =
        new CallWriter(
            outbound,
            peer,
            clock == MediaClock.system(),
            () -> end("client gone", CloseCodes.NORMAL));
    this.onFinished = onFinished;
    this.writer =
        Thread.ofVirtual().name("call-" + id + "-writer").unstarted(CallMdc.carry(this::write));
  }

  /** Records the call's audio as well; before {@link #attach}. */
  void recordTo(CallRecording recording) {
    this.recording = recording;
  }

  void attach(CallSession session) {
    this.session = session;
    writer.start();
  }

  /** The call's id, as sent to browser clients. */
  public String id() {
    return id;
  }

  /**
   * What is known of the call: carrier ids, numbers and parameters as its transport described it,
   * under {@link #id()} (for logs: put {@code callId} and the carrier ids in the MDC).
   */
  public CallInfo info() {
    if (session instanceof CallSession.Cascaded cascaded) {
      return cascaded.session().call();
    }
    return CallInfo.of(transport).withCallId(id); // a speech-to-speech call knows its id only
  }

  /**
   * Which transport carries it: {@code ws}, {@code twilio}, {@code telnyx} or {@code audiosocket}.
   */
  public String transport() {
    return transport;
  }

  /** Hands over caller audio (16 kHz mono PCM16); counts a drop if the session is behind. */
  public void audio(short[] samples, int offset, int length) {
    CallSession s = session;
    if (s != null && !s.offerAudio(samples, offset, length)) {
      droppedIn.incrementAndGet();
      metrics.droppedIn();
    }
    CallRecording r = recording;
    if (r != null) {
      r.user(samples, offset, length);
    }
  }

  /** Hands over a key press. */
  public void dtmf(char digit) {
    CallSession s = session;
    if (s != null && !s.offerDtmf(digit)) {
      metrics.droppedIn();
    }
  }

  /** The caller has heard the agent's audio up to {@code upToNanos} (a mark echo). */
  public void heard(long upToNanos) {
    CallSession s = session;
    if (s != null) {
      s.offerHeard(upToNanos);
    }
  }

  /** Counts a malformed or out-of-order message from the client. */
  public void protocolError() {
    metrics.protocolError(transport);
  }

  /**
   * Counts a malformed or out-of-order message and tells the client (an {@code error} event, on
   * transports that carry them); dropped if the client is not reading.
   */
  public void protocolError(String code, String message) {
    metrics.protocolError(transport);
    try (CallMdc.Scope scope =
        CallMdc.enter(Map.of(CallMdc.CALL_ID, id, CallMdc.TRANSPORT, transport))) {
      LOG.debug("refused a client message: {} ({})", message, code);
    }
    outbound.offerError(code, message);
  }

  /** Caller audio frames dropped because this call's session was behind. */
  public long droppedInbound() {
    return droppedIn.get();
  }

  /** Agent audio frames dropped towards this client because it read too slowly. */
  public long droppedOutbound() {
    return outbound.dropped();
  }

  /**
   * Ends the call from the server's or the client's side: the session hangs up with {@code reason}
   * and the connection closes with {@code code} once its last event is out. Idempotent; returns at
   * once.
   */
  public void end(String reason, int code) {
    if (!closing.compareAndSet(false, true)) {
      return;
    }
    closeCode.set(code);
    String failure = CloseCodes.failure(code);
    if (!failure.isEmpty()) {
      metrics.callFailed(failure);
      LOG.warn(
          "call failed call_id={} transport={} reason={} code={} detail=\"{}\"",
          id,
          transport,
          failure,
          code,
          reason);
    }
    CallSession s = session;
    if (s == null || !s.running()) {
      outbound.close(code, reason);
      return;
    }
    // The session's inbox may be full: the writer hangs up, off the caller's (transport) thread.
    outbound.requestHangup(reason);
  }

  /** Ends the call because the client went away: nothing more is written to it. */
  public void clientGone(String reason) {
    end(reason, CloseCodes.NORMAL);
  }

  /** Waits for the writer to finish; true if it did. */
  public boolean await(Duration timeout) throws InterruptedException {
    return writer.join(timeout);
  }

  // ---- from the session loop --------------------------------------------------------------

  AudioOutput output() {
    return new AudioOutput() {
      @Override
      public void play(long atNanos, short[] samples, int offset, int length) {
        CallRecording r = recording;
        if (r != null) {
          // Kept by the recording's own thread: a copy, on recorded calls only.
          r.agent(atNanos, Arrays.copyOfRange(samples, offset, offset + length));
        }
        outbound.offerAudio(atNanos, samples, offset, length); // a drop is counted by the queue
      }

      @Override
      public void clear() {
        outbound.clear();
      }
    };
  }

  Consumer<SessionEvent> listener(Consumer<SessionEvent> also) {
    return event -> {
      also.accept(event);
      outbound.offerEvent(event);
      if (event instanceof SessionEvent.SessionEnded ended) {
        outbound.close(closeCode.get(), ended.reason());
      }
    };
  }

  // ---- the writer thread ------------------------------------------------------------------

  private void write() {
    try {
      callWriter.opened(id);
      while (true) {
        String hangup = outbound.takeHangup();
        if (hangup != null) {
          hangup(hangup);
        }
        long now = clock.nanos();
        long next = callWriter.writeDue(now);
        if (next == CallWriter.CLOSED) {
          return;
        }
        if (next == OutboundQueue.NEVER) {
          if (!outbound.awaitOffer(WATCH_NANOS)) {
            watchSession();
          }
        } else {
          outbound.awaitOffer(next - now); // the next frame's deadline, unless something comes
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      onFinished.run();
    }
  }

  private void hangup(String reason) throws InterruptedException {
    CallSession s = session;
    if (s != null && s.running()) {
      s.hangup(reason); // returns once the loop has room for it: it takes a frame every 20 ms
    } else {
      outbound.close(closeCode.get(), reason);
    }
  }

  /** Closes the connection under a loop that ended without its session_end. */
  private void watchSession() {
    CallSession s = session;
    if (s == null || s.running()) {
      return;
    }
    Throwable failure = s.failure();
    if (failure != null) {
      metrics.callFailed(CloseCodes.failure(CloseCodes.SERVER_ERROR));
      LOG.error("call failed transport={} reason=server_error", transport, failure);
    }
    outbound.close(failure == null ? closeCode.get() : CloseCodes.SERVER_ERROR, "session ended");
  }
}
