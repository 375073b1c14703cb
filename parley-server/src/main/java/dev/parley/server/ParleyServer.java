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

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parley.core.clock.MediaClock;
import dev.parley.core.clock.WallClock;
import dev.parley.core.session.Components;
import dev.parley.core.session.SessionConfig;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import java.util.function.Function;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ContextHandler;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.websocket.server.ServerUpgradeRequest;
import org.eclipse.jetty.websocket.server.ServerUpgradeResponse;
import org.eclipse.jetty.websocket.server.ServerWebSocketContainer;
import org.eclipse.jetty.websocket.server.WebSocketUpgradeHandler;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Parley server: Jetty 12 with handlers on virtual threads, serving
 *
 * <pre>
 *   call port                                     management port (loopback by default)
 *   GET  /          the browser demo page         GET /health   liveness
 *   GET  /ws        browser calls (WebSocket)     GET /ready    readiness (503 draining, full
 *   GET  /twilio    Twilio Media Streams                        or overloaded)
 *   GET  /telnyx    Telnyx media streaming        GET /metrics  Prometheus text
 *   POST /token     mints a call token (bearer)
 *   POST /token/revoke  revokes one (bearer)
 *   TCP  audiosocket port: Asterisk AudioSocket (see {@link #audioSocketPort()})
 * </pre>
 *
 * <p>The management endpoints run on a Jetty of their own with a few platform threads: calls keep
 * the virtual threads' carriers busy, and a probe must not queue behind them (see {@code
 * docs/security.md} and {@code docs/deploy.md}). The call port checks the {@code Host} (DNS
 * rebinding) and, on {@code /ws}, the {@code Origin} and a single-use token carried in {@code
 * Sec-WebSocket-Protocol}, never in the URL; no {@code Server} header is sent.
 *
 * <p>Every call runs on its own session loop ({@link CallHost}); the shared {@link Components} are
 * loaded once per process. {@link #drain()} starts a graceful drain (also on SIGTERM when {@link
 * #drainOnShutdown()} was called). Thread-safe.
 */
public final class ParleyServer implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Logger LOG = LoggerFactory.getLogger(ParleyServer.class);

  /** Threads serving the management port: probes and scrapes are few and quick. */
  static final int MANAGEMENT_THREADS = 4;

  private final ServerConfig config;
  private final MediaClock clock;
  private final CallHost host;
  private final Server jetty;
  private final ServerConnector connector;
  private final @Nullable Server management;
  private final @Nullable ServerConnector managementConnector;
  private final Tokens tokens;
  private final Gate gate;
  private final @Nullable TwilioSignature twilio;
  private volatile @Nullable AudioSocketServer audioSocket;

  private ParleyServer(
      ServerConfig config,
      Components components,
      SessionConfig sessionConfig,
      MediaClock clock,
      WallClock wallClock,
      Observability observability,
      Consumer<ServerMetrics> meters) {
    this.config = config;
    this.clock = clock;
    this.host =
        new CallHost(config, components, sessionConfig, clock, wallClock, observability, meters);
    this.tokens =
        config
            .tokenSigningKey()
            .map(key -> new Tokens(key, wallClock))
            .orElseGet(() -> Tokens.randomKey(wallClock));
    this.gate = new Gate(config, tokens);
    this.twilio = config.twilioAuthToken().map(TwilioSignature::new).orElse(null);

    QueuedThreadPool threads = new QueuedThreadPool();
    threads.setName("parley-http");
    threads.setVirtualThreadsExecutor(Executors.newVirtualThreadPerTaskExecutor());
    this.jetty = new Server(threads);
    this.connector = new ServerConnector(jetty, quietHttp());
    connector.setHost(config.bind());
    connector.setPort(config.port());
    jetty.addConnector(connector);

    if (config.separateManagement()) {
      // Platform threads, few and fixed: the OS schedules them whatever the calls' carriers do.
      QueuedThreadPool few = new QueuedThreadPool(MANAGEMENT_THREADS, 2);
      few.setName("parley-management");
      this.management = new Server(few);
      this.managementConnector = new ServerConnector(management, 1, 1, quietHttp());
      managementConnector.setHost(config.managementBind());
      managementConnector.setPort(config.managementPort());
      management.addConnector(managementConnector);
      management.setHandler(new Management());
      management.setStopTimeout(500);
    } else {
      this.management = null;
      this.managementConnector = null;
    }

    ContextHandler context = new ContextHandler("/");
    WebSocketUpgradeHandler upgrades =
        WebSocketUpgradeHandler.from(jetty, context, this::configureWebSockets);
    upgrades.setHandler(new Pages());
    context.setHandler(upgrades);
    jetty.setHandler(context);
    jetty.setStopTimeout(1_000);
  }

  /** Starts a server; port 0 in the configuration picks a free port (see {@link #port()}). */
  public static ParleyServer start(
      ServerConfig config,
      Components components,
      SessionConfig sessionConfig,
      MediaClock clock,
      WallClock wallClock,
      Consumer<ServerMetrics> meters)
      throws IOException {
    return start(
        config, components, sessionConfig, clock, wallClock, Observability.defaults(), meters);
  }

  /**
   * Starts a server whose calls are observed as {@code observability} says: an application's own
   * meter registry, OpenTelemetry traces, recordings.
   */
  public static ParleyServer start(
      ServerConfig config,
      Components components,
      SessionConfig sessionConfig,
      MediaClock clock,
      WallClock wallClock,
      Observability observability,
      Consumer<ServerMetrics> meters)
      throws IOException {
    ParleyServer server;
    try {
      server =
          new ParleyServer(
              config, components, sessionConfig, clock, wallClock, observability, meters);
    } catch (java.io.UncheckedIOException e) {
      throw e.getCause();
    }
    try {
      Server management = server.management;
      if (management != null) {
        management.start();
      }
      server.jetty.start();
      for (String warning : Gate.warnings(config)) {
        LOG.warn(warning);
      }
      if (config.audioSocketPort() >= 0) {
        server.audioSocket =
            AudioSocketServer.start(
                config.bind(),
                config.audioSocketPort(),
                server.host,
                clock,
                AudioSocketServer.Timeouts.defaults());
      }
    } catch (IOException e) {
      server.close();
      throw e;
    } catch (Exception e) {
      server.close();
      throw new IOException("cannot start the server: " + e.getMessage(), e);
    }
    return server;
  }

  /** The HTTP port the server listens on. */
  public int port() {
    return connector.getLocalPort();
  }

  /** The management port ({@code /health}, {@code /ready}, {@code /metrics}), or the call port. */
  public int managementPort() {
    ServerConnector m = managementConnector;
    return m == null ? port() : m.getLocalPort();
  }

  /** The base URL of the management endpoints, as a local client reaches them. */
  public URI managementUri() {
    ServerConnector m = managementConnector;
    if (m == null) {
      return uri();
    }
    String h =
        config.managementBind().contains(":")
            ? "[" + config.managementBind() + "]"
            : config.managementBind();
    if (h.equals("0.0.0.0") || h.equals("[::]")) {
      h = "127.0.0.1";
    }
    return URI.create("http://" + h + ":" + m.getLocalPort() + "/");
  }

  /** The call tokens this server accepts: mint one for a browser or a Telnyx stream. */
  public Tokens tokens() {
    return tokens;
  }

  /** The Asterisk AudioSocket TCP port the server listens on, or -1 when it has none. */
  public int audioSocketPort() {
    AudioSocketServer a = audioSocket;
    return a == null ? -1 : a.port();
  }

  /** The AudioSocket listener, for tests; null when the server has none. */
  @Nullable AudioSocketServer audioSocketServer() {
    return audioSocket;
  }

  /** The base URL of the server, as a local client reaches it. */
  public URI uri() {
    String h = config.bind().contains(":") ? "[" + config.bind() + "]" : config.bind();
    if (h.equals("0.0.0.0") || h.equals("[::]")) {
      h = "127.0.0.1";
    }
    return URI.create("http://" + h + ":" + port() + "/");
  }

  /** The calls and their admission. */
  public CallHost host() {
    return host;
  }

  /** The meters behind {@code /metrics}; add your own to its registry. */
  public ServerMetrics metrics() {
    return host.metrics();
  }

  /** Starts a graceful drain: see {@link CallHost#drain()}. Returns at once. */
  public void drain() {
    host.drain();
  }

  /**
   * Makes SIGTERM (and any JVM shutdown) drain: readiness goes false at once, calls get the grace
   * period to finish, then the server stops.
   */
  public void drainOnShutdown() {
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  host.drain();
                  try {
                    host.awaitIdle(config.drainGrace().plusSeconds(5));
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                  close();
                },
                "parley-shutdown"));
  }

  /** Waits until the server stops (after {@link #close()}). */
  public void join() throws InterruptedException {
    jetty.join();
  }

  @Override
  public void close() {
    host.drainNow();
    try {
      host.awaitIdle(Duration.ofSeconds(5));
      jetty.stop();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      // stopping is best effort: the process is going away
    } finally {
      AudioSocketServer a = audioSocket;
      if (a != null) {
        a.close();
      }
      Server m = management;
      if (m != null) {
        try {
          m.stop();
        } catch (Exception e) {
          LOG.debug("stopping the management port", e);
        }
      }
      host.close();
    }
  }

  /** HTTP without a {@code Server} header: a version tells an attacker which exploits to try. */
  private static HttpConnectionFactory quietHttp() {
    HttpConfiguration http = new HttpConfiguration();
    http.setSendServerVersion(false);
    http.setSendXPoweredBy(false);
    return new HttpConnectionFactory(http);
  }

  // ---- WebSockets -------------------------------------------------------------------------

  private void configureWebSockets(ServerWebSocketContainer container) {
    container.setMaxBinaryMessageSize(config.maxMessageBytes());
    container.setMaxTextMessageSize(config.maxMessageBytes());
    container.setIdleTimeout(Duration.ofSeconds(60));
    container.addMapping("/ws", this::browser);
    container.addMapping(
        "/twilio", (rq, rs, cb) -> mediaStream(MediaStreamDialect.TWILIO, rq, rs, cb));
    container.addMapping(
        "/telnyx", (rq, rs, cb) -> mediaStream(MediaStreamDialect.TELNYX, rq, rs, cb));
  }

  private @Nullable Object mediaStream(
      MediaStreamDialect dialect,
      ServerUpgradeRequest request,
      ServerUpgradeResponse response,
      Callback callback) {
    TwilioSignature signature = twilio;
    Gate.Verdict verdict =
        dialect == MediaStreamDialect.TWILIO
            ? (signature != null
                ? Gate.Verdict.of(
                    CallHost.Refusal.UNAUTHORISED, signature.problem(request, config.publicUrl()))
                : gate.hostOnly(request))
            : gate.telnyx(request);
    return admit(
        dialect.transport(),
        verdict,
        request,
        response,
        callback,
        slot ->
            new MediaStreamSocket(
                slot,
                dialect,
                host.metrics(),
                clock,
                config.maxMessagesPerSecond(),
                host.load()::lagNanos));
  }

  private @Nullable Object browser(
      ServerUpgradeRequest request, ServerUpgradeResponse response, Callback callback) {
    Gate.Verdict verdict = gate.browser(request);
    if (verdict.allowed() && request.hasSubProtocol(Gate.SUBPROTOCOL)) {
      // A browser that offered subprotocols fails the connection unless one is selected.
      response.setAcceptedSubProtocol(Gate.SUBPROTOCOL);
    }
    return admit(
        "ws",
        verdict,
        request,
        response,
        callback,
        slot ->
            new BrowserSocket(slot, clock, config.maxMessagesPerSecond(), host.load()::lagNanos));
  }

  /**
   * The WebSocket for an upgrade, or null once the upgrade is answered with an HTTP error: the
   * gate's refusal (401 or 403), or 503 with {@code Retry-After} when the server is full,
   * overloaded or draining, so a carrier's stream fails at once and its call flow can go on (Twilio
   * runs the next TwiML verb, a message or a transfer). Every refusal is logged with a call id and
   * counted.
   */
  private @Nullable Object admit(
      String transport,
      Gate.Verdict verdict,
      ServerUpgradeRequest request,
      ServerUpgradeResponse response,
      Callback callback,
      Function<CallHost.Slot, Object> socket) {
    String peer = Request.getRemoteAddr(request);
    CallHost.Admission admission =
        verdict.allowed()
            ? host.admit(transport, peer)
            : host.refuse(verdict.reason(), verdict.detail(), transport, peer);
    return switch (admission) {
      case CallHost.Admitted a -> socket.apply(a.slot());
      case CallHost.Refused r -> {
        if (r.reason().httpStatus() == 503) {
          response.getHeaders().put(HttpHeader.RETRY_AFTER, "5");
        }
        response.setStatus(r.reason().httpStatus());
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.write(
            true,
            ByteBuffer.wrap(
                JSON.createObjectNode()
                    .put("error", r.detail())
                    .put("reason", r.reason().tag())
                    .put("call_id", r.callId())
                    .toString()
                    .getBytes(StandardCharsets.UTF_8)),
            callback);
        yield null;
      }
    };
  }

  // ---- plain HTTP -------------------------------------------------------------------------

  /** {@code /health}, {@code /ready} and {@code /metrics}: quick, and nothing else. */
  private final class Management extends Handler.Abstract {
    @Override
    public boolean handle(Request request, Response response, Callback callback) {
      String path = Request.getPathInContext(request);
      if (!management(path, response, callback)) {
        write(response, callback, 404, "application/json", "{\"error\":\"not found\"}");
      }
      return true;
    }
  }

  /** Answers a management path; false if {@code path} is none. */
  private boolean management(String path, Response response, Callback callback) {
    switch (path) {
      case "/health" -> write(response, callback, 200, "application/json", "{\"status\":\"up\"}");
      case "/ready" -> {
        boolean ready = host.ready();
        write(
            response,
            callback,
            ready ? 200 : 503,
            "application/json",
            JSON.createObjectNode()
                .put("status", ready ? "ready" : host.draining() ? "draining" : "busy")
                .put("sessions", host.active())
                .put("reason", host.notReadyBecause())
                .toString());
      }
      case "/metrics" ->
          write(
              response,
              callback,
              200,
              "text/plain; version=0.0.4; charset=utf-8",
              host.metrics().scrape());
      default -> {
        return false;
      }
    }
    return true;
  }

  private static void write(
      Response response, Callback callback, int status, String type, String body) {
    response.setStatus(status);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, type);
    response.write(true, ByteBuffer.wrap(body.getBytes(StandardCharsets.UTF_8)), callback);
  }

  private final class Pages extends Handler.Abstract {
    @Override
    public boolean handle(Request request, Response response, Callback callback) {
      String path = Request.getPathInContext(request);
      String method = request.getMethod();
      Gate.Verdict host = gate.hostOnly(request);
      if (!host.allowed()) {
        json(
            response,
            callback,
            421,
            JSON.createObjectNode().put("error", host.detail()).toString());
        return true;
      }
      if (!config.separateManagement() && management(path, response, callback)) {
        return true;
      }
      switch (path) {
        case "/token" -> token(request, response, callback, method);
        case "/token/revoke" -> revoke(request, response, callback, method);
        case "/", "/index.html" -> {
          if (config.demoPage()) {
            resource(response, callback, "index.html", "text/html");
          } else {
            json(response, callback, 404, "{\"error\":\"not found\"}");
          }
        }
        case "/parley-worklet.js" ->
            resource(response, callback, "parley-worklet.js", "text/javascript");
        case "/ws", "/twilio", "/telnyx" ->
            json(response, callback, 426, "{\"error\":\"a WebSocket upgrade is required\"}");
        default -> json(response, callback, 404, "{\"error\":\"not found\"}");
      }
      return true;
    }

    /** Whether the request carries the bearer secret; answers it with the error if not. */
    private boolean bearer(Request request, Response response, Callback callback, String method) {
      if (!method.equals("POST")) {
        json(response, callback, 405, "{\"error\":\"use POST\"}");
        return false;
      }
      if (config.tokenSecret().isEmpty()) {
        json(response, callback, 404, "{\"error\":\"no token secret configured\"}");
        return false;
      }
      String auth = request.getHeaders().get(HttpHeader.AUTHORIZATION);
      if (auth == null
          || !java.security.MessageDigest.isEqual(
              auth.getBytes(StandardCharsets.UTF_8),
              ("Bearer " + config.tokenSecret().get()).getBytes(StandardCharsets.UTF_8))) {
        json(response, callback, 401, "{\"error\":\"Authorization: Bearer SECRET required\"}");
        return false;
      }
      return true;
    }

    private void token(Request request, Response response, Callback callback, String method) {
      if (!bearer(request, response, callback, method)) {
        return;
      }
      long ttl = Tokens.DEFAULT_TTL.toSeconds();
      String ttlParam = Request.extractQueryParameters(request).getValue("ttl");
      try {
        if (ttlParam != null) {
          ttl = Long.parseLong(ttlParam);
        }
        String token = tokens.mint(Duration.ofSeconds(ttl));
        json(
            response,
            callback,
            200,
            JSON.createObjectNode().put("token", token).put("expiresInSeconds", ttl).toString());
      } catch (IllegalArgumentException e) {
        json(
            response,
            callback,
            400,
            "{\"error\":\"ttl must be 1-" + Tokens.MAX_TTL.toSeconds() + " seconds\"}");
      }
    }

    private void revoke(Request request, Response response, Callback callback, String method) {
      if (!bearer(request, response, callback, method)) {
        return;
      }
      String token;
      try {
        token = Content.Source.asString(request, StandardCharsets.UTF_8).strip();
      } catch (IOException e) {
        callback.failed(e);
        return;
      }
      String problem = token.length() > 512 ? "malformed token" : tokens.revoke(token);
      if (problem.isEmpty()) {
        json(response, callback, 200, "{\"revoked\":true}");
      } else {
        json(response, callback, 400, JSON.createObjectNode().put("error", problem).toString());
      }
    }

    private void resource(Response response, Callback callback, String name, String type) {
      try (InputStream in = ParleyServer.class.getResourceAsStream(name)) {
        if (in == null) {
          json(response, callback, 404, "{\"error\":\"not found\"}");
          return;
        }
        response.setStatus(200);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, type + "; charset=utf-8");
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-cache");
        response.write(true, ByteBuffer.wrap(in.readAllBytes()), callback);
      } catch (IOException e) {
        callback.failed(e);
      }
    }

    private void json(Response response, Callback callback, int status, String body) {
      write(response, callback, status, "application/json", body);
    }
  }
}
