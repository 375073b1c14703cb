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
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import java.util.function.Function;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ContextHandler;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
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
 *   GET  /          the browser demo page         GET /health   liveness
 *   GET  /ws        browser calls (WebSocket)     GET /ready    readiness (false once draining)
 *   GET  /twilio    Twilio Media Streams          GET /metrics  Prometheus text
 *   GET  /telnyx    Telnyx media streaming        POST /token   mints a browser session token
 *   TCP  audiosocket port: Asterisk AudioSocket (see {@link #audioSocketPort()})
 * </pre>
 *
 * <p>Every call runs on its own session loop ({@link CallHost}); the shared {@link Components} are
 * loaded once per process. {@link #drain()} starts a graceful drain (also on SIGTERM when {@link
 * #drainOnShutdown()} was called). Thread-safe.
 */
public final class ParleyServer implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Logger LOG = LoggerFactory.getLogger(ParleyServer.class);

  private final ServerConfig config;
  private final MediaClock clock;
  private final CallHost host;
  private final Server jetty;
  private final ServerConnector connector;
  private final @Nullable Tokens tokens;
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
    this.tokens = config.tokenSecret().map(secret -> new Tokens(secret, wallClock)).orElse(null);
    this.twilio = config.twilioAuthToken().map(TwilioSignature::new).orElse(null);

    QueuedThreadPool threads = new QueuedThreadPool();
    threads.setName("parley-http");
    threads.setVirtualThreadsExecutor(Executors.newVirtualThreadPerTaskExecutor());
    this.jetty = new Server(threads);
    this.connector = new ServerConnector(jetty);
    connector.setHost(config.bind());
    connector.setPort(config.port());
    jetty.addConnector(connector);

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
      server.jetty.start();
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
    }
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
    String refusal =
        dialect == MediaStreamDialect.TWILIO && signature != null
            ? signature.problem(request, config.publicUrl())
            : "";
    return admit(
        refusal,
        request,
        response,
        callback,
        slot ->
            new MediaStreamSocket(
                slot, dialect, host.metrics(), clock, config.maxMessagesPerSecond()));
  }

  private @Nullable Object browser(
      ServerUpgradeRequest request, ServerUpgradeResponse response, Callback callback) {
    return admit(
        browserRefusal(request),
        request,
        response,
        callback,
        slot -> new BrowserSocket(slot, clock, config.maxMessagesPerSecond()));
  }

  /**
   * The WebSocket for an upgrade, or null once the upgrade is answered with an HTTP error: 403 with
   * {@code refusal} when it is not empty, 503 when no session slot is free.
   */
  private @Nullable Object admit(
      String refusal,
      ServerUpgradeRequest request,
      ServerUpgradeResponse response,
      Callback callback,
      Function<CallHost.Slot, Object> socket) {
    if (!refusal.isEmpty()) {
      host.rejected();
      LOG.warn(
          "refused a call on {} from {}: {}",
          Request.getPathInContext(request),
          Request.getRemoteAddr(request),
          refusal);
      Response.writeError(request, response, callback, HttpStatus.FORBIDDEN_403, refusal);
      return null;
    }
    Optional<CallHost.Slot> slot = host.reserve();
    if (slot.isEmpty()) {
      LOG.info(
          "refused a call on {} from {}: {}",
          Request.getPathInContext(request),
          Request.getRemoteAddr(request),
          host.ready() ? "server busy" : "server draining");
      Response.writeError(
          request,
          response,
          callback,
          HttpStatus.SERVICE_UNAVAILABLE_503,
          host.ready() ? "server busy" : "server draining");
      return null;
    }
    return socket.apply(slot.get());
  }

  /** Why a browser session may not start, or the empty string. */
  private String browserRefusal(Request request) {
    String origin = request.getHeaders().get(HttpHeader.ORIGIN);
    if (origin != null && !originAllowed(origin, request)) {
      return "origin not allowed: " + origin;
    }
    if (config.loopback()) {
      return "";
    }
    Tokens t = tokens;
    if (t == null) {
      return "this server admits browser sessions only with a token, and has no token secret";
    }
    Fields query = Request.extractQueryParameters(request);
    String token = query.getValue("token");
    if (token == null || token.isEmpty()) {
      return "a token is required (?token=...)";
    }
    return t.problem(token);
  }

  private boolean originAllowed(String origin, Request request) {
    if (config.allowedOrigins().contains("*") || config.allowedOrigins().contains(origin)) {
      return true;
    }
    String host = request.getHeaders().get(HttpHeader.HOST);
    if (host == null) {
      return false;
    }
    String lower = origin.toLowerCase(Locale.ROOT);
    String h = host.toLowerCase(Locale.ROOT);
    return lower.equals("http://" + h) || lower.equals("https://" + h);
  }

  // ---- plain HTTP -------------------------------------------------------------------------

  private final class Pages extends Handler.Abstract {
    @Override
    public boolean handle(Request request, Response response, Callback callback) {
      String path = Request.getPathInContext(request);
      String method = request.getMethod();
      switch (path) {
        case "/health" -> json(response, callback, 200, "{\"status\":\"up\"}");
        case "/ready" ->
            json(
                response,
                callback,
                host.ready() ? 200 : 503,
                host.ready()
                    ? "{\"status\":\"ready\",\"sessions\":" + host.active() + "}"
                    : "{\"status\":\"draining\",\"sessions\":" + host.active() + "}");
        case "/metrics" ->
            write(
                response,
                callback,
                200,
                "text/plain; version=0.0.4; charset=utf-8",
                host.metrics().scrape());
        case "/token" -> token(request, response, callback, method);
        case "/", "/index.html" -> resource(response, callback, "index.html", "text/html");
        case "/parley-worklet.js" ->
            resource(response, callback, "parley-worklet.js", "text/javascript");
        case "/ws", "/twilio", "/telnyx" ->
            json(response, callback, 426, "{\"error\":\"a WebSocket upgrade is required\"}");
        default -> json(response, callback, 404, "{\"error\":\"not found\"}");
      }
      return true;
    }

    private void token(Request request, Response response, Callback callback, String method) {
      Tokens t = tokens;
      if (!method.equals("POST")) {
        json(response, callback, 405, "{\"error\":\"POST /token\"}");
        return;
      }
      String secret = config.tokenSecret().orElse("");
      String auth = request.getHeaders().get(HttpHeader.AUTHORIZATION);
      if (t == null) {
        json(response, callback, 404, "{\"error\":\"no token secret configured\"}");
        return;
      }
      if (auth == null
          || !java.security.MessageDigest.isEqual(
              auth.getBytes(StandardCharsets.UTF_8),
              ("Bearer " + secret).getBytes(StandardCharsets.UTF_8))) {
        json(response, callback, 401, "{\"error\":\"Authorization: Bearer SECRET required\"}");
        return;
      }
      long ttl = 300;
      String ttlParam = Request.extractQueryParameters(request).getValue("ttl");
      try {
        if (ttlParam != null) {
          ttl = Long.parseLong(ttlParam);
        }
        String token = t.mint(Duration.ofSeconds(ttl));
        json(
            response,
            callback,
            200,
            JSON.createObjectNode().put("token", token).put("expiresInSeconds", ttl).toString());
      } catch (IllegalArgumentException e) {
        json(response, callback, 400, "{\"error\":\"ttl must be 1-86400 seconds\"}");
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

    private void write(Response response, Callback callback, int status, String type, String body) {
      response.setStatus(status);
      response.getHeaders().put(HttpHeader.CONTENT_TYPE, type);
      response.write(true, ByteBuffer.wrap(body.getBytes(StandardCharsets.UTF_8)), callback);
    }
  }
}
