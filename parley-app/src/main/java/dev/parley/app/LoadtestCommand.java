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

import dev.parley.loadtest.LoadReport;
import dev.parley.loadtest.LoadTest;
import dev.parley.loadtest.Pace;
import dev.parley.loadtest.Transport;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code parley loadtest}: N concurrent real-time callers against a running {@code parley serve} on
 * loopback, and what the server's metrics say about it.
 */
@Command(
    name = "loadtest",
    mixinStandardHelpOptions = true,
    description = {
      "Opens N concurrent callers against a running `parley serve`, each streaming a recording"
          + " with real pauses and turns in real time (20 ms frames), then reports frame delay"
          + " p50/p99/max, dropped frames, turn-decision latency, server CPU and memory per session"
          + " from the server's /metrics. Stops by itself.",
      "Callers the server turns away with 503 (full or overloaded) are counted as refused; the"
          + " admitted ones are judged.",
      "Exit code: 0 when the load held (every admitted caller served, p99 frame delay ≤ 20 ms, no"
          + " drops), 3 when it did not, 2 on bad input or an unreachable server."
    })
final class LoadtestCommand implements Callable<Integer> {
  @Option(
      names = "--port",
      required = true,
      paramLabel = "P",
      description = "The port `parley serve` listens on.")
  int port;

  @Option(
      names = "--metrics-port",
      defaultValue = "8081",
      paramLabel = "P",
      description =
          "The server's management port, where /metrics is (default: ${DEFAULT-VALUE}, as"
              + " `parley serve`; give --port's value for a server started with"
              + " --management-port -1).")
  int metricsPort = 8081;

  @Option(
      names = "--token-secret-env",
      defaultValue = "PARLEY_TOKEN_SECRET",
      paramLabel = "VAR",
      description =
          "Environment variable holding the server's bearer secret; when set, each browser caller"
              + " gets a single-use token from POST /token, as a web backend would (default:"
              + " ${DEFAULT-VALUE}; a loopback server needs none).")
  String tokenSecretEnv = "PARLEY_TOKEN_SECRET";

  @Option(
      names = "--host",
      defaultValue = "127.0.0.1",
      paramLabel = "HOST",
      description = "The server's address (default: ${DEFAULT-VALUE}).")
  String host = "127.0.0.1";

  @Option(
      names = "--sessions",
      required = true,
      paramLabel = "N",
      description = "Concurrent callers (1 to " + LoadTest.MAX_SESSIONS + ").")
  int sessions;

  @Option(
      names = "--seconds",
      required = true,
      paramLabel = "S",
      description = "Seconds of audio each caller streams (1 to " + LoadTest.MAX_SECONDS + ").")
  int seconds;

  @Option(
      names = "--transport",
      defaultValue = "ws",
      paramLabel = "ws|twilio",
      description =
          "Parley's WebSocket protocol or Twilio media streams (default: ${DEFAULT-VALUE}).")
  String transport = "ws";

  @Option(
      names = "--audio",
      defaultValue = "samples/booking.wav",
      paramLabel = "WAV",
      description = "The recording each caller loops (default: ${DEFAULT-VALUE}).")
  Path audio = Path.of("samples/booking.wav");

  @Option(
      names = "--ramp-seconds",
      paramLabel = "S",
      description = "Over how long the callers connect (default: N / 50, at least 1).")
  @Nullable Integer rampSeconds;

  @Option(
      names = "--warmup-seconds",
      defaultValue = "10",
      paramLabel = "S",
      description =
          "Seconds every caller streams before the measured ones, while the server's JIT warms"
              + " up; not counted (default: ${DEFAULT-VALUE}).")
  int warmupSeconds = 10;

  @Option(
      names = "--out",
      paramLabel = "FILE",
      description = "Also write the report as JSON to FILE.")
  @Nullable Path out;

  @CommandLine.Spec CommandLine.Model.@Nullable CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter stdout = spec == null ? Main.console(System.out) : spec.commandLine().getOut();
    LoadTest.Options options;
    try {
      long ramp =
          rampSeconds == null ? LoadTest.Options.defaultRampMillis(sessions) : rampSeconds * 1000L;
      options =
          new LoadTest.Options(
              host,
              port,
              sessions,
              seconds,
              Transport.parse(transport),
              Converse.readUserAudio(
                  audio, spec == null ? Main.console(System.err) : spec.commandLine().getErr()),
              ramp,
              warmupSeconds,
              metricsPort,
              java.util.Optional.ofNullable(System.getenv(tokenSecretEnv)).orElse(""));
    } catch (IllegalArgumentException e) {
      throw new UsageException(String.valueOf(e.getMessage()), e);
    }
    if (out != null) {
      checkWritable(out);
    }
    stdout.printf(
        java.util.Locale.ROOT,
        "parley loadtest: %d %s callers for %d s against %s:%d%n",
        sessions,
        transport,
        seconds,
        host,
        port);
    stdout.flush();
    LoadReport report;
    try {
      report = new LoadTest(options, Pace.realTime()).run();
    } catch (IllegalStateException | IllegalArgumentException e) {
      throw new UsageException(String.valueOf(e.getMessage()), e);
    }
    stdout.print(report.toText());
    if (out != null) {
      Path target = out;
      Path temp = Files.createTempFile(target.toAbsolutePath().getParent(), ".loadtest-", ".json");
      Files.writeString(temp, report.toJson(), StandardCharsets.UTF_8);
      Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      stdout.println("report: " + target);
    }
    stdout.flush();
    return report.held() ? 0 : 3;
  }

  private static void checkWritable(Path file) throws UsageException {
    Path dir = file.toAbsolutePath().getParent();
    if (dir == null || !Files.isDirectory(dir)) {
      throw new UsageException("cannot write --out " + file + ": no such directory");
    }
    if (Files.isDirectory(file)) {
      throw new UsageException("cannot write --out " + file + ": it is a directory");
    }
    try {
      Path probe = Files.createTempFile(dir, ".loadtest-", ".probe");
      Files.delete(probe);
    } catch (IOException e) {
      throw new UsageException("cannot write --out " + file + ": " + e.getMessage(), e);
    }
  }
}
