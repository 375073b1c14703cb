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

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.parley.report.CallReport;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Runs suites of scenarios under several configurations and writes {@code metrics.json}, {@code
 * report.html} and a call picture of every failing scenario ({@code calls/CONFIG/SUITE/NAME.html}).
 *
 * <pre>
 * scenario files ─▶ ScenarioParser ─▶ Scenario ─┬─▶ ScenarioRunner (per config) ─▶ ScenarioRun ─▶ Verdict
 *                                              │     SimulatedUser ⇄ VirtualSession (same runtime as converse)
 *                                              └─▶ SuiteScore (FDB metrics) ─▶ metrics.json, report.html
 * </pre>
 *
 * <p>Every scenario file is read before any call runs, so a bad file stops the run at once with its
 * file, line and problem. A call that fails is recorded as a failing scenario and the suite goes
 * on. Confined to the calling thread.
 */
public final class Bench {
  private Bench() {}

  /**
   * A suite's scenarios, or why the suite cannot run, and the recogniser it must use whatever the
   * run's {@code --asr} (the real-speech suites are always heard by the local recogniser).
   */
  public record SuitePlan(
      Suite suite,
      List<Scenario> scenarios,
      Optional<String> skipped,
      Optional<dev.parley.core.spi.SpeechRecognizer> recognizer) {
    public SuitePlan(Suite suite, List<Scenario> scenarios, Optional<String> skipped) {
      this(suite, scenarios, skipped, Optional.empty());
    }
  }

  /** What a run produced. */
  public record Result(
      List<SuiteScore> scores, Map<Suite, String> skipped, Path metricsJson, Path reportHtml) {
    public Result {
      scores = List.copyOf(scores);
      skipped = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(skipped));
    }

    /** The score of {@code suite} under {@code config}, if it ran. */
    public Optional<SuiteScore> score(String config, Suite suite) {
      return scores.stream()
          .filter(s -> s.config().equals(config) && s.suite() == suite)
          .findFirst();
    }
  }

  /**
   * Reads the scenarios of {@code suites}: each from {@code dir/SUITE.scn} if {@code dir} is given
   * and holds one, otherwise the bundled file.
   *
   * @throws ScenarioFormatException naming the file, line and problem of the first bad line
   * @throws IOException if a file cannot be read
   */
  public static List<Scenario> load(Suite suite, @Nullable Path dir)
      throws ScenarioFormatException, IOException {
    return load(suite, dir, null);
  }

  /**
   * Reads the scenarios of {@code suite} as {@link #load(Suite, Path)} does; relative recording
   * paths in the bundled files resolve under {@code home} (the installation, where {@code samples/}
   * is) when given.
   */
  public static List<Scenario> load(Suite suite, @Nullable Path dir, @Nullable Path home)
      throws ScenarioFormatException, IOException {
    if (dir != null) {
      Path file = dir.resolve(suite.id() + ".scn");
      if (Files.isRegularFile(file)) {
        return ScenarioParser.parse(
            suite, file.toString(), Files.readString(file, StandardCharsets.UTF_8), home);
      }
    }
    try (InputStream in = Bench.class.getResourceAsStream(suite.resource())) {
      if (in == null) {
        throw new NoSuchFileException(suite.resource());
      }
      return ScenarioParser.parse(
          suite, suite.id() + ".scn", new String(in.readAllBytes(), StandardCharsets.UTF_8), home);
    }
  }

  /**
   * Runs every planned suite under every configuration and writes the results into {@code out}.
   *
   * @param limit at most this many scenarios per suite (the first ones), or 0 for all
   * @param progress one line per suite and configuration
   */
  public static Result run(
      List<SuitePlan> plans,
      List<BenchConfig> configs,
      BenchStack stack,
      AgentFactory standIn,
      @Nullable AgentFactory toolAgent,
      int limit,
      boolean everyCall,
      Path out,
      PrintWriter progress)
      throws IOException, InterruptedException {
    return run(
        plans,
        configs,
        stack,
        standIn,
        toolAgent,
        limit,
        everyCall,
        out,
        progress,
        ScenarioRunner::run);
  }

  /** Runs one scenario as a whole call: the cascaded session's or a speech-to-speech model's. */
  @FunctionalInterface
  public interface CallRunner {
    ScenarioRun run(Scenario scenario, BenchConfig config, BenchStack stack, AgentFactory agents)
        throws InterruptedException;

    /** What answered the calls, for metrics.json and the report's reader. */
    default String describe() {
      return "cascaded session on a manual clock";
    }
  }

  /**
   * As {@link #run(List, List, BenchStack, AgentFactory, AgentFactory, int, boolean, Path,
   * PrintWriter)}, each call run by {@code calls}.
   */
  public static Result run(
      List<SuitePlan> plans,
      List<BenchConfig> configs,
      BenchStack stack,
      AgentFactory standIn,
      @Nullable AgentFactory toolAgent,
      int limit,
      boolean everyCall,
      Path out,
      PrintWriter progress,
      CallRunner calls)
      throws IOException, InterruptedException {
    Files.createDirectories(out);
    List<SuiteScore> scores = new ArrayList<>();
    Map<Suite, String> skipped = new LinkedHashMap<>();
    for (SuitePlan plan : plans) {
      if (plan.skipped().isPresent()) {
        skipped.put(plan.suite(), plan.skipped().get());
        progress.println(plan.suite().id() + ": skipped (" + plan.skipped().get() + ")");
        continue;
      }
      AgentFactory agents = plan.suite().needsTools() && toolAgent != null ? toolAgent : standIn;
      BenchStack suiteStack = plan.recognizer().map(stack::withRecognizer).orElse(stack);
      List<Scenario> scenarios =
          limit > 0 && plan.scenarios().size() > limit
              ? plan.scenarios().subList(0, limit)
              : plan.scenarios();
      for (BenchConfig config : configs) {
        List<Verdict> verdicts = new ArrayList<>();
        for (Scenario scenario : scenarios) {
          verdicts.add(judge(scenario, config, suiteStack, agents, calls));
        }
        SuiteScore score = SuiteScore.of(plan.suite(), config.name(), verdicts);
        scores.add(score);
        progress.println(
            String.format(
                Locale.ROOT,
                "%-20s %-10s %d/%d passed  %s",
                plan.suite().id(),
                config.name(),
                score.verdicts().stream().filter(Verdict::passed).count(),
                score.verdicts().size(),
                score.metrics()));
      }
    }
    writeCalls(scores, everyCall, out);
    Path metrics =
        write(out, "metrics.json", metricsJson(scores, skipped, configs, stack, calls.describe()));
    Path report =
        write(
            out,
            "report.html",
            BenchReport.render(scores, skipped, configs, stack).getBytes(StandardCharsets.UTF_8));
    return new Result(scores, skipped, metrics, report);
  }

  private static Verdict judge(
      Scenario scenario,
      BenchConfig config,
      BenchStack stack,
      AgentFactory agents,
      CallRunner calls)
      throws InterruptedException {
    try {
      return Verdict.of(calls.run(scenario, config, stack, agents));
    } catch (RuntimeException e) {
      ScenarioRun failed =
          new ScenarioRun(
              scenario,
              config.name(),
              List.of(),
              List.of(),
              new java.util.BitSet(),
              List.of("the scenario failed to run: " + e),
              0,
              java.util.Set.of());
      return new Verdict(failed, false, false, failed.notes(), Map.of());
    }
  }

  /**
   * The picture of every failing call (or every call), as {@code parley converse} draws one, and
   * its events beside it.
   */
  private static void writeCalls(List<SuiteScore> scores, boolean everyCall, Path out)
      throws IOException {
    for (SuiteScore score : scores) {
      for (Verdict v : everyCall ? score.verdicts() : score.failing()) {
        Path file = callPage(out, v.run());
        Files.createDirectories(file.getParent());
        String title = v.run().scenario().id() + " (" + v.run().config() + ")";
        Files.writeString(
            file,
            CallReport.render(title, v.run().callMillis(), v.run().events()),
            StandardCharsets.UTF_8);
        StringBuilder jsonl = new StringBuilder();
        for (var e : v.run().events()) {
          jsonl.append(dev.parley.core.event.EventJson.toJson(e)).append('\n');
        }
        for (var span : v.run().spans()) {
          jsonl.append(
              String.format(
                  Locale.ROOT,
                  "{\"type\":\"bench_user_%s\",\"startMillis\":%d,\"endMillis\":%d}%n",
                  span.kind().name().toLowerCase(Locale.ROOT),
                  span.startMillis(),
                  span.endMillis()));
        }
        Files.writeString(
            file.resolveSibling(v.run().scenario().name() + ".events.jsonl"),
            jsonl.toString(),
            StandardCharsets.UTF_8);
      }
    }
  }

  /** Where the picture of {@code run} goes under {@code out}. */
  static Path callPage(Path out, ScenarioRun run) {
    return out.resolve(relativeCallPage(run));
  }

  static String relativeCallPage(ScenarioRun run) {
    return "calls/"
        + safe(run.config())
        + "/"
        + run.scenario().suite().id()
        + "/"
        + run.scenario().name()
        + ".html";
  }

  private static String safe(String name) {
    return name.replaceAll("[^A-Za-z0-9_.-]", "_");
  }

  private static Path write(Path dir, String name, byte[] bytes) throws IOException {
    Path temp = dir.resolve("." + name + ".tmp");
    Files.write(temp, bytes);
    Path target = dir.resolve(name);
    Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    return target;
  }

  /**
   * {@code {"configs": {CONFIG: {SUITE: {METRIC: value}}}, "failing": {...}, "skipped": {...},
   * "stack": {...}}}.
   */
  static byte[] metricsJson(
      List<SuiteScore> scores,
      Map<Suite, String> skipped,
      List<BenchConfig> configs,
      BenchStack stack,
      String calls)
      throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (JsonGenerator json = new JsonFactory().createGenerator(bytes, JsonEncoding.UTF8)) {
      json.useDefaultPrettyPrinter();
      json.writeStartObject();
      json.writeObjectFieldStart("configs");
      for (BenchConfig config : configs) {
        json.writeObjectFieldStart(config.name());
        for (SuiteScore s : scores) {
          if (s.config().equals(config.name())) {
            json.writeObjectFieldStart(s.suite().id());
            for (var metric : s.metrics().entrySet()) {
              json.writeFieldName(metric.getKey());
              Number n = metric.getValue();
              if (n instanceof Double d) {
                json.writeNumber(d);
              } else {
                json.writeNumber(n.longValue());
              }
            }
            json.writeEndObject();
          }
        }
        json.writeEndObject();
      }
      json.writeEndObject();
      json.writeObjectFieldStart("failing");
      for (BenchConfig config : configs) {
        json.writeObjectFieldStart(config.name());
        for (SuiteScore s : scores) {
          if (s.config().equals(config.name()) && !s.failing().isEmpty()) {
            json.writeObjectFieldStart(s.suite().id());
            for (Verdict v : s.failing()) {
              json.writeArrayFieldStart(v.run().scenario().name());
              for (String f : v.failures()) {
                json.writeString(f);
              }
              json.writeEndArray();
            }
            json.writeEndObject();
          }
        }
        json.writeEndObject();
      }
      json.writeEndObject();
      // Which suites' users were real people, so no reader takes a synthetic number for one.
      json.writeObjectFieldStart("speech");
      for (Suite suite : Suite.values()) {
        if (scores.stream().anyMatch(s -> s.suite() == suite)) {
          json.writeStringField(suite.id(), suite.speech());
        }
      }
      json.writeEndObject();
      json.writeObjectFieldStart("skipped");
      for (var e : skipped.entrySet()) {
        json.writeStringField(e.getKey().id(), e.getValue());
      }
      json.writeEndObject();
      json.writeObjectFieldStart("stack");
      json.writeStringField("calls", calls);
      json.writeStringField("asr", stack.asrName());
      json.writeStringField("vad", stack.vad().name());
      json.writeStringField("agentVoice", stack.agentVoice().name());
      json.writeStringField("userVoice", stack.userVoice().name());
      json.writeStringField("turnDetector", stack.turnDetector().map(t -> t.name()).orElse("none"));
      json.writeStringField("completionModel", stack.completion().name());
      json.writeObjectFieldStart("latencyMillis");
      for (var e : new java.util.TreeMap<>(stack.latency().millisByComponent()).entrySet()) {
        json.writeNumberField(e.getKey(), e.getValue());
      }
      json.writeEndObject();
      json.writeEndObject();
      json.writeEndObject();
    }
    bytes.write('\n');
    return bytes.toByteArray();
  }
}
