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
package dev.parley.speech.cloud;

import dev.parley.core.spi.ProviderException;
import dev.parley.core.spi.ProviderException.Kind;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpTimeoutException;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * One WebSocket connection to a speech service, turned into a queue of messages that the stream
 * using it drains on its own thread.
 *
 * <p>The JDK delivers messages on its own threads; they are queued here so a stream can hand
 * results to its listener from inside {@code push} and {@code flush}, on the session's worker
 * thread, as the SPIs ask. Sends block until written, at most {@code timeout}. A connection that
 * closes or fails is reported once as a {@link Message.Closed} and every later send throws a {@link
 * ProviderException} of kind {@code UNAVAILABLE}, so a fallback can take over. Used by one thread
 * at a time, apart from the JDK's delivery.
 */
final class CloudSocket implements AutoCloseable {
  /** What arrived on the connection. */
  sealed interface Message {
    /** A whole text message. */
    record Text(String text) implements Message {}

    /** A whole binary message. */
    record Binary(byte[] data) implements Message {}

    /** The connection ended: closed by the service, or failed. */
    record Closed(int code, String reason) implements Message {}
  }

  private static final long STEP_NANOS = Duration.ofMillis(50).toNanos();

  private final WebSocket socket;
  private final Duration timeout;
  private final String provider;
  private final LinkedBlockingQueue<Message> inbox;
  private volatile boolean ended;

  private CloudSocket(
      WebSocket socket, Duration timeout, String provider, LinkedBlockingQueue<Message> inbox) {
    this.socket = socket;
    this.timeout = timeout;
    this.provider = provider;
    this.inbox = inbox;
  }

  /**
   * Opens a connection with the given request headers.
   *
   * @throws ProviderException {@code FATAL} when the service refuses the key (401, 403), {@code
   *     REJECTED} for another 4xx, {@code TRANSIENT} for 429 and time-outs, {@code UNAVAILABLE}
   *     when it cannot be reached or answers 5xx
   * @throws InterruptedException if the caller was interrupted while connecting
   */
  static CloudSocket connect(
      HttpClient client, String provider, URI uri, Map<String, String> headers, Duration timeout)
      throws InterruptedException {
    LinkedBlockingQueue<Message> inbox = new LinkedBlockingQueue<>();
    Receiver receiver = new Receiver(inbox);
    WebSocket.Builder builder = client.newWebSocketBuilder().connectTimeout(timeout);
    headers.forEach(builder::header);
    CompletableFuture<WebSocket> connecting = builder.buildAsync(uri, receiver);
    try {
      WebSocket socket = connecting.get(timeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
      CloudSocket cloud = new CloudSocket(socket, timeout, provider, inbox);
      receiver.owner = cloud;
      return cloud;
    } catch (ExecutionException e) {
      throw failure(provider, "connecting to " + redact(uri), e.getCause());
    } catch (TimeoutException e) {
      connecting.cancel(true);
      throw new ProviderException(
          Kind.TRANSIENT, provider + ": no answer from " + redact(uri) + " within " + timeout, e);
    } catch (InterruptedException e) {
      connecting.cancel(true);
      throw e;
    }
  }

  /** Sends a text message and waits until it is written. */
  void sendText(String text) throws InterruptedException {
    await(socketOrThrow().sendText(text, true), "sending");
  }

  /** Sends a binary message and waits until it is written. */
  void sendBinary(ByteBuffer data) throws InterruptedException {
    await(socketOrThrow().sendBinary(data, true), "sending audio");
  }

  /** The next message without waiting, or null if none has arrived. */
  @Nullable Message poll() {
    return inbox.poll();
  }

  /** The next message, waiting up to {@code wait}; null if none came in time. */
  @Nullable Message poll(Duration wait) throws InterruptedException {
    return inbox.poll(wait.toNanos(), TimeUnit.NANOSECONDS);
  }

  /**
   * Hands every message that has arrived to {@code handler}, waiting up to {@code firstWait} for
   * the first one (not at all when null).
   */
  void drain(@Nullable Duration firstWait, Consumer<Message> handler) throws InterruptedException {
    Message message = firstWait == null ? poll() : poll(firstWait);
    while (message != null) {
      handler.accept(message);
      message = poll();
    }
  }

  /**
   * Hands messages to {@code handler} as they arrive until {@code settled} says so or {@code
   * limitNanos} have passed: a stream's bounded wait for its provider's end of an utterance or
   * reply.
   */
  void drainUntil(BooleanSupplier settled, long limitNanos, Consumer<Message> handler)
      throws InterruptedException {
    for (long waited = 0; !settled.getAsBoolean() && waited < limitNanos; ) {
      long step = Math.min(limitNanos - waited, STEP_NANOS);
      drain(Duration.ofNanos(step), handler);
      waited += step;
    }
  }

  /** Whether the connection has ended. */
  boolean ended() {
    return ended;
  }

  /** Closes the connection politely; idempotent, never throws. */
  @Override
  public void close() {
    if (!socket.isOutputClosed()) {
      socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").exceptionally(e -> null);
    }
    socket.abort();
    ended = true;
  }

  private WebSocket socketOrThrow() {
    if (ended || socket.isOutputClosed()) {
      throw new ProviderException(Kind.UNAVAILABLE, provider + ": the connection has closed");
    }
    return socket;
  }

  private void await(CompletableFuture<WebSocket> sending, String what)
      throws InterruptedException {
    try {
      sending.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      ended = true;
      throw failure(provider, what, e.getCause());
    } catch (TimeoutException e) {
      ended = true;
      socket.abort();
      throw new ProviderException(
          Kind.UNAVAILABLE, provider + ": " + what + " took longer than " + timeout, e);
    }
  }

  static ProviderException failure(String provider, String what, @Nullable Throwable cause) {
    if (cause instanceof ProviderException provided) {
      return provided;
    }
    if (cause instanceof WebSocketHandshakeException handshake) {
      int status = handshake.getResponse().statusCode();
      return new ProviderException(
          Http.kindOf(status), provider + ": " + what + " was refused with HTTP " + status, cause);
    }
    if (cause instanceof HttpTimeoutException) {
      return new ProviderException(Kind.TRANSIENT, provider + ": " + what + " timed out", cause);
    }
    if (cause instanceof ConnectException || cause instanceof IOException) {
      return new ProviderException(
          Kind.UNAVAILABLE, provider + ": " + what + " failed: " + cause.getMessage(), cause);
    }
    return new ProviderException(
        Kind.UNAVAILABLE, provider + ": " + what + " failed: " + cause, cause);
  }

  /** The address without its query, which may carry a key. */
  static String redact(URI uri) {
    return uri.getScheme() + "://" + uri.getAuthority() + uri.getPath();
  }

  /** Collects fragments into whole messages and queues them; runs on the JDK's threads. */
  private static final class Receiver implements WebSocket.Listener {
    private final LinkedBlockingQueue<Message> inbox;
    private final StringBuilder text = new StringBuilder();
    private final java.io.ByteArrayOutputStream binary = new java.io.ByteArrayOutputStream();
    private volatile @Nullable CloudSocket owner;

    Receiver(LinkedBlockingQueue<Message> inbox) {
      this.inbox = inbox;
    }

    @Override
    public @Nullable CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
      text.append(data);
      if (last) {
        inbox.add(new Message.Text(text.toString()));
        text.setLength(0);
      }
      socket.request(1);
      return null;
    }

    @Override
    public @Nullable CompletionStage<?> onBinary(WebSocket socket, ByteBuffer data, boolean last) {
      byte[] bytes = new byte[data.remaining()];
      data.get(bytes);
      binary.write(bytes, 0, bytes.length);
      if (last) {
        inbox.add(new Message.Binary(binary.toByteArray()));
        binary.reset();
      }
      socket.request(1);
      return null;
    }

    @Override
    public @Nullable CompletionStage<?> onClose(WebSocket socket, int code, String reason) {
      end();
      inbox.add(new Message.Closed(code, reason));
      return null;
    }

    @Override
    public void onError(WebSocket socket, Throwable error) {
      end();
      inbox.add(new Message.Closed(1006, String.valueOf(error.getMessage())));
    }

    private void end() {
      CloudSocket cloud = owner;
      if (cloud != null) {
        cloud.ended = true;
      }
    }
  }
}
