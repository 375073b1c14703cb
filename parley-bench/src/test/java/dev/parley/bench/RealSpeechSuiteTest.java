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
import dev.parley.core.spi.ProviderException;
import dev.parley.core.spi.SpeechRecognizer;
import dev.parley.speech.sphinx.SphinxRecognizer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.TestAbortedException;

/**
 * The real-speech suites: their files parse against the installed recordings, and a case runs
 * through the bench with the local recogniser even though the run's ASR is the oracle.
 */
class RealSpeechSuiteTest {
  private static final Path DATA = Path.of("/usr/share/pocketsphinx/test/data");
  private static final Path HOME = Path.of("..").toAbsolutePath().normalize();

  private static TestAbortedException missing(String what) {
    String message = what + " (install with bin/setup)";
    if (Boolean.parseBoolean(System.getenv("PARLEY_REQUIRE_MODELS"))) {
      throw new AssertionError(message);
    }
    return new TestAbortedException(message);
  }

  private static List<Scenario> load(Suite suite) throws Exception {
    if (!Files.isDirectory(DATA)) {
      throw missing("Debian's pocketsphinx-testdata in " + DATA);
    }
    return Bench.load(suite, null, HOME);
  }

  @Test
  void bothHalvesParseAndShareNoRecording() throws Exception {
    List<Scenario> dev = load(Suite.REAL);
    List<Scenario> heldOut = load(Suite.REAL_HELDOUT);
    assertThat(dev).hasSizeGreaterThanOrEqualTo(12);
    assertThat(heldOut).hasSizeGreaterThanOrEqualTo(12);
    // A held-out case must not replay a recording the development half plays: a rule tuned on it
    // would pass it for free.
    assertThat(recordings(heldOut)).doesNotContainAnyElementsOf(recordings(dev));
    for (List<Scenario> half : List.of(dev, heldOut)) {
      assertThat(half)
          .anyMatch(s -> has(s, Scenario.Expectation.Hold.class))
          .anyMatch(s -> has(s, Scenario.Expectation.Stop.class))
          .allMatch(
              s -> s.steps().stream().noneMatch(step -> step instanceof Scenario.Step.Say),
              "no synthetic speech in a real-speech case");
    }
  }

  private static boolean has(Scenario s, Class<? extends Scenario.Expectation> kind) {
    return s.expectations().stream().anyMatch(kind::isInstance);
  }

  private static List<Path> recordings(List<Scenario> scenarios) {
    return scenarios.stream()
        .flatMap(s -> s.steps().stream())
        .filter(step -> step instanceof Scenario.Step.Recording)
        .map(step -> ((Scenario.Step.Recording) step).wav())
        .distinct()
        .toList();
  }

  @Test
  void aRealCaseIsHeardByTheLocalRecogniserAndLabelledInTheMetrics(@TempDir Path out)
      throws Exception {
    Scenario first = load(Suite.REAL).getFirst();
    SpeechRecognizer sphinx;
    try {
      sphinx = SphinxRecognizer.loadDefault();
    } catch (ProviderException e) {
      throw missing("PocketSphinx: " + e.getMessage());
    }
    AtomicInteger opened = new AtomicInteger();
    SpeechRecognizer counting =
        new SpeechRecognizer() {
          @Override
          public String name() {
            return sphinx.name();
          }

          @Override
          public Stream open(Options options, Listener listener) {
            opened.incrementAndGet();
            return sphinx.open(options, listener);
          }
        };
    Bench.Result r =
        Bench.run(
            List.of(
                new Bench.SuitePlan(
                    Suite.REAL, List.of(first), Optional.empty(), Optional.of(counting))),
            List.of(BenchConfig.named("default")),
            BenchTest.stack(),
            AgentFactory.standIn(),
            null,
            0,
            false,
            out,
            new PrintWriter(new StringWriter()));

    assertThat(opened.get()).as("recogniser streams opened").isPositive();
    SuiteScore score = r.score("default", Suite.REAL).orElseThrow();
    assertThat(score.metrics()).containsKeys("pause_tor", "take_rate", "pass_rate");
    JsonNode json = new ObjectMapper().readTree(Files.readString(out.resolve("metrics.json")));
    assertThat(json.path("speech").path("real").asText()).contains("real human recordings");
    assertThat(json.path("configs").path("default").path("real").has("pause_tor")).isTrue();
    assertThat(Files.readString(out.resolve("report.html")))
        .contains("real: real human recordings spliced at word boundaries");
  }
}
