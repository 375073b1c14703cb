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
package dev.parley.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parley.core.session.ModelledLatency;
import dev.parley.core.speech.EnergyVad;
import dev.parley.core.speech.PlaceholderVoice;
import dev.parley.core.spi.ProviderException;
import dev.parley.core.spi.SpeechSynthesizer;
import dev.parley.core.spi.VoiceActivityDetector;
import dev.parley.speech.flite.FliteSynthesizer;
import dev.parley.speech.silero.SileroVad;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A fast subset of the benchmark (the first two scenarios of each engine suite, oracle ASR) run as
 * {@code parley bench} runs it, Parley's defaults beside the naive baseline.
 */
class BenchTest {
  private static final List<Suite> ENGINE =
      List.of(
          Suite.PAUSE_HANDLING,
          Suite.SMOOTH_TURN_TAKING,
          Suite.BACKCHANNEL,
          Suite.USER_INTERRUPTION);

  @TempDir static Path out;
  private static Bench.@Nullable Result ran;
  private static String progress = "";

  static BenchStack stack() {
    SpeechSynthesizer voice;
    try {
      voice = FliteSynthesizer.load();
    } catch (ProviderException e) {
      voice = new PlaceholderVoice();
    }
    VoiceActivityDetector vad;
    try {
      vad = SileroVad.load();
    } catch (ProviderException e) {
      vad = new EnergyVad();
    }
    return new BenchStack(
        vad,
        voice,
        Optional.empty(),
        null,
        new UserVoice(voice),
        ModelledLatency.none().with("agent", 150).with("tts", 40),
        100);
  }

  @BeforeAll
  static void runTheSubset() throws Exception {
    List<Bench.SuitePlan> plans = new ArrayList<>();
    for (Suite suite : ENGINE) {
      plans.add(new Bench.SuitePlan(suite, Bench.load(suite, null), Optional.empty()));
    }
    for (Suite suite : List.of(Suite.SELF_CORRECTION, Suite.TOOL_USE)) {
      plans.add(new Bench.SuitePlan(suite, Bench.load(suite, null), Optional.of("no tool agent")));
    }
    StringWriter log = new StringWriter();
    ran =
        Bench.run(
            plans,
            List.of(BenchConfig.named("default"), BenchConfig.named("naive")),
            stack(),
            AgentFactory.standIn(),
            null,
            2,
            false,
            out,
            new PrintWriter(log, true));
    progress = log.toString();
  }

  private static Bench.Result result() {
    return java.util.Objects.requireNonNull(ran);
  }

  private static double metric(String config, Suite suite, String name) {
    Number n = result().score(config, suite).orElseThrow().metrics().get(name);
    assertThat(n).as(config + " " + suite.id() + "." + name).isNotNull();
    return java.util.Objects.requireNonNull(n).doubleValue();
  }

  @Test
  void writesMetricsJsonWithEverySuiteUnderBothConfigs() throws Exception {
    JsonNode json = new ObjectMapper().readTree(Files.readString(out.resolve("metrics.json")));
    for (String config : List.of("default", "naive")) {
      JsonNode suites = json.path("configs").path(config);
      for (Suite suite : ENGINE) {
        JsonNode m = suites.path(suite.id());
        assertThat(m.path("scenarios").asInt()).as(config + " " + suite.id()).isEqualTo(2);
      }
      assertThat(suites.path("pause_handling").has("tor")).isTrue();
      assertThat(suites.path("smooth_turn_taking").has("latency_ms_p50")).isTrue();
      assertThat(suites.path("smooth_turn_taking").has("latency_ms_p90")).isTrue();
      assertThat(suites.path("backchannel").has("false_stop_rate")).isTrue();
      assertThat(suites.path("user_interruption").has("stop_latency_ms_p50")).isTrue();
      assertThat(suites.path("user_interruption").has("tor")).isTrue();
    }
    assertThat(json.path("skipped").path("tool_use").asText()).isEqualTo("no tool agent");
    assertThat(json.path("stack").path("asr").asText()).isEqualTo("oracle");
  }

  @Test
  void ratesAreRatesAndLatenciesArePlausible() {
    for (SuiteScore score : result().scores()) {
      for (var metric : score.metrics().entrySet()) {
        double v = metric.getValue().doubleValue();
        if (metric.getKey().endsWith("rate") || metric.getKey().equals("tor")) {
          assertThat(v).as(score.config() + " " + metric.getKey()).isBetween(0.0, 1.0);
        }
        if (metric.getKey().contains("latency_ms")) {
          assertThat(v).as(score.config() + " " + metric.getKey()).isBetween(0.0, 5000.0);
        }
      }
    }
  }

  @Test
  void theNaiveBaselineStopsForBackchannelsAndParleyDoesNot() {
    assertThat(metric("naive", Suite.BACKCHANNEL, "false_stop_rate")).isEqualTo(1.0);
    assertThat(metric("default", Suite.BACKCHANNEL, "false_stop_rate")).isLessThan(1.0);
  }

  @Test
  void theNaiveBaselineTalksInPausesAtLeastAsOftenAsParley() {
    assertThat(metric("naive", Suite.PAUSE_HANDLING, "spoke_in_pause_rate"))
        .isGreaterThanOrEqualTo(metric("default", Suite.PAUSE_HANDLING, "spoke_in_pause_rate"));
  }

  @Test
  void writesAReportWithTheAnchorsAndAPictureOfEachFailingCall() throws Exception {
    String html = Files.readString(out.resolve("report.html"));
    assertThat(html)
        .contains("<h2>Metrics</h2>", "pause_handling.tor", "published anchor", "FDB v1");
    for (SuiteScore score : result().scores()) {
      for (Verdict v : score.failing()) {
        assertThat(html).contains(v.run().scenario().id());
        assertThat(Bench.callPage(out, v.run())).exists();
      }
    }
    assertThat(progress).contains("pause_handling", "default", "naive");
  }

  @Test
  void aScenarioThatFailsToRunIsListedAndTheSuiteGoesOn(@TempDir Path dir) throws Exception {
    List<Scenario> two = Bench.load(Suite.SMOOTH_TURN_TAKING, null).subList(0, 2);
    String broken = two.getFirst().name();
    AgentFactory agents =
        scenario -> {
          if (scenario.name().equals(broken)) {
            throw new IllegalStateException("agent would not start");
          }
          return AgentFactory.standIn().create(scenario);
        };
    Bench.Result r =
        Bench.run(
            List.of(new Bench.SuitePlan(Suite.SMOOTH_TURN_TAKING, two, Optional.empty())),
            List.of(BenchConfig.named("default")),
            stack(),
            agents,
            null,
            0,
            false,
            dir,
            new PrintWriter(new StringWriter()));
    SuiteScore score = r.score("default", Suite.SMOOTH_TURN_TAKING).orElseThrow();
    assertThat(score.verdicts()).hasSize(2);
    assertThat(score.failing()).hasSize(1);
    assertThat(score.failing().getFirst().failures())
        .anyMatch(f -> f.contains("agent would not start"));
    assertThat(score.verdicts().get(1).run().events()).isNotEmpty();
    assertThat(Files.readString(dir.resolve("report.html"))).contains(broken);
  }
}
