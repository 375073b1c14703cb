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

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/** A WebSocket test client on the JDK's HTTP client: keeps every text message and counts audio. */
final class WsClient implements WebSocket.Listener, AutoCloseable {
  final LinkedBlockingQueue<String> texts = new LinkedBlockingQueue<>();
  final List<String> seen = new CopyOnWriteArrayList<>();
  final AtomicLong audioBytes = new AtomicLong();
  final CompletableFuture<Integer> closed = new CompletableFuture<>();
  private final StringBuilder partial = new StringBuilder();
  final WebSocket socket;

  private WsClient(URI uri, HttpClient http, boolean read) throws Exception {
    this(uri, http, read, java.util.Map.of(), List.of());
  }

  private WsClient(
      URI uri,
      HttpClient http,
      boolean read,
      java.util.Map<String, String> headers,
      List<String> subprotocols)
      throws Exception {
    WebSocket.Builder builder = http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5));
    headers.forEach(builder::header);
    if (!subprotocols.isEmpty()) {
      builder.subprotocols(
          subprotocols.getFirst(),
          subprotocols.subList(1, subprotocols.size()).toArray(String[]::new));
    }
    this.socket = builder.buildAsync(uri, this).get(10, TimeUnit.SECONDS);
    if (!read) {
      // a slow reader: never asks for more than the first message
    }
  }

  static WsClient connect(URI uri) throws Exception {
    return new WsClient(uri, HTTP, true);
  }

  /** Connects with extra headers ({@code Origin}) and subprotocols, as a browser would. */
  static WsClient connect(URI uri, java.util.Map<String, String> headers, List<String> protocols)
      throws Exception {
    return new WsClient(uri, HTTP, true, headers, protocols);
  }

  static final HttpClient HTTP = HttpClient.newHttpClient();

  @Override
  public void onOpen(WebSocket webSocket) {
    webSocket.request(Long.MAX_VALUE);
  }

  @Override
  public @Nullable CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
    partial.append(data);
    if (last) {
      String text = partial.toString();
      partial.setLength(0);
      texts.add(text);
      seen.add(text);
    }
    return null;
  }

  @Override
  public @Nullable CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
    audioBytes.addAndGet(data.remaining());
    return null;
  }

  @Override
  public @Nullable CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
    closed.complete(statusCode);
    return null;
  }

  @Override
  public void onError(WebSocket webSocket, Throwable error) {
    closed.complete(-1);
  }

  /** Waits for a text message matching {@code test}; fails after {@code seconds}. */
  String await(Predicate<String> test, long seconds) throws InterruptedException {
    long waitedMillis = 0;
    while (waitedMillis < seconds * 1000) {
      String next = texts.poll(100, TimeUnit.MILLISECONDS);
      waitedMillis += 100;
      if (next != null && test.test(next)) {
        return next;
      }
    }
    throw new AssertionError("no matching message in " + seconds + " s; seen: " + seen);
  }

  String awaitType(String type, long seconds) throws InterruptedException {
    return await(t -> t.contains("\"type\":\"" + type + "\""), seconds);
  }

  void sendAudio(short[] samples, int offset, int length) {
    ByteBuffer bytes = ByteBuffer.allocate(length * 2).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < length; i++) {
      bytes.putShort(samples[offset + i]);
    }
    bytes.flip();
    socket.sendBinary(bytes, true).join();
  }

  void sendBinary(byte[] data) {
    socket.sendBinary(ByteBuffer.wrap(data), true).join();
  }

  void sendText(String text) {
    socket.sendText(text, true).join();
  }

  int awaitClose(long seconds) throws Exception {
    return closed.get(seconds, TimeUnit.SECONDS);
  }

  @Override
  public void close() {
    socket.abort();
  }
}
