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

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

/** Issue 17 item 5: the endpoints as an attacker on the network or in a browser finds them. */
class EndpointSecurityTest {
  private static final String BEARER = "a-bearer-secret-of-some-length";

  /** The status line of a raw HTTP request, for headers the JDK client will not set (Host). */
  static String rawStatus(int port, String request) throws Exception {
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
      socket.setSoTimeout(5_000);
      OutputStream out = socket.getOutputStream();
      out.write(request.getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      StringBuilder line = new StringBuilder();
      for (int c = in.read(); c >= 0 && c != '\n'; c = in.read()) {
        line.append((char) c);
      }
      return line.toString().strip(); // the status line: enough, and no wait for a kept-alive end
    }
  }

  private static String upgrade(String path, String host, String origin) {
    return "GET "
        + path
        + " HTTP/1.1\r\nHost: "
        + host
        + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
        + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
        + (origin.isEmpty() ? "" : "Origin: " + origin + "\r\n")
        + "\r\n";
  }

  private static int refusal(ThrowingConnect connect) {
    try {
      connect.run().close();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof WebSocketHandshakeException h) {
        return h.getResponse().statusCode();
      }
      throw new AssertionError(e);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
    return 101;
  }

  @FunctionalInterface
  interface ThrowingConnect {
    AutoCloseable run() throws Exception;
  }

  @Test
  void aRebindedNameIsRefusedOnLoopback() throws Exception {
    try (ParleyServer server = Fixtures.server(Fixtures.config().build())) {
      String page = rawStatus(server.port(), "GET / HTTP/1.1\r\nHost: evil.example:8080\r\n\r\n");
      assertThat(page).startsWith("HTTP/1.1 421");
      String ws =
          rawStatus(
              server.port(),
              upgrade("/ws", "evil.example:" + server.port(), "http://evil.example"));
      assertThat(ws).startsWith("HTTP/1.1 403"); // the upgrade is refused, the rebinding fails
      String ok = rawStatus(server.port(), "GET / HTTP/1.1\r\nHost: localhost\r\n\r\n");
      assertThat(ok).startsWith("HTTP/1.1 200");
    }
  }

  @Test
  void aForeignOriginIsRefusedOnLoopbackToo() throws Exception {
    try (ParleyServer server = Fixtures.server(Fixtures.config().build())) {
      URI ws = ServerTest.ws(server, "/ws");
      assertThat(
              refusal(
                  () -> WsClient.connect(ws, Map.of("Origin", "https://evil.example"), List.of())))
          .isEqualTo(403);
      try (WsClient own =
          WsClient.connect(
              ws, Map.of("Origin", "http://127.0.0.1:" + server.port()), List.of("parley"))) {
        assertThat(own.awaitType("session", 5)).contains("\"id\"");
        assertThat(own.socket.getSubprotocol()).isEqualTo("parley");
      }
      assertThat(server.metrics().scrape())
          .contains("parley_sessions_rejected_total{reason=\"forbidden\"} 1.0");
    }
  }

  @Test
  void offLoopbackABrowserNeedsASingleUseTokenInTheSubprotocolNeverTheUrl() throws Exception {
    ServerConfig config =
        Fixtures.config()
            .bind("0.0.0.0")
            .allowedHosts(List.of("127.0.0.1"))
            .tokenSecret(BEARER)
            .build();
    try (ParleyServer server = Fixtures.server(config)) {
      URI ws = ServerTest.ws(server, "/ws");
      assertThat(refusal(() -> WsClient.connect(ws))).as("no token").isEqualTo(401);
      String token = mint(server);
      assertThat(refusal(() -> WsClient.connect(URI.create(ws + "?token=" + token))))
          .as("a token in the URL")
          .isEqualTo(401);
      try (WsClient call =
          WsClient.connect(ws, Map.of(), List.of("parley", Gate.TOKEN_PREFIX + token))) {
        assertThat(call.awaitType("session", 5)).contains("\"id\"");
      }
      assertThat(
              refusal(
                  () ->
                      WsClient.connect(ws, Map.of(), List.of("parley", Gate.TOKEN_PREFIX + token))))
          .as("the same token again")
          .isEqualTo(401);
      String revoked = mint(server);
      HttpResponse<String> revoke =
          WsClient.HTTP.send(
              HttpRequest.newBuilder(server.uri().resolve("/token/revoke"))
                  .header("Authorization", "Bearer " + BEARER)
                  .POST(HttpRequest.BodyPublishers.ofString(revoked))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(revoke.statusCode()).isEqualTo(200);
      assertThat(
              refusal(
                  () ->
                      WsClient.connect(
                          ws, Map.of(), List.of("parley", Gate.TOKEN_PREFIX + revoked))))
          .as("a revoked token")
          .isEqualTo(401);
      assertThat(server.metrics().scrape())
          .contains("parley_sessions_rejected_total{reason=\"unauthorised\"} 4.0");
    }
  }

  @Test
  void offLoopbackATelnyxStreamNeedsItsToken() throws Exception {
    ServerConfig config =
        Fixtures.config()
            .bind("0.0.0.0")
            .allowedHosts(List.of("127.0.0.1"))
            .tokenSecret(BEARER)
            .build();
    try (ParleyServer server = Fixtures.server(config)) {
      assertThatThrownBy(() -> MediaStreamClient.connect(server, MediaStreamClient.Provider.TELNYX))
          .isInstanceOf(ExecutionException.class)
          .cause()
          .isInstanceOfSatisfying(
              WebSocketHandshakeException.class,
              e -> assertThat(e.getResponse().statusCode()).isEqualTo(401));
      String token = server.tokens().mint(Tokens.DEFAULT_TTL);
      try (MediaStreamClient telnyx =
          MediaStreamClient.connect(
              server,
              MediaStreamClient.Provider.TELNYX,
              java.time.Duration.ofMillis(60),
              Map.of("Authorization", "Bearer " + token))) {
        telnyx.begin();
        telnyx.stop();
        assertThat(telnyx.awaitClose(5)).isEqualTo(CloseCodes.NORMAL);
      }
    }
  }

  @Test
  void managementLivesOnItsOwnPortAndNothingNamesTheServer() throws Exception {
    try (ParleyServer server = Fixtures.server(Fixtures.config().demoPage(false).build())) {
      assertThat(server.managementPort()).isNotEqualTo(server.port());
      assertThat(ServerTest.get(server.uri().resolve("/metrics")).statusCode()).isEqualTo(404);
      assertThat(ServerTest.get(server.uri().resolve("/health")).statusCode()).isEqualTo(404);
      HttpResponse<String> metrics = ServerTest.get(server.managementUri().resolve("/metrics"));
      assertThat(metrics.statusCode()).isEqualTo(200);
      assertThat(metrics.headers().firstValue("Server")).isEmpty();
      assertThat(ServerTest.get(server.managementUri().resolve("/ws")).statusCode()).isEqualTo(404);
      HttpResponse<String> page = ServerTest.get(server.uri().resolve("/"));
      assertThat(page.statusCode()).as("--no-demo-page").isEqualTo(404);
      assertThat(page.headers().firstValue("Server")).isEmpty();
    }
  }

  @Test
  void anAudioSocketPeerOffTheAllowListIsClosedAtOnceAndCounted() throws Exception {
    try (ParleyServer server =
        Fixtures.server(
            Fixtures.config()
                .audioSocketPort(0)
                .audioSocketAllow(List.of("192.0.2.0/24"))
                .build())) {
      try (AudioSocketClient client = AudioSocketClient.connect(server.audioSocketPort())) {
        try {
          client.sendUuid();
        } catch (java.io.IOException closedFirst) {
          // closed before the UUID could be sent: what closing at once means
        }
        assertThat(client.awaitClosed(5)).isEqualTo(-1);
      }
      MediaStreamCallTest.eventually(
          "the refusal counted",
          () ->
              server
                  .metrics()
                  .scrape()
                  .contains("parley_sessions_rejected_total{reason=\"forbidden\"} 1.0"),
          java.time.Duration.ofSeconds(5));
      assertThat(server.host().active()).isZero();
    }
  }

  @Test
  void openEndpointsOffLoopbackAreWarnedAbout() {
    ServerConfig open = Fixtures.config().bind("0.0.0.0").audioSocketPort(0).build();
    assertThat(String.join("\n", Gate.warnings(open)))
        .contains("/twilio on 0.0.0.0", "AudioSocket on 0.0.0.0", "any Host name");
    assertThat(Gate.warnings(Fixtures.config().build())).isEmpty();
  }

  private static String mint(ParleyServer server) throws Exception {
    HttpResponse<String> r =
        WsClient.HTTP.send(
            HttpRequest.newBuilder(server.uri().resolve("/token"))
                .header("Authorization", "Bearer " + BEARER)
                .POST(HttpRequest.BodyPublishers.noBody())
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).contains("\"expiresInSeconds\":60");
    return r.body().replaceAll(".*\"token\":\"([^\"]+)\".*", "$1");
  }
}
