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

import dev.parley.core.event.SessionEvent;
import dev.parley.core.log.CallMdc;
import dev.parley.core.session.AudioOutput;
import dev.parley.core.session.LiveSession;
import dev.parley.core.spi.CallInfo;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
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
 * the session is behind). Outbound, the session loop never blocks either: agent audio, clears and
 * events go to a bounded queue that one virtual writer thread per call drains into the transport,
 * waiting on each write. A client that stops reading fills the queue, and further audio is dropped
 * with a count, so a slow reader cannot grow memory; a clear empties the queue at once.
 *
 * <pre>
 *  transport reader ─▶ audio / dtmf / heard ─▶ LiveSession inbox ─▶ loop
 *  loop ─▶ AudioOutput / events ─▶ outbound queue (bounded) ─▶ writer thread ─▶ Peer (transport)
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

    /** Sends 20 ms of agent audio, 16 kHz mono PCM16, that plays at {@code atNanos}. */
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

  private sealed interface Out {}

  private record Audio(long atNanos, short[] samples) implements Out {}

  private record Clear() implements Out {}

  private record Event(SessionEvent event) implements Out {}

  private record Error(String code, String message) implements Out {}

  private record Close(int code, String reason) implements Out {}

  private final String id;
  private final String transport;
  private final Peer peer;
  private final ServerMetrics metrics;
  private final BlockingQueue<Out> outbound;
  private final AtomicBoolean closing = new AtomicBoolean();
  private final AtomicInteger closeCode = new AtomicInteger(CloseCodes.NORMAL);
  private final AtomicLong droppedOut = new AtomicLong();
  private final AtomicLong droppedIn = new AtomicLong();
  private final Thread writer;
  private final Runnable onFinished;
  private volatile @Nullable CallSession session;
  private @Nullable CallRecording recording;

  Call(
      String id,
      String transport,
      Peer peer,
      int outboundFrames,
      ServerMetrics metrics,
      Runnable onFinished) {
    this.id = id;
    this.transport = transport;
    this.peer = peer;
    this.metrics = metrics;
    // Events and clears share the queue with audio: room for them beyond the audio bound.
    this.outbound = new ArrayBlockingQueue<>(outboundFrames + 64);
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
    // Should the loop ever die without its session_end (a bug), the connection still closes.
    Thread.ofVirtual()
        .name("call-" + id + "-watch")
        .start(
            CallMdc.carry(
                () -> {
                  try {
                    while (!session.await(Duration.ofHours(1))) {
                      // a long call: keep watching
                    }
                    Throwable failure = session.failure();
                    if (failure != null) {
                      metrics.callFailed(CloseCodes.failure(CloseCodes.SERVER_ERROR));
                      LOG.error("call failed transport={} reason=server_error", transport, failure);
                    }
                    enqueueClose(
                        failure == null ? closeCode.get() : CloseCodes.SERVER_ERROR,
                        "session ended");
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                }));
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
    outbound.offer(new Error(code, message));
  }

  /** Caller audio frames dropped because this call's session was behind. */
  public long droppedInbound() {
    return droppedIn.get();
  }

  /** Agent audio frames dropped towards this client because it read too slowly. */
  public long droppedOutbound() {
    return droppedOut.get();
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
      enqueueClose(code, reason);
      return;
    }
    // The inbox may be full: hang up off the caller's (transport) thread.
    Thread.ofVirtual()
        .name("call-" + id + "-hangup")
        .start(
            () -> {
              try {
                s.hangup(reason);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            });
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
        short[] copy = new short[length];
        System.arraycopy(samples, offset, copy, 0, length);
        CallRecording r = recording;
        if (r != null) {
          r.agent(atNanos, copy); // read-only from here on, like the writer's copy
        }
        if (!outbound.offer(new Audio(atNanos, copy))) {
          droppedOut.incrementAndGet();
          metrics.droppedOut();
        }
      }

      @Override
      public void clear() {
        outbound.removeIf(o -> o instanceof Audio);
        if (!outbound.offer(new Clear())) {
          dropOldest();
          outbound.offer(new Clear());
        }
      }
    };
  }

  Consumer<SessionEvent> listener(Consumer<SessionEvent> also) {
    return event -> {
      also.accept(event);
      if (!outbound.offer(new Event(event))) {
        dropOldest();
        outbound.offer(new Event(event));
      }
      if (event instanceof SessionEvent.SessionEnded ended) {
        enqueueClose(closeCode.get(), ended.reason());
      }
    };
  }

  private void dropOldest() {
    // Only a client that stopped reading gets here: its oldest audio is worth least.
    Out dropped = outbound.poll();
    if (dropped instanceof Audio) {
      droppedOut.incrementAndGet();
      metrics.droppedOut();
    }
  }

  private void enqueueClose(int code, String reason) {
    while (!outbound.offer(new Close(code, reason))) {
      dropOldest();
    }
  }

  // ---- the writer thread ------------------------------------------------------------------

  private void write() {
    boolean open = true;
    try {
      try {
        peer.opened(id);
      } catch (IOException | RuntimeException e) {
        open = false;
        end("client gone", CloseCodes.NORMAL);
      }
      while (true) {
        Out out = outbound.take();
        if (out instanceof Close close) {
          if (open) {
            peer.close(close.code(), close.reason());
          }
          return;
        }
        if (!open) {
          continue;
        }
        try {
          switch (out) {
            case Audio a -> peer.audio(a.atNanos(), a.samples());
            case Clear c -> peer.clear();
            case Event e -> peer.event(e.event());
            case Error e -> peer.error(e.code(), e.message());
            case Close c -> {}
          }
        } catch (IOException | RuntimeException e) {
          open = false; // the client is gone: end the call, keep draining until its close
          end("client gone", CloseCodes.NORMAL);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      onFinished.run();
    }
  }
}
