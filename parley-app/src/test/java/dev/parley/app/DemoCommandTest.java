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
package dev.parley.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoCommandTest {
  private static final Path SAMPLES = Path.of("..", "samples");
  @TempDir Path tmp;

  @Test
  void noServeRunsTheBundledCallOfflineAndSaysWhereTheResultsAre() {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    Path dir = tmp.resolve("demo");
    int code =
        Main.execute(
            new PrintWriter(out, true),
            new PrintWriter(err, true),
            "demo",
            "--no-serve",
            "--samples",
            SAMPLES.toString(),
            "--out",
            dir.toString());
    assertThat(code).as("stderr: %s", err).isZero();
    assertThat(out.toString()).contains("report:").contains(dir.toString());
    assertThat(dir.resolve("report.html")).isRegularFile();
    assertThat(dir.resolve("timeline.json")).isRegularFile();
    assertThat(out.toString()).doesNotContain("Open http");
  }

  @Test
  void theSampleCallIsHeardByTheRecognizerUnlessTheOracleIsAskedForAndLabelled() {
    StringWriter recognised = new StringWriter();
    StringWriter oracle = new StringWriter();
    StringWriter err = new StringWriter();
    int first =
        Main.execute(
            new PrintWriter(recognised, true),
            new PrintWriter(err, true),
            "demo",
            "--no-serve",
            "--samples",
            SAMPLES.toString(),
            "--out",
            tmp.resolve("recognised").toString());
    int second =
        Main.execute(
            new PrintWriter(oracle, true),
            new PrintWriter(err, true),
            "demo",
            "--no-serve",
            "--oracle",
            "--samples",
            SAMPLES.toString(),
            "--out",
            tmp.resolve("oracle").toString());

    assertThat(first).as("stderr: %s", err).isZero();
    assertThat(second).as("stderr: %s", err).isZero();
    assertThat(recognised.toString())
        .contains("words: recognised by")
        .doesNotContain("oracle transcript (diagnostic) ");
    assertThat(oracle.toString()).contains("words: oracle transcript (diagnostic)");
  }

  @Test
  void aMissingSampleIsAClearErrorNotAServer() {
    StringWriter err = new StringWriter();
    int code =
        Main.execute(
            new PrintWriter(new StringWriter(), true),
            new PrintWriter(err, true),
            "demo",
            "--samples",
            tmp.resolve("nothing").toString(),
            "--port",
            "0");
    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains("bundled sample not found");
  }

  @Test
  void afterTheOfflineCallItServesTheBrowserPageOnLoopbackUntilStopped() throws Exception {
    CompletableFuture<URI> url = new CompletableFuture<>();
    Writer watcher = new UrlWatcher(url);
    StringWriter err = new StringWriter();
    AtomicInteger exit = new AtomicInteger(-1);
    Thread demo =
        Thread.ofVirtual()
            .start(
                () ->
                    exit.set(
                        Main.execute(
                            new PrintWriter(watcher, true),
                            new PrintWriter(err, true),
                            "demo",
                            "--samples",
                            SAMPLES.toString(),
                            "--out",
                            tmp.resolve("demo").toString(),
                            "--port",
                            "0")));
    try {
      URI base = url.get(120, TimeUnit.SECONDS);
      assertThat(base.getHost()).isEqualTo("127.0.0.1");
      assertThat(tmp.resolve("demo").resolve("report.html")).isRegularFile();
      HttpClient http = HttpClient.newHttpClient();
      HttpResponse<String> page = get(http, base);
      assertThat(page.statusCode()).isEqualTo(200);
      assertThat(page.headers().firstValue("content-type"))
          .hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
      assertThat(page.body()).contains("<title>Parley").contains("parley-worklet.js");
      HttpResponse<String> worklet = get(http, base.resolve("/parley-worklet.js"));
      assertThat(worklet.statusCode()).isEqualTo(200);
      assertThat(worklet.body())
          .contains("registerProcessor('parley-capture'")
          .contains("registerProcessor('parley-playback'");
    } finally {
      demo.interrupt(); // as Ctrl-C would: the server closes and the command returns
      assertThat(demo.join(Duration.ofSeconds(20))).as("stderr: %s", err).isTrue();
    }
  }

  private static HttpResponse<String> get(HttpClient http, URI uri) throws Exception {
    return http.send(
        HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** Completes {@code url} with the URL the demo says to open. */
  private static final class UrlWatcher extends Writer {
    private static final Pattern OPEN = Pattern.compile("Open (http://\\S+/) ");
    private final StringBuilder text = new StringBuilder();
    private final CompletableFuture<URI> url;

    UrlWatcher(CompletableFuture<URI> url) {
      this.url = url;
    }

    @Override
    public synchronized void write(char[] chars, int offset, int length) {
      text.append(chars, offset, length);
      Matcher m = OPEN.matcher(text);
      if (m.find()) {
        url.complete(URI.create(m.group(1)));
      }
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  }
}
