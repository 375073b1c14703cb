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
package dev.parley.testing;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A fake OpenAI-compatible Chat Completions server on loopback, for the contract tests of agent
 * adapters: real HTTP/1.1 on {@code 127.0.0.1} at a free port, one exchange per connection,
 * answering {@code POST /v1/chat/completions} with scripted responses (recorded event streams from
 * {@link #fixture}, error bodies, a stream that breaks off or stalls) and recording every request
 * it received.
 *
 * <p>Event streams are written one event at a time with a flush after each, so the client sees them
 * arrive as a live server sends them. Handlers run on virtual threads; the request log is
 * thread-safe. Close the server to release stalled streams and free the port.
 */
public final class FakeChatServer implements AutoCloseable {
  private static final String FIXTURES = "/dev/parley/testing/openai/";

  /** Chooses the answer to one request; {@code index} counts requests from 0. */
  @FunctionalInterface
  public interface Responder {
    Response answer(Request request, int index);
  }

  /**
   * One request as the server received it.
   *
   * @param headers header names in lower case
   */
  public record Request(String method, String path, Map<String, String> headers, String body) {
    /** A header's value, or empty. */
    public String header(String name) {
      return headers.getOrDefault(name.toLowerCase(Locale.ROOT), "");
    }
  }

  /** How a response ends. */
  public enum Ending {
    /** Every event is sent and the body ends normally. */
    COMPLETE,
    /** The body ends after {@link Response#events} without the rest: a dropped stream. */
    CUT,
    /** The server sends the events, then holds the connection open and sends nothing more. */
    STALL
  }

  /**
   * A scripted response.
   *
   * @param status the HTTP status
   * @param headers extra response headers
   * @param events the body, as the pieces written one flush at a time
   * @param ending how the body ends
   */
  public record Response(
      int status, Map<String, String> headers, List<String> events, Ending ending) {
    public Response {
      headers = Map.copyOf(headers);
      events = List.copyOf(events);
    }

    /** A 200 event stream replaying fixture {@code name} (such as {@code text.sse}). */
    public static Response stream(String name) {
      return streamOf(fixture(name));
    }

    /** A 200 event stream of {@code body}, written event by event. */
    public static Response streamOf(String body) {
      return new Response(
          200, Map.of("Content-Type", "text/event-stream"), events(body), Ending.COMPLETE);
    }

    /** An error of {@code status} with fixture {@code name} as its JSON body. */
    public static Response error(int status, String name) {
      return new Response(
          status,
          Map.of("Content-Type", "application/json"),
          List.of(fixture(name)),
          Ending.COMPLETE);
    }

    /** This response with one more header. */
    public Response header(String name, String value) {
      Map<String, String> more = new LinkedHashMap<>(headers);
      more.put(name, value);
      return new Response(status, more, events, ending);
    }

    /** This response ending as {@code how}, after its first {@code keep} events. */
    public Response endingAfter(int keep, Ending how) {
      return new Response(status, headers, events.subList(0, Math.min(keep, events.size())), how);
    }

    private static List<String> events(String body) {
      List<String> out = new ArrayList<>();
      int at = 0;
      while (at < body.length()) {
        int end = body.indexOf("\n\n", at);
        end = end < 0 ? body.length() : end + 2;
        out.add(body.substring(at, end));
        at = end;
      }
      return out;
    }
  }

  private final ServerSocket socket;
  private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
  private final Responder responder;
  private final List<Request> requests = new CopyOnWriteArrayList<>();
  private final AtomicInteger count = new AtomicInteger();
  private final CountDownLatch released = new CountDownLatch(1);
  private final CountDownLatch clientGone = new CountDownLatch(1);
  private final CountDownLatch stalled = new CountDownLatch(1);

  private FakeChatServer(Responder responder) {
    this.responder = responder;
    try {
      socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot bind a loopback port", e);
    }
    executor.execute(this::accept);
  }

  /** A server answering each request with {@code responder}. */
  public static FakeChatServer start(Responder responder) {
    return new FakeChatServer(responder);
  }

  /**
   * A server answering requests with {@code responses} in order; a request past the last gets a 500
   * saying so, which a test sees as a failure.
   */
  public static FakeChatServer replying(Response... responses) {
    ArrayDeque<Response> queue = new ArrayDeque<>(List.of(responses));
    return new FakeChatServer(
        (request, index) -> {
          synchronized (queue) {
            Response next = queue.poll();
            return next != null
                ? next
                : new Response(
                    500,
                    Map.of("Content-Type", "application/json"),
                    List.of(
                        "{\"error\":{\"message\":\"FakeChatServer: no response scripted for"
                            + " request "
                            + index
                            + "\",\"type\":\"server_error\"}}"),
                    Ending.COMPLETE);
          }
        });
  }

  /** The text of fixture {@code name} from this module's recorded OpenAI responses. */
  public static String fixture(String name) {
    try (InputStream in = FakeChatServer.class.getResourceAsStream(FIXTURES + name)) {
      if (in == null) {
        throw new IllegalArgumentException("no fixture " + name + " under " + FIXTURES);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The base URL to configure a client with, such as {@code http://127.0.0.1:40123/v1}. */
  public String baseUrl() {
    return "http://127.0.0.1:" + port() + "/v1";
  }

  /** The port the server listens on. */
  public int port() {
    return socket.getLocalPort();
  }

  /** The requests received so far, in order. */
  public List<Request> requests() {
    return List.copyOf(requests);
  }

  /** The body of request {@code index}. */
  public String body(int index) {
    return requests.get(index).body();
  }

  /** Waits until a {@link Ending#STALL stalling} response has sent its events. */
  public boolean awaitStalled(Duration timeout) throws InterruptedException {
    return stalled.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
  }

  /**
   * Lets stalled responses go on writing keep-alive comments and waits until one of them finds the
   * client gone (its write fails): proof that the client closed the connection.
   */
  public boolean awaitClientGone(Duration timeout) throws InterruptedException {
    released.countDown();
    return clientGone.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
  }

  private void accept() {
    while (!socket.isClosed()) {
      try {
        Socket connection = socket.accept();
        executor.execute(() -> serve(connection));
      } catch (IOException e) {
        return; // closed
      }
    }
  }

  /** One HTTP/1.1 exchange per connection: the response says {@code Connection: close}. */
  private void serve(Socket connection) {
    try (connection) {
      InputStream in = new BufferedInputStream(connection.getInputStream());
      String requestLine = line(in);
      String[] parts = requestLine.split(" ");
      if (parts.length < 3) {
        return;
      }
      Map<String, String> headers = new LinkedHashMap<>();
      for (String h = line(in); !h.isEmpty(); h = line(in)) {
        int colon = h.indexOf(':');
        if (colon > 0) {
          headers.put(
              h.substring(0, colon).strip().toLowerCase(Locale.ROOT),
              h.substring(colon + 1).strip());
        }
      }
      int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
      String body = new String(in.readNBytes(length), StandardCharsets.UTF_8);
      Request request = new Request(parts[0], URI.create(parts[1]).getPath(), headers, body);
      requests.add(request);
      Response response = respond(request);
      OutputStream out = connection.getOutputStream();
      StringBuilder head = new StringBuilder();
      head.append("HTTP/1.1 ")
          .append(response.status())
          .append(' ')
          .append(reason(response.status()));
      head.append("\r\nConnection: close\r\n");
      response.headers().forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
      boolean sized = response.ending() == Ending.COMPLETE && response.status() != 200;
      if (sized) {
        int bytes = 0;
        for (String e : response.events()) {
          bytes += e.getBytes(StandardCharsets.UTF_8).length;
        }
        head.append("Content-Length: ").append(bytes).append("\r\n");
      }
      head.append("\r\n");
      out.write(head.toString().getBytes(StandardCharsets.UTF_8));
      out.flush();
      for (String event : response.events()) {
        out.write(event.getBytes(StandardCharsets.UTF_8));
        out.flush();
      }
      if (response.ending() == Ending.STALL) {
        stalled.countDown();
        holdUntilClientGone(out);
      }
    } catch (IOException | RuntimeException e) {
      // the client went away or sent garbage: this exchange is over
    }
  }

  private static String line(InputStream in) throws IOException {
    StringBuilder s = new StringBuilder();
    int c;
    while ((c = in.read()) >= 0 && c != '\n') {
      if (c != '\r') {
        s.append((char) c);
      }
    }
    return s.toString();
  }

  private static String reason(int status) {
    return switch (status) {
      case 200 -> "OK";
      case 400 -> "Bad Request";
      case 401 -> "Unauthorized";
      case 404 -> "Not Found";
      case 429 -> "Too Many Requests";
      case 500 -> "Internal Server Error";
      case 502 -> "Bad Gateway";
      case 503 -> "Service Unavailable";
      default -> "Status";
    };
  }

  private Response respond(Request request) {
    if (!request.method().equals("POST") || !request.path().endsWith("/chat/completions")) {
      return new Response(
          404,
          Map.of("Content-Type", "application/json"),
          List.of("{\"error\":{\"message\":\"no route " + request.path() + "\"}}"),
          Ending.COMPLETE);
    }
    return Objects.requireNonNull(responder.answer(request, count.getAndIncrement()));
  }

  private void holdUntilClientGone(OutputStream out) {
    try {
      released.await();
      byte[] ping = ": keep-alive\n\n".getBytes(StandardCharsets.UTF_8);
      // Writes after the peer closed fail within a few tries (the first may still be buffered).
      for (int i = 0; i < 10_000; i++) {
        out.write(ping);
        out.flush();
      }
    } catch (IOException e) {
      clientGone.countDown();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    released.countDown();
    try {
      socket.close();
    } catch (IOException e) {
      // closing a listening socket fails only if it is already closed
    }
    executor.shutdownNow();
  }
}
