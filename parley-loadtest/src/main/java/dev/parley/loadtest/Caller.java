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
package dev.parley.loadtest;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * One simulated caller: a WebSocket to the server that streams a recording frame by frame as the
 * load generator's ticker makes frames due, and counts what comes back.
 *
 * <p>At most one send is in flight (the WebSocket API allows no more); a frame that falls due while
 * the previous one is still being written waits for it, and the wait is recorded as the caller's
 * lag, so a load generator that cannot keep up shows in the report instead of passing for a slow
 * server. Thread-safe: the ticker makes frames due, the HTTP client's threads complete sends and
 * deliver messages.
 */
final class Caller implements WebSocket.Listener {
  private final int index;
  private final Transport transport;
  private final CallAudio audio;
  private final int totalFrames;
  private final int firstFrame;
  private final String streamSid;
  private final CountDownLatch closed = new CountDownLatch(1);
  private final CountDownLatch streamed = new CountDownLatch(1);

  // Guarded by this.
  private @Nullable WebSocket socket;
  private int due;
  private long firstTick = -1;
  private boolean connectEnded;
  private int sent;
  private boolean inFlight;
  private boolean finishing;
  private boolean finishRequested;
  private int maxLagFrames;
  private @Nullable String failure;
  private boolean turnedAway;

  // Written by the client's listener thread, one message at a time.
  private final StringBuilder text = new StringBuilder();
  private volatile long agentAudioBytes;
  private volatile int turnEnds;
  private volatile int clears;
  private volatile int closeCode = -1;

  Caller(int index, Transport transport, CallAudio audio, int totalFrames) {
    this.index = index;
    this.transport = transport;
    this.audio = audio;
    this.totalFrames = totalFrames;
    // Callers start at different points of the recording, so their turns do not all end at once.
    this.firstFrame = (int) ((long) index * 7919 % audio.frames());
    this.streamSid = String.format(Locale.ROOT, "MZloadtest%08d", index);
  }

  /**
   * Opens the WebSocket; false, with the reason kept, if the server refused or is unreachable. A
   * browser caller offers the {@code parley} subprotocol and, when {@code token} is not empty, the
   * token as the subprotocol {@code parley.token.TOKEN}, as the browser page does: never in the
   * URL.
   */
  boolean connect(HttpClient client, URI uri, String token, long timeoutMillis)
      throws InterruptedException {
    try {
      WebSocket.Builder builder =
          client.newWebSocketBuilder().connectTimeout(java.time.Duration.ofMillis(timeoutMillis));
      if (transport == Transport.WS) {
        builder =
            token.isEmpty()
                ? builder.subprotocols("parley")
                : builder.subprotocols("parley", "parley.token." + token);
      }
      WebSocket ws = builder.buildAsync(uri, this).get(timeoutMillis, TimeUnit.MILLISECONDS);
      greet(ws);
      synchronized (this) {
        socket = ws;
        connectEnded = true;
      }
      return true;
    } catch (java.util.concurrent.ExecutionException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      if (cause instanceof WebSocketHandshakeException refused) {
        int status = refused.getResponse().statusCode();
        if (status == 503) {
          synchronized (this) {
            turnedAway = true;
          }
        }
        fail("refused: HTTP " + status);
      } else {
        fail("cannot connect: " + cause);
      }
    } catch (java.util.concurrent.TimeoutException e) {
      fail("no handshake within " + timeoutMillis + " ms");
    } catch (RuntimeException e) {
      fail("cannot start the call: " + e);
    }
    synchronized (this) {
      connectEnded = true;
    }
    closed.countDown();
    streamed.countDown();
    return false;
  }

  private void greet(WebSocket ws) {
    String hello =
        switch (transport) {
          case WS -> "{\"type\":\"start\",\"sample_rate\":16000}";
          case TWILIO -> "{\"event\":\"connected\",\"protocol\":\"Call\",\"version\":\"1.0.0\"}";
        };
    ws.sendText(hello, true).join();
    if (transport == Transport.TWILIO) {
      ws.sendText(
              "{\"event\":\"start\",\"sequenceNumber\":\"1\",\"start\":{\"accountSid\":\"ACloadtest\","
                  + "\"streamSid\":\""
                  + streamSid
                  + "\",\"callSid\":\"CAloadtest"
                  + index
                  + "\",\"tracks\":[\"inbound\"],\"mediaFormat\":{\"encoding\":\"audio/x-mulaw\","
                  + "\"sampleRate\":8000,\"channels\":1},\"customParameters\":{}},"
                  + "\"streamSid\":\""
                  + streamSid
                  + "\"}",
              true)
          .join();
    }
  }

  /**
   * The ticker's 20 ms beat: frames fall due one per tick from the tick the caller connected on.
   */
  void tick(long tick) {
    synchronized (this) {
      if (socket == null || failure != null || due >= totalFrames) {
        return;
      }
      if (firstTick < 0) {
        firstTick = tick;
      }
      due = (int) Math.min(totalFrames, tick - firstTick + 1);
      maxLagFrames = Math.max(maxLagFrames, due - sent - 1);
    }
    pump();
  }

  /** Whether admission turned this caller away (503): full or overloaded, not a failure. */
  synchronized boolean refused() {
    return turnedAway;
  }

  /** Whether the ticker has nothing left to do for this caller: all frames due, or it failed. */
  synchronized boolean allDue() {
    return connectEnded && (failure != null || due >= totalFrames);
  }

  /** Sends the next due frame if none is in flight; ends the call after the last one. */
  private void pump() {
    WebSocket ws;
    int frame;
    synchronized (this) {
      ws = socket;
      if (ws == null || inFlight || failure != null || finishing) {
        return;
      }
      if (sent == totalFrames) {
        streamed.countDown();
        if (!finishRequested) {
          return;
        }
        finishing = true;
      } else if (sent == due) {
        return;
      }
      inFlight = true;
      frame = sent;
    }
    CompletableFuture<WebSocket> send = frame == totalFrames ? finish(ws) : sendFrame(ws, frame);
    send.whenComplete(
        (w, error) -> {
          synchronized (this) {
            inFlight = false;
            if (error != null) {
              fail("send failed: " + error);
              return;
            }
            if (!finishing) {
              sent++;
            }
          }
          pump();
        });
  }

  private CompletableFuture<WebSocket> sendFrame(WebSocket ws, int n) {
    int f = (firstFrame + n) % audio.frames();
    return switch (transport) {
      case WS ->
          ws.sendBinary(
              ByteBuffer.wrap(
                  audio.pcm16le(), f * CallAudio.FRAME_SAMPLES * 2, CallAudio.FRAME_SAMPLES * 2),
              true);
      case TWILIO ->
          ws.sendText(
              "{\"event\":\"media\",\"sequenceNumber\":\""
                  + (n + 2)
                  + "\",\"media\":{\"track\":\"inbound\",\"chunk\":\""
                  + (n + 1)
                  + "\",\"timestamp\":\""
                  + n * 20L
                  + "\",\"payload\":\""
                  + audio.muLawBase64(f)
                  + "\"},\"streamSid\":\""
                  + streamSid
                  + "\"}",
              true);
    };
  }

  private CompletableFuture<WebSocket> finish(WebSocket ws) {
    CompletableFuture<WebSocket> stop =
        transport == Transport.TWILIO
            ? ws.sendText(
                "{\"event\":\"stop\",\"sequenceNumber\":\""
                    + (totalFrames + 2)
                    + "\",\"stop\":{\"accountSid\":\"ACloadtest\",\"callSid\":\"CAloadtest"
                    + index
                    + "\"},\"streamSid\":\""
                    + streamSid
                    + "\"}",
                true)
            : CompletableFuture.completedFuture(ws);
    return stop.thenCompose(w -> w.sendClose(WebSocket.NORMAL_CLOSURE, "done"));
  }

  /** Waits until every frame has been sent or the caller failed. */
  boolean awaitStreamed(long timeoutMillis) throws InterruptedException {
    return streamed.await(timeoutMillis, TimeUnit.MILLISECONDS);
  }

  /** Ends the call once every frame is sent: Twilio's {@code stop}, then a normal close. */
  void hangUp() {
    synchronized (this) {
      finishRequested = true;
    }
    pump();
  }

  /** Waits until the server has closed the connection after the caller's close. */
  boolean awaitClosed(long timeoutMillis) throws InterruptedException {
    return closed.await(timeoutMillis, TimeUnit.MILLISECONDS);
  }

  /** Drops the connection without a closing handshake. */
  void abort() {
    WebSocket ws;
    synchronized (this) {
      ws = socket;
    }
    if (ws != null) {
      ws.abort();
    }
    closed.countDown();
  }

  synchronized int framesSent() {
    return sent;
  }

  synchronized int maxLagFrames() {
    return maxLagFrames;
  }

  synchronized @Nullable String failure() {
    return failure;
  }

  long agentAudioBytes() {
    return agentAudioBytes;
  }

  int turnEnds() {
    return turnEnds;
  }

  int clears() {
    return clears;
  }

  int closeCode() {
    return closeCode;
  }

  private synchronized void fail(String reason) {
    if (failure == null) {
      failure = reason;
    }
    streamed.countDown();
  }

  // ---- WebSocket.Listener: the server's side ---------------------------------------------

  @Override
  public void onOpen(WebSocket webSocket) {
    webSocket.request(1);
  }

  @Override
  public @Nullable CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
    text.append(data);
    if (last) {
      String message = text.toString();
      text.setLength(0);
      if (message.contains("\"user_turn_end\"")) {
        turnEnds++;
      } else if (message.contains("\"clear\"")) {
        clears++;
      } else if (transport == Transport.TWILIO && message.contains("\"media\"")) {
        agentAudioBytes += message.length() * 3L / 4; // base64 μ-law, near enough
      }
    }
    webSocket.request(1);
    return null;
  }

  @Override
  public @Nullable CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
    agentAudioBytes += data.remaining();
    webSocket.request(1);
    return null;
  }

  @Override
  public @Nullable CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
    closeCode = statusCode;
    synchronized (this) {
      if (sent < totalFrames) {
        fail("closed by the server after " + sent + " frames: " + statusCode + " " + reason);
      }
    }
    closed.countDown();
    return null;
  }

  @Override
  public void onError(WebSocket webSocket, Throwable error) {
    fail("connection error: " + error);
    closed.countDown();
  }
}
