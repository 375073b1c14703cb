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

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ContextHandler;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.server.WebSocketUpgradeHandler;
import org.jspecify.annotations.Nullable;

/**
 * A loopback fake of a cloud speech service: a real Jetty server that checks the key where the
 * provider documents it (401 otherwise), records each handshake, and hands WebSocket messages or
 * HTTP requests to a provider-specific script. For tests only.
 */
public final class FakeSpeechServer implements AutoCloseable {
  /** What a client sent to open a connection or make a request. */
  record Handshake(String path, Map<String, List<String>> query, Map<String, String> headers) {
    String param(String name) {
      List<String> values = query.getOrDefault(name, List.of());
      return values.isEmpty() ? "" : values.getFirst();
    }
  }

  /** One WebSocket connection's script. */
  interface Script {
    default void opened(Session session) {}

    void text(Session session, String text);

    default void binary(Session session, byte[] data) {}
  }

  /** One HTTP answer: a status, a content type, and a body sent as the given chunks. */
  record Answer(int status, String contentType, List<byte[]> chunks) {
    static Answer text(int status, String contentType, String body) {
      return new Answer(status, contentType, List.of(body.getBytes(StandardCharsets.UTF_8)));
    }
  }

  /** Answers HTTP requests. */
  interface HttpScript {
    Answer answer(Handshake handshake, byte[] body);
  }

  private final Server jetty = new Server();
  private final ServerConnector connector = new ServerConnector(jetty);
  private final List<Handshake> handshakes = new CopyOnWriteArrayList<>();
  private final String scheme;

  private FakeSpeechServer(String scheme) {
    this.scheme = scheme;
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    jetty.addConnector(connector);
  }

  /**
   * A WebSocket service that asks for no key (a self-hosted model server) and runs {@code scripts}.
   */
  static FakeSpeechServer websocket(Function<Handshake, Script> scripts) {
    return websocket("", null, scripts);
  }

  /** A WebSocket service that wants {@code keyHeader: keyValue} and runs {@code scripts}. */
  static FakeSpeechServer websocket(
      String keyHeader, @Nullable String keyValue, Function<Handshake, Script> scripts) {
    FakeSpeechServer fake = new FakeSpeechServer("ws");
    ContextHandler context = new ContextHandler("/");
    WebSocketUpgradeHandler upgrades =
        WebSocketUpgradeHandler.from(
            fake.jetty,
            context,
            container -> {
              container.setIdleTimeout(Duration.ofSeconds(30));
              container.addMapping(
                  "/*",
                  (request, response, callback) -> {
                    Handshake handshake = handshake(request);
                    fake.handshakes.add(handshake);
                    if (keyValue != null && !keyValue.equals(request.getHeaders().get(keyHeader))) {
                      Response.writeError(request, response, callback, 401, "bad key");
                      return null;
                    }
                    return new Connection(scripts.apply(handshake));
                  });
            });
    context.setHandler(upgrades);
    fake.jetty.setHandler(context);
    fake.start();
    return fake;
  }

  /** An HTTP service that wants {@code keyHeader: keyValue} and answers with {@code script}. */
  static FakeSpeechServer http(String keyHeader, String keyValue, HttpScript script) {
    FakeSpeechServer fake = new FakeSpeechServer("http");
    fake.jetty.setHandler(
        new Handler.Abstract() {
          @Override
          public boolean handle(Request request, Response response, Callback callback)
              throws IOException {
            Handshake handshake = handshake(request);
            fake.handshakes.add(handshake);
            if (!keyValue.equals(request.getHeaders().get(keyHeader))) {
              Response.writeError(request, response, callback, 401, "bad key");
              return true;
            }
            byte[] body = Content.Source.asByteBuffer(request).array();
            Answer answer = script.answer(handshake, body);
            response.setStatus(answer.status());
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, answer.contentType());
            try (var out = Content.Sink.asOutputStream(response)) {
              for (byte[] chunk : answer.chunks()) {
                out.write(chunk);
                out.flush();
              }
            }
            callback.succeeded();
            return true;
          }
        });
    fake.start();
    return fake;
  }

  private void start() {
    try {
      jetty.start();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static Handshake handshake(Request request) {
    Map<String, List<String>> query = new TreeMap<>();
    Fields fields = Request.extractQueryParameters(request);
    for (Fields.Field field : fields) {
      query.put(field.getName(), field.getValues());
    }
    Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    for (HttpField field : request.getHeaders()) {
      headers.put(field.getName(), field.getValue());
    }
    return new Handshake(request.getHttpURI().getPath(), query, headers);
  }

  public URI uri() {
    return URI.create(scheme + "://127.0.0.1:" + connector.getLocalPort());
  }

  List<Handshake> handshakes() {
    return List.copyOf(handshakes);
  }

  @Override
  public void close() {
    try {
      jetty.stop();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static void send(Session session, String text) {
    session.sendText(text, org.eclipse.jetty.websocket.api.Callback.NOOP);
  }

  public static final class Connection implements Session.Listener.AutoDemanding {
    private final Script script;
    private @Nullable Session session;

    Connection(Script script) {
      this.script = script;
    }

    @Override
    public void onWebSocketOpen(Session opened) {
      session = opened;
      script.opened(opened);
    }

    @Override
    public void onWebSocketText(String message) {
      Session s = session;
      if (s != null) {
        script.text(s, message);
      }
    }

    @Override
    public void onWebSocketBinary(
        ByteBuffer payload, org.eclipse.jetty.websocket.api.Callback callback) {
      byte[] data = new byte[payload.remaining()];
      payload.get(data);
      callback.succeed();
      Session s = session;
      if (s != null) {
        script.binary(s, data);
      }
    }
  }

  static UncheckedIOException unchecked(IOException e) {
    return new UncheckedIOException(e);
  }
}
