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

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parley.bench.SpeechToSpeechRunner;
import dev.parley.core.clock.Sleeper;
import dev.parley.speech.cloud.CloudEndpoint;
import dev.parley.speech.cloud.FakeGeminiLive;
import dev.parley.speech.cloud.FakeRealtime;
import dev.parley.speech.cloud.FakeSpeechServer;
import dev.parley.speech.cloud.GeminiLive;
import dev.parley.speech.cloud.OpenAiRealtime;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code parley bench --agent MODEL} against the loopback fakes: the suites' simulated user calls a
 * speech-to-speech model that is the voice of the scenario's agent, and the same verdicts judge the
 * calls. The fakes transcribe the user from what it said when; their numbers measure Parley's
 * handling around a model, not a model.
 */
class BenchSpeechToSpeechTest {
  private static final String KEY = "bench-key";

  @TempDir Path tmp;
  private final List<FakeSpeechServer> servers = new ArrayList<>();

  @AfterEach
  void closeFakes() {
    servers.forEach(FakeSpeechServer::close);
  }

  /** A fresh fake OpenAI Realtime per call, hearing the simulated user's words. */
  SpeechToSpeechRunner.Models realtime() {
    return caller -> {
      FakeSpeechServer server = new FakeRealtime(caller::between, List.of()).listen(KEY);
      servers.add(server);
      return new OpenAiRealtime(endpoint(server), "gpt-realtime", "alloy");
    };
  }

  /** A fresh fake Gemini Live per call, hearing the simulated user's words. */
  SpeechToSpeechRunner.Models gemini() {
    return caller -> {
      FakeSpeechServer server = new FakeGeminiLive(caller::between, List.of()).listen(KEY);
      servers.add(server);
      return new GeminiLive(endpoint(server), "gemini-live-2.5-flash-preview", "Puck");
    };
  }

  private static CloudEndpoint endpoint(FakeSpeechServer server) {
    return new CloudEndpoint(server.uri(), KEY, Duration.ofSeconds(5), 1, Sleeper.system());
  }

  /** Runs the bench with {@code models} behind {@code --agent}; returns metrics.json. */
  JsonNode bench(String agent, SpeechToSpeechRunner.Models models, Path out, String... suites)
      throws Exception {
    BenchCommand command = new BenchCommand();
    command.models = models;
    StringWriter console = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = new CommandLine(command);
    cli.setOut(new PrintWriter(console, true));
    cli.setErr(new PrintWriter(err, true));
    List<String> args =
        new ArrayList<>(List.of("--out", out.toString(), "--vad", "energy", "--agent", agent));
    args.add("--limit");
    args.add(System.getProperty("parley.bench.s2s.limit", "1"));
    for (String suite : suites) {
      args.add("--suite");
      args.add(suite);
    }
    int code = cli.execute(args.toArray(String[]::new));
    assertThat(code).as(err + "\n" + console).isZero();
    assertThat(err.toString()).contains("runs live on the wall clock");
    return new ObjectMapper().readTree(out.resolve("metrics.json").toFile());
  }

  private static String[] suites() {
    String chosen = System.getProperty("parley.bench.s2s.suites", "user_interruption,tool_use");
    return chosen.split(",");
  }

  @Test
  void theSuitesRunThroughOpenAiRealtimesFakeAndAreJudgedTheSameWay() throws Exception {
    Path out =
        Path.of(System.getProperty("parley.bench.s2s.out", tmp.toString())).resolve("realtime");
    JsonNode metrics = bench("openai-realtime:ws://fake#gpt-realtime", realtime(), out, suites());
    assertJudged(metrics, "openai-realtime");
  }

  @Test
  void theSuitesRunThroughGeminiLivesFakeAndAreJudgedTheSameWay() throws Exception {
    Path out =
        Path.of(System.getProperty("parley.bench.s2s.out", tmp.toString())).resolve("gemini");
    JsonNode metrics =
        bench("gemini-live:ws://fake#gemini-live-2.5-flash-preview", gemini(), out, suites());
    assertJudged(metrics, "gemini-live");
  }

  private static void assertJudged(JsonNode metrics, String model) {
    assertThat(metrics.path("stack").path("calls").asText())
        .contains("speech-to-speech: " + model + " (a loopback fake)");
    JsonNode defaults = metrics.path("configs").path("default");
    if (defaults.has("user_interruption")) {
      // The caller's "wait" over the model's long answer stopped it within the suite's 500 ms.
      assertThat(defaults.path("user_interruption").path("stop_rate").asDouble())
          .as(metrics.toString())
          .isPositive();
    }
    if (defaults.has("tool_use")) {
      assertThat(defaults.path("tool_use").has("pass_at_1")).as(metrics.toString()).isTrue();
    }
  }

  @Test
  void aMissingKeyIsAUsageErrorBeforeAnythingRuns() {
    BenchCommand command = new BenchCommand();
    command.env = Map.of();
    StringWriter err = new StringWriter();
    CommandLine cli = new CommandLine(command);
    cli.setErr(new PrintWriter(err, true));
    cli.setOut(new PrintWriter(new StringWriter(), true));
    cli.setExecutionExceptionHandler(
        (e, line, parsed) -> {
          line.getErr().println("parley: " + e.getMessage());
          return 2;
        });
    int code =
        cli.execute(
            "--out",
            tmp.resolve("x").toString(),
            "--agent",
            "gemini-live:wss://g#m",
            "--suite",
            "user_interruption");
    assertThat(code).isNotZero();
    assertThat(err.toString()).contains("GEMINI_API_KEY");
  }
}
