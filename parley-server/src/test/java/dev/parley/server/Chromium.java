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

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Debian's headless Chromium, driven over the Chrome DevTools Protocol on the JDK's WebSocket
 * client: a test fake of nothing, the real browser, with a fake microphone that plays a WAV file.
 *
 * <p>One instance owns one browser process and one page; commands are sent from the test thread and
 * answered on the WebSocket's thread. {@link #close()} ends the browser.
 */
final class Chromium implements AutoCloseable {
  static final Path BINARY = Path.of("/usr/bin/chromium");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern LISTENING =
      Pattern.compile("DevTools listening on (ws://127\\.0\\.0\\.1:(\\d+)/\\S+)");

  private final Process process;
  private final Cdp page;

  private Chromium(Process process, Cdp page) {
    this.process = process;
    this.page = page;
  }

  /** The browser binary, if Debian's chromium package is installed. */
  static Optional<Path> installed() {
    return Files.isExecutable(BINARY) ? Optional.of(BINARY) : Optional.empty();
  }

  /**
   * Starts headless Chromium with a new profile in {@code profile}, the fake microphone playing
   * {@code microphoneWav} once, and its output logged to {@code log}.
   */
  static Chromium launch(Path profile, Path microphoneWav, Path log) throws Exception {
    Files.createDirectories(profile);
    List<String> command =
        new ArrayList<>(
            List.of(
                BINARY.toString(),
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-extensions",
                "--disable-dev-shm-usage",
                "--autoplay-policy=no-user-gesture-required",
                "--use-fake-ui-for-media-stream",
                "--use-fake-device-for-media-stream",
                "--use-file-for-fake-audio-capture=" + microphoneWav + "%noloop",
                "--window-size=1280,900",
                "--user-data-dir=" + profile,
                "--remote-debugging-address=127.0.0.1",
                "--remote-debugging-port=0",
                "about:blank"));
    Process process = new ProcessBuilder(command).redirectOutput(log.toFile()).start();
    try {
      CompletableFuture<String> endpoint = new CompletableFuture<>();
      Writer logWriter = Files.newBufferedWriter(log.resolveSibling(log.getFileName() + ".err"));
      Thread.ofVirtual()
          .name("chromium-stderr")
          .start(
              () -> {
                try (BufferedReader err =
                        new BufferedReader(
                            new InputStreamReader(
                                process.getErrorStream(), StandardCharsets.UTF_8));
                    logWriter) {
                  for (String line = err.readLine(); line != null; line = err.readLine()) {
                    logWriter.write(line);
                    logWriter.write('\n');
                    logWriter.flush();
                    Matcher m = LISTENING.matcher(line);
                    if (m.find()) {
                      endpoint.complete(m.group(2));
                    }
                  }
                  endpoint.completeExceptionally(
                      new IOException("chromium exited before DevTools listened"));
                } catch (IOException e) {
                  endpoint.completeExceptionally(e);
                }
              });
      String port = endpoint.get(30, TimeUnit.SECONDS);
      HttpResponse<String> targets =
          Cdp.HTTP.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/json/list"))
                  .timeout(Duration.ofSeconds(10))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      String pageSocket = null;
      for (JsonNode target : JSON.readTree(targets.body())) {
        if (target.path("type").asText().equals("page")) {
          pageSocket = target.path("webSocketDebuggerUrl").asText();
          break;
        }
      }
      if (pageSocket == null) {
        throw new IOException("chromium has no page target: " + targets.body());
      }
      return new Chromium(process, Cdp.connect(URI.create(pageSocket)));
    } catch (Exception e) {
      process.destroyForcibly();
      throw e;
    }
  }

  /** Opens {@code url} and waits until the page has loaded. */
  void open(URI url) throws Exception {
    page.call("Page.enable", JSON.createObjectNode());
    page.call("Page.navigate", JSON.createObjectNode().put("url", url.toString()));
    evaluate(
        "new Promise(r => document.readyState === 'complete' ? r(true)"
            + " : addEventListener('load', () => r(true)))",
        Duration.ofSeconds(20));
  }

  /** Clicks the middle of the element {@code selector} selects, as a user's mouse would. */
  void click(String selector) throws Exception {
    JsonNode box =
        JSON.readTree(
            evaluate(
                    "(() => { const r = document.querySelector("
                        + JSON.writeValueAsString(selector)
                        + ").getBoundingClientRect();"
                        + " return JSON.stringify({x: r.x + r.width / 2, y: r.y + r.height / 2});"
                        + " })()",
                    Duration.ofSeconds(5))
                .asText());
    for (String type : List.of("mousePressed", "mouseReleased")) {
      page.call(
          "Input.dispatchMouseEvent",
          JSON.createObjectNode()
              .put("type", type)
              .put("x", box.path("x").asDouble())
              .put("y", box.path("y").asDouble())
              .put("button", "left")
              .put("clickCount", 1));
    }
  }

  /**
   * Evaluates a JavaScript expression in the page (awaiting it if it is a promise) and returns its
   * value; a thrown exception fails with its description.
   */
  JsonNode evaluate(String expression, Duration timeout) throws Exception {
    ObjectNode params =
        JSON.createObjectNode()
            .put("expression", expression)
            .put("awaitPromise", true)
            .put("returnByValue", true);
    JsonNode result = page.call("Runtime.evaluate", params, timeout.plusSeconds(5));
    if (result.has("exceptionDetails")) {
      throw new AssertionError(
          "the page threw: "
              + result.path("exceptionDetails").path("exception").path("description"));
    }
    return result.path("result").path("value");
  }

  /**
   * Waits, inside the page, until {@code condition} (a JavaScript expression) is true; returns the
   * final value of {@code report} (an expression too) either way, and whether the condition held.
   */
  Wait waitFor(String condition, String report, Duration timeout) throws Exception {
    String js =
        "new Promise(r => { const until = performance.now() + "
            + timeout.toMillis()
            + "; (function poll() { const ok = !!("
            + condition
            + "); if (ok || performance.now() > until) r(JSON.stringify({ok, report: "
            + report
            + "})); else setTimeout(poll, 100); })(); })";
    JsonNode value = JSON.readTree(evaluate(js, timeout.plusSeconds(5)).asText());
    return new Wait(value.path("ok").asBoolean(), value.path("report"));
  }

  /** What {@link #waitFor} saw. */
  record Wait(boolean held, JsonNode report) {}

  /** Saves a PNG screenshot of the page. */
  void screenshot(Path png) throws Exception {
    JsonNode shot =
        page.call(
            "Page.captureScreenshot",
            JSON.createObjectNode().put("format", "png").put("captureBeyondViewport", false));
    Files.createDirectories(png.toAbsolutePath().getParent());
    Files.write(png, Base64.getDecoder().decode(shot.path("data").asText()));
  }

  @Override
  public void close() {
    page.close();
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  /** One DevTools connection: numbered commands, answers matched by id. */
  private static final class Cdp implements WebSocket.Listener {
    static final HttpClient HTTP = HttpClient.newHttpClient();
    private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final AtomicInteger ids = new AtomicInteger();
    private final StringBuilder partial = new StringBuilder();
    private @Nullable WebSocket socket;

    static Cdp connect(URI uri) throws Exception {
      Cdp cdp = new Cdp();
      cdp.socket =
          HTTP.newWebSocketBuilder()
              .connectTimeout(Duration.ofSeconds(10))
              .buildAsync(uri, cdp)
              .get(10, TimeUnit.SECONDS);
      return cdp;
    }

    JsonNode call(String method, ObjectNode params) throws Exception {
      return call(method, params, Duration.ofSeconds(15));
    }

    JsonNode call(String method, ObjectNode params, Duration timeout) throws Exception {
      WebSocket s = socket;
      if (s == null) {
        throw new IOException("not connected");
      }
      int id = ids.incrementAndGet();
      CompletableFuture<JsonNode> answer = new CompletableFuture<>();
      pending.put(id, answer);
      ObjectNode message = JSON.createObjectNode().put("id", id).put("method", method);
      message.set("params", params);
      s.sendText(JSON.writeValueAsString(message), true).get(5, TimeUnit.SECONDS);
      try {
        return answer.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      } finally {
        pending.remove(id);
      }
    }

    @Override
    public void onOpen(WebSocket webSocket) {
      webSocket.request(Long.MAX_VALUE);
    }

    @Override
    public @Nullable CompletionStage<?> onText(
        WebSocket webSocket, CharSequence data, boolean last) {
      partial.append(data);
      if (!last) {
        return null;
      }
      String text = partial.toString();
      partial.setLength(0);
      try {
        JsonNode message = JSON.readTree(text);
        if (message.has("id")) {
          CompletableFuture<JsonNode> answer = pending.get(message.get("id").asInt());
          if (answer != null) {
            if (message.has("error")) {
              answer.completeExceptionally(
                  new IOException("DevTools error: " + message.get("error")));
            } else {
              answer.complete(message.path("result"));
            }
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return null;
    }

    @Override
    public @Nullable CompletionStage<?> onClose(WebSocket webSocket, int code, String reason) {
      pending.values().forEach(f -> f.completeExceptionally(new IOException("DevTools closed")));
      return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
      pending.values().forEach(f -> f.completeExceptionally(error));
    }

    void close() {
      WebSocket s = socket;
      if (s != null) {
        s.abort();
      }
    }
  }
}
