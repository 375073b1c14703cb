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

import dev.parley.agent.demo.ToolLatency;
import dev.parley.agent.demo.TravelDeskAgent;
import dev.parley.bench.AgentFactory;
import dev.parley.bench.Bench;
import dev.parley.bench.BenchConfig;
import dev.parley.bench.BenchStack;
import dev.parley.bench.Scenario;
import dev.parley.bench.ScenarioFormatException;
import dev.parley.bench.ScenarioRunner;
import dev.parley.bench.SpeechToSpeechRunner;
import dev.parley.bench.Suite;
import dev.parley.bench.UserVoice;
import dev.parley.core.clock.MediaClock;
import dev.parley.core.session.ModelledLatency;
import dev.parley.core.spi.ProviderException;
import dev.parley.core.spi.SpeechRecognizer;
import dev.parley.core.spi.SpeechSynthesizer;
import dev.parley.speech.sphinx.SphinxRecognizer;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code parley bench}: the built-in full-duplex benchmark. */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = {
      "Runs the full-duplex benchmark (Full-Duplex-Bench v1 and v3 metrics): each scenario is a",
      "whole call on the virtual clock with a simulated user speaking in the embedded voice.",
      "Compares configurations side by side and writes DIR/metrics.json and DIR/report.html."
    })
final class BenchCommand implements Callable<Integer> {
  /**
   * What an LLM's first token costs in the benchmark's calls: the middle of the 100–200 ms budget.
   */
  static final long AGENT_MILLIS = 150;

  /** Where Debian's pocketsphinx-testdata puts the real recordings the real-speech suites use. */
  static final Path REAL_SPEECH_DATA = Path.of("/usr/share/pocketsphinx/test/data");

  @Option(
      names = "--suite",
      paramLabel = "NAME",
      description =
          "A suite, or all (default): pause_handling, smooth_turn_taking, backchannel,"
              + " user_interruption, self_correction, tool_use, real (real human speech, always"
              + " heard by the local recogniser: real and real_heldout); repeatable.")
  List<String> suites = new ArrayList<>();

  @Option(
      names = "--config",
      paramLabel = "NAME|FILE",
      description =
          "Adds a configuration beside default and naive: a name or a file of key = value lines"
              + " (see docs/bench.md); repeatable.")
  List<String> configs = new ArrayList<>();

  @Option(
      names = "--asr",
      defaultValue = "oracle",
      paramLabel = "oracle|local",
      description =
          "oracle: the user's words reach the engine exactly (isolates the engine); local:"
              + " PocketSphinx recognises the synthesised audio (default: ${DEFAULT-VALUE}).")
  String asr = "oracle";

  @Option(
      names = "--out",
      required = true,
      paramLabel = "DIR",
      description = "Where to write metrics.json, report.html and calls/ (created if missing).")
  @Nullable Path out;

  @Option(
      names = "--scenarios",
      paramLabel = "DIR",
      description = "Reads SUITE.scn from DIR instead of the bundled file, where DIR has one.")
  @Nullable Path scenarios;

  @Option(
      names = "--limit",
      defaultValue = "0",
      paramLabel = "N",
      description = "Runs only the first N scenarios of each suite (0: all).")
  int limit;

  @Option(
      names = "--every-call",
      description =
          "Writes the picture and events of every call under calls/, not only failing ones.")
  boolean everyCall;

  @Option(
      names = "--vad",
      defaultValue = "silero",
      paramLabel = "NAME",
      description = "silero or energy (default: ${DEFAULT-VALUE}).")
  String vad = "silero";

  @Option(
      names = "--latency",
      paramLabel = "COMPONENT=MS",
      description =
          "Modelled latency of a component (agent, tts, stt, turn); defaults agent="
              + AGENT_MILLIS
              + ", tts=40 with Flite; repeatable.")
  Map<String, Long> latency = new TreeMap<>();

  @Option(
      names = "--agent",
      paramLabel = "MODEL",
      description =
          "Runs every call through a speech-to-speech model, as the voice of the scenario's agent:"
              + " "
              + SpeechModels.KNOWN
              + " (keys from the environment). Live on the wall clock: a scenario takes as long as"
              + " it lasts.")
  @Nullable String agent;

  /** The environment the model's key is read from (tests give their own). */
  Map<String, String> env = System.getenv();

  /** The models of {@code --agent}'s calls; tests put a loopback fake's here. */
  SpeechToSpeechRunner.@Nullable Models models;

  @CommandLine.Spec CommandLine.Model.@Nullable CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    Path outPath = java.util.Objects.requireNonNull(out);
    PrintWriter err = spec == null ? Main.console(System.err) : spec.commandLine().getErr();
    PrintWriter console = spec == null ? Main.console(System.out) : spec.commandLine().getOut();
    if (limit < 0) {
      throw new UsageException("--limit must not be negative");
    }
    for (var entry : latency.entrySet()) {
      if (entry.getValue() < 0) {
        throw new UsageException("--latency " + entry.getKey() + " must not be negative");
      }
    }
    List<Suite> chosen = suites();
    List<BenchConfig> benchConfigs = configs();
    if (scenarios != null && !Files.isDirectory(scenarios)) {
      throw new UsageException("--scenarios " + scenarios + ": not a directory");
    }
    // Every scenario file is read before anything runs: a bad one is the only thing reported.
    AgentFactory toolAgent = toolAgent();
    List<Bench.SuitePlan> plans = new ArrayList<>();
    String home = System.getenv("PARLEY_HOME");
    @Nullable Path recordings = home == null ? null : Path.of(home);
    for (Suite suite : chosen) {
      if (suite.realSpeech() && !Files.isDirectory(REAL_SPEECH_DATA)) {
        plans.add(
            new Bench.SuitePlan(
                suite,
                List.of(),
                Optional.of(
                    "needs Debian's pocketsphinx-testdata in "
                        + REAL_SPEECH_DATA
                        + " (bin/setup installs it)")));
        continue;
      }
      List<Scenario> list;
      try {
        list = Bench.load(suite, scenarios, recordings);
      } catch (ScenarioFormatException e) {
        throw new UsageException(String.valueOf(e.getMessage()), e);
      } catch (IOException e) {
        throw new UsageException(
            "cannot read the scenarios of " + suite.id() + ": " + e.getMessage(), e);
      }
      Optional<String> skipped =
          suite.needsTools() && toolAgent == null
              ? Optional.of("needs an agent with tools; none is built into this version")
              : Optional.empty();
      plans.add(new Bench.SuitePlan(suite, list, skipped));
    }
    try {
      Files.createDirectories(outPath);
    } catch (IOException e) {
      throw new UsageException("cannot write to --out " + outPath + ": " + e.getMessage(), e);
    }
    if (!Files.isWritable(outPath)) {
      throw new UsageException("cannot write to --out " + outPath);
    }

    SpeechSynthesizer voice = SpeechStack.synthesizer("flite", err);
    var vadEngine = SpeechStack.vad(vad, err);
    SpeechRecognizer recognizer = null;
    if (asr.equals("local")) {
      try {
        recognizer = SphinxRecognizer.loadDefault();
      } catch (ProviderException e) {
        throw new UsageException("--asr local needs PocketSphinx: " + e.getMessage(), e);
      }
    } else if (!asr.equals("oracle")) {
      throw new UsageException("unknown --asr '" + asr + "' (known: oracle, local)");
    }
    plans = withLocalRecognizer(plans, recognizer);
    ModelledLatency modelled = ModelledLatency.none().with("agent", AGENT_MILLIS);
    if (voice.name().startsWith("flite")) {
      modelled = modelled.with("tts", 40);
    }
    BenchStack stack =
        new BenchStack(
            vadEngine,
            voice,
            SpeechStack.turnDetector(err),
            recognizer,
            new UserVoice(voice),
            modelled.overriddenBy(latency),
            100,
            dev.parley.embed.Speech.completionModel());
    Bench.CallRunner calls = speechToSpeech(err);
    MediaClock clock = MediaClock.system();
    long started = clock.nanos();
    Bench.Result result =
        Bench.run(
            plans,
            benchConfigs,
            stack,
            AgentFactory.standIn(),
            toolAgent,
            limit,
            everyCall,
            outPath,
            console,
            calls);
    double seconds = (clock.nanos() - started) / 1e9;
    console.println(
        String.format(
            Locale.ROOT,
            "wrote %s and %s in %.1f s",
            result.metricsJson(),
            result.reportHtml(),
            seconds));
    return 0;
  }

  /**
   * The real-speech suites are heard by the local recogniser whatever {@code --asr} says: an oracle
   * would hand over words timed evenly over the recording, not as the person said them. Without
   * PocketSphinx they are skipped, saying why.
   */
  /** The cascaded session's calls, or {@code --agent}'s speech-to-speech model's. */
  private Bench.CallRunner speechToSpeech(PrintWriter err) throws UsageException {
    String spec = agent;
    if (spec == null) {
      return ScenarioRunner::run;
    }
    if (!SpeechModels.names(spec)) {
      throw new UsageException(
          "--agent names a speech-to-speech model ("
              + SpeechModels.KNOWN
              + "), not '"
              + spec
              + "'");
    }
    SpeechToSpeechRunner.Models chosen = models;
    String kind = spec.substring(0, spec.indexOf(':'));
    String description =
        kind
            + (chosen == null
                ? " at " + spec.substring(spec.indexOf(':') + 1)
                : " (a loopback fake)");
    if (chosen == null) {
      try {
        SpeechModels.create(spec, env); // a bad address or a missing key, before anything runs
      } catch (IllegalArgumentException e) {
        throw new UsageException(String.valueOf(e.getMessage()), e);
      }
      chosen = caller -> SpeechModels.create(spec, env);
    }
    err.println(
        "bench: every call runs live on the wall clock through "
            + kind
            + ", as the voice of the scenario's agent");
    return new SpeechToSpeechRunner(chosen, description);
  }

  private static List<Bench.SuitePlan> withLocalRecognizer(
      List<Bench.SuitePlan> plans, @Nullable SpeechRecognizer local) {
    List<Bench.SuitePlan> out = new ArrayList<>();
    SpeechRecognizer recognizer = local;
    @Nullable String missing = null;
    for (Bench.SuitePlan plan : plans) {
      if (!plan.suite().realSpeech() || plan.skipped().isPresent()) {
        out.add(plan);
        continue;
      }
      if (recognizer == null && missing == null) {
        try {
          recognizer = SphinxRecognizer.loadDefault();
        } catch (ProviderException e) {
          missing = "needs the local recogniser (PocketSphinx): " + e.getMessage();
        }
      }
      out.add(
          missing != null || recognizer == null
              ? new Bench.SuitePlan(
                  plan.suite(), plan.scenarios(), Optional.of(String.valueOf(missing)))
              : new Bench.SuitePlan(
                  plan.suite(), plan.scenarios(), Optional.empty(), Optional.of(recognizer)));
    }
    return out;
  }

  private List<Suite> suites() throws UsageException {
    List<Suite> chosen = new ArrayList<>();
    if (suites.isEmpty() || suites.contains("all")) {
      return List.of(Suite.values());
    }
    for (String name : suites) {
      if (name.equals(Suite.REAL_FAMILY)) {
        for (Suite real : List.of(Suite.REAL, Suite.REAL_HELDOUT)) {
          if (!chosen.contains(real)) {
            chosen.add(real);
          }
        }
        continue;
      }
      Suite suite =
          Suite.byId(name)
              .orElseThrow(
                  () ->
                      new UsageException(
                          "unknown suite '"
                              + name
                              + "' (known: all, "
                              + String.join(
                                  ", ",
                                  java.util.Arrays.stream(Suite.values()).map(Suite::id).toList())
                              + ")"));
      if (!chosen.contains(suite)) {
        chosen.add(suite);
      }
    }
    return chosen;
  }

  private List<BenchConfig> configs() throws UsageException {
    Map<String, BenchConfig> byName = new LinkedHashMap<>();
    List<String> names = new ArrayList<>(List.of("default", "naive"));
    names.addAll(configs);
    for (String name : names) {
      BenchConfig config;
      try {
        config = BenchConfig.named(name);
      } catch (BenchConfig.ConfigException e) {
        throw new UsageException(String.valueOf(e.getMessage()), e);
      }
      byName.putIfAbsent(config.name(), config);
    }
    return List.copyOf(byName.values());
  }

  /** The agent with tools the FDB-v3 suites need, if this build has one. */
  /**
   * The demo travel desk for the tool suites, on the reference date the scenarios were written for
   * (Monday 2 March 2026), each tool taking the latency its scenario gives.
   */
  private static @Nullable AgentFactory toolAgent() {
    return scenario ->
        TravelDeskAgent.create(
            REFERENCE_DATE,
            latency(scenario, "search_flights"),
            latency(scenario, "book_flight"),
            latency(scenario, "booking_status"));
  }

  private static final LocalDate REFERENCE_DATE = LocalDate.of(2026, 3, 2);

  private static ToolLatency latency(Scenario scenario, String tool) {
    Long millis = scenario.toolLatencyMillis().get(tool);
    return millis == null
        ? ToolLatency.logNormal(600, 0.8)
        : ToolLatency.fixed(Duration.ofMillis(millis));
  }
}
