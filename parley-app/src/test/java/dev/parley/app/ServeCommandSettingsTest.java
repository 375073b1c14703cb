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
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ServeCommandSettingsTest {
  @TempDir Path dir;

  private ServeCommand parse(String... args) {
    ServeCommand serve = new ServeCommand();
    new CommandLine(serve).parseArgs(args);
    return serve;
  }

  @Test
  void aConfigFileChangesPacingAndServerSettingsAndOptionsGivenWin() throws Exception {
    Path file = dir.resolve("parley.yaml");
    Files.writeString(
        file,
        """
        server:
          port: 9000
          maxSessions: 50
        speech:
          stt: none
        session:
          pacingMillis: 800
        record:
          maxCalls: 20
        """
            + "  dir: "
            + dir.resolve("calls")
            + "\n");
    ServeCommand serve = parse("--config", file.toString(), "--port", "0");
    StringWriter err = new StringWriter();
    serve.apply(ServeSettings.load(java.util.Optional.of(file), Map.of()), new PrintWriter(err));
    assertThat(serve.session.pacingMillis()).isEqualTo(800);
    assertThat(serve.port).isZero(); // given on the command line
    assertThat(serve.maxSessions).isEqualTo(50);
    assertThat(serve.stt).isEqualTo("none");
    assertThat(serve.recordDir).isEqualTo(dir.resolve("calls"));
    assertThat(serve.recordMaxCalls).isEqualTo(20);
    assertThat(serve.config().maxSessions()).isEqualTo(50);
    assertThat(err.toString()).isEmpty();
  }

  @Test
  void withoutAGivenCeilingTheStacksMeasuredCapacityApplies() throws Exception {
    ServeCommand serve = parse("--port", "0", "--stt", "sphinx");
    serve.apply(
        ServeSettings.load(java.util.Optional.empty(), Map.of()),
        new PrintWriter(new StringWriter()));
    assertThat(serve.maxSessions).isNull();
    assertThat(serve.config().maxSessions())
        .isEqualTo(
            Capacity.defaultMaxSessions(
                "silero", "sphinx", "flite", Runtime.getRuntime().availableProcessors()));
  }

  @Test
  void aGreetingFromTheFileIsSaidUnlessTheCommandLineGivesOne() throws Exception {
    Path file = dir.resolve("parley.properties");
    Files.writeString(file, "agent.greeting=Hello, thanks for calling.\n");
    ServeCommand fromFile = parse("--config", file.toString());
    fromFile.apply(
        ServeSettings.load(java.util.Optional.of(file), Map.of()),
        new PrintWriter(new StringWriter()));
    assertThat(fromFile.greeting).isEqualTo("Hello, thanks for calling.");

    ServeCommand given = parse("--config", file.toString(), "--greeting", "Acme, good morning.");
    given.apply(
        ServeSettings.load(java.util.Optional.of(file), Map.of()),
        new PrintWriter(new StringWriter()));
    assertThat(given.greeting).isEqualTo("Acme, good morning.");
  }

  @Test
  void instructionsNeedALanguageModelAgent() throws Exception {
    Path file = dir.resolve("parley.yaml");
    Files.writeString(file, "agent:\n  instructions: You are a dentist's receptionist.\n");
    ServeCommand serve =
        parse("--config", file.toString(), "--stt", "none", "--tts", "placeholder");
    serve.apply(
        ServeSettings.load(java.util.Optional.of(file), Map.of()),
        new PrintWriter(new StringWriter()));
    assertThatThrownBy(() -> serve.start(serve.config(), new PrintWriter(new StringWriter())))
        .isInstanceOf(UsageException.class)
        .hasMessageContaining("openai:URL#MODEL");
  }

  @Test
  void spansReachAnOtlpCollectorOverHttp() throws Exception {
    BlockingQueue<String> received = new ArrayBlockingQueue<>(16);
    Server collector = new Server(new InetSocketAddress("127.0.0.1", 0));
    collector.setHandler(
        new Handler.Abstract() {
          @Override
          public boolean handle(Request request, Response response, Callback callback)
              throws Exception {
            byte[] body = Request.asInputStream(request).readAllBytes();
            received.add(
                request.getMethod()
                    + " "
                    + Request.getPathInContext(request)
                    + " "
                    + request.getHeaders().get("Content-Type")
                    + " "
                    + request.getHeaders().get("Authorization")
                    + " "
                    + new String(body, java.nio.charset.StandardCharsets.ISO_8859_1));
            response.setStatus(200);
            callback.succeeded();
            return true;
          }
        });
    collector.start();
    try {
      String url =
          "http://127.0.0.1:" + ((ServerConnector) collector.getConnectors()[0]).getLocalPort();
      try (OpenTelemetrySdk sdk =
          Tracing.otlp(
              url,
              Map.of(
                  "OTEL_EXPORTER_OTLP_HEADERS", "Authorization=Bearer k3y",
                  "OTEL_SERVICE_NAME", "parley-test"))) {
        Span span = sdk.getTracer("test").spanBuilder("call").startSpan();
        span.end();
      } // closing flushes the batch
      String request = received.poll(10, TimeUnit.SECONDS);
      assertThat(request)
          .isNotNull()
          .startsWith("POST /v1/traces application/x-protobuf Bearer k3y")
          .contains("parley-test")
          .contains("call");
    } finally {
      collector.stop();
    }
  }

  @Test
  void anOtlpEndpointMustBeHttp() {
    assertThatThrownBy(() -> Tracing.otlp("collector:4317", Map.of()))
        .isInstanceOf(UsageException.class)
        .hasMessageContaining("http://");
  }

  @Test
  void anUnknownLogFormatIsRefused() {
    assertThatThrownBy(() -> Logging.configure("xml"))
        .isInstanceOf(UsageException.class)
        .hasMessageContaining("text, json");
  }
}
