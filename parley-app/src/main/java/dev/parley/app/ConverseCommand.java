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

import dev.parley.core.clock.WallCalendar;
import dev.parley.core.s2s.SpeechToSpeech;
import dev.parley.core.session.ModelledLatency;
import dev.parley.core.session.SessionConfig;
import dev.parley.core.spi.Agent;
import dev.parley.core.spi.SpeechRecognizer;
import dev.parley.core.tool.Tool;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code parley converse}: runs a recorded call through a session offline. */
@Command(
    name = "converse",
    mixinStandardHelpOptions = true,
    description = {
      "Streams a recording of the user into a session as if it were a live call, and writes",
      "call.wav (user left, agent right), timeline.json, events.jsonl and report.html."
    })
final class ConverseCommand implements Callable<Integer> {
  @Option(
      names = "--user",
      required = true,
      paramLabel = "IN.wav",
      description =
          "The user's recording (any rate, mono or stereo; PCM16, float32, mu-law or A-law).")
  @Nullable Path user;

  @Option(
      names = "--out",
      required = true,
      paramLabel = "DIR",
      description = "Where to write the results (created if missing).")
  @Nullable Path out;

  @Option(
      names = "--transcript",
      paramLabel = "WORDS.json",
      description =
          "Time-aligned words {\"words\":[{\"text\",\"startMillis\",\"endMillis\"}]} for an oracle recogniser.")
  @Nullable Path transcript;

  @Option(
      names = "--transcript-delay-ms",
      defaultValue = "100",
      paramLabel = "MS",
      description = "How long after a word ends the oracle reports it (default: ${DEFAULT-VALUE}).")
  long transcriptDelayMillis;

  @Option(
      names = "--agent",
      defaultValue = Agents.DEFAULT,
      paramLabel = "NAME",
      description =
          "The agent (default: ${DEFAULT-VALUE}, the offline travel-desk demo; known: "
              + Agents.KNOWN
              + "; or a speech-to-speech model, "
              + SpeechModels.KNOWN
              + ", run live on the wall clock).")
  String agent = Agents.DEFAULT;

  @CommandLine.Mixin SpeechModelOptions speechModel = new SpeechModelOptions();

  @Option(
      names = "--greeting",
      paramLabel = "TEXT",
      description =
          "What the agent says as the call starts, before the recording's first words"
              + " (interruptible); default: none, as the recording's caller speaks first.")
  @Nullable String greeting;

  @Option(
      names = "--today",
      paramLabel = "YYYY-MM-DD",
      description =
          "The date the agent takes as today (default: the machine's date); fix it to replay a"
              + " call exactly on any day.")
  @Nullable LocalDate today;

  @Option(
      names = "--vad",
      defaultValue = "silero",
      paramLabel = "NAME",
      description = "The voice activity detector: silero or energy (default: ${DEFAULT-VALUE}).")
  String vad = "silero";

  @Option(
      names = "--tts",
      defaultValue = "flite",
      paramLabel = "NAME",
      description =
          "The speech synthesiser: flite, placeholder, or piper:VOICE.onnx for a Piper voice you"
              + " supply (default: ${DEFAULT-VALUE}).")
  String tts = "flite";

  @Option(
      names = "--stt",
      defaultValue = "sphinx",
      paramLabel = "NAME",
      description =
          "The speech recogniser when there is no --transcript: sphinx, none, vosk:MODEL_DIR or"
              + " whisper:MODEL.bin for a model you supply (default: ${DEFAULT-VALUE}).")
  String stt = "sphinx";

  @Option(
      names = "--tail-seconds",
      defaultValue = "5",
      paramLabel = "S",
      description =
          "How long the call goes on after the recording ends (default: ${DEFAULT-VALUE}).")
  double tailSeconds;

  @Option(
      names = "--real-time",
      description = "Run on the wall clock with true latencies instead of the virtual clock.")
  boolean realTime;

  @Option(
      names = "--latency",
      paramLabel = "COMPONENT=MS",
      description =
          "Modelled latency of a component on the virtual clock (stt, agent, tts, turn), replacing the measured default (tts=40 with Flite); repeatable.")
  Map<String, Long> latency = new TreeMap<>();

  @Option(
      names = "--latency-from",
      paramLabel = "EVENTS.jsonl",
      description =
          "Charge the agent's and the synthesiser's latency as measured in a real run (the"
              + " events.jsonl of converse --real-time or a served call): their medians replace the"
              + " defaults on the virtual clock; --latency still wins.")
  @Nullable Path latencyFrom;

  @CommandLine.Spec CommandLine.Model.@Nullable CommandSpec spec;

  /** Where a speech-to-speech model's key is read from; tests give their own. */
  Map<String, String> env = System.getenv();

  private Agent opening(Agent named) throws UsageException {
    try {
      return Agents.opening(named, greeting, false);
    } catch (IllegalArgumentException e) {
      throw new UsageException("--greeting: " + e.getMessage(), e);
    }
  }

  @Override
  public Integer call() throws Exception {
    Path userPath = java.util.Objects.requireNonNull(user);
    Path outPath = java.util.Objects.requireNonNull(out);
    if (tailSeconds < 0 || tailSeconds > 600) {
      throw new UsageException("--tail-seconds must be between 0 and 600");
    }
    for (var entry : latency.entrySet()) {
      if (entry.getValue() < 0) {
        throw new UsageException("--latency " + entry.getKey() + " must not be negative");
      }
    }
    // Everything that can be wrong with the input is found before anything is written.
    PrintWriter err = spec == null ? Main.console(System.err) : spec.commandLine().getErr();
    short[] audio = Converse.readUserAudio(userPath, err);
    List<SpeechRecognizer.Word> words =
        transcript == null ? List.of() : TranscriptFile.read(transcript);
    LocalDate day = today == null ? WallCalendar.today() : today;
    PrintWriter console = spec == null ? Main.console(System.out) : spec.commandLine().getOut();
    if (SpeechModels.names(agent)) {
      return speechToSpeech(audio, userPath, day, err, console);
    }
    speechModel.refuseForCascaded();
    OutputDir dir = OutputDir.prepare(outPath);
    var components =
        SpeechStack.components(
            SpeechStack.vad(vad, err),
            SpeechStack.synthesizer(tts, err),
            SpeechStack.recognizer(stt, words, transcriptDelayMillis, err),
            SpeechStack.turnDetector(err),
            opening(SpeechStack.agent(agent, day)));

    ModelledLatency charged = SpeechStack.measuredLatency(components);
    if (latencyFrom != null) {
      charged = charged.overriddenBy(RecordedLatency.read(latencyFrom));
    }
    charged = charged.overriddenBy(latency);
    Converse.Result result =
        Converse.run(
            audio,
            components,
            SessionConfig.defaults(),
            charged,
            Math.round(tailSeconds * 1000),
            realTime,
            dir,
            userPath.getFileName().toString());
    String wordsFrom =
        transcript == null
            ? "recognised by " + components.recognizer().name()
            : "oracle transcript (diagnostic) " + transcript + ", not recognised";
    String clock =
        realTime
            ? "wall clock, every component's real latency"
            : "virtual, components charged " + charged.millisByComponent() + " ms";
    Summary.print(console, result, wordsFrom, clock);
    return 0;
  }

  /** The call with a speech-to-speech model: live, on the wall clock, with the same files. */
  private int speechToSpeech(
      short[] audio, Path userPath, LocalDate day, PrintWriter err, PrintWriter console)
      throws Exception {
    SpeechToSpeech model;
    try {
      model = SpeechModels.create(agent, env);
    } catch (IllegalArgumentException e) {
      throw new UsageException(String.valueOf(e.getMessage()), e);
    }
    List<Tool> callable = speechModel.tools(day);
    Agent mind = speechModel.delegate(day);
    err.println(
        "parley: "
            + model.name()
            + " is a speech-to-speech model: the call runs live on the wall clock (real"
            + " latencies; runs differ)");
    err.flush();
    Converse.Result result =
        Converse.runSpeechToSpeech(
            audio,
            model,
            SpeechModels.INSTRUCTIONS,
            callable,
            mind,
            Math.round(tailSeconds * 1000),
            OutputDir.prepare(java.util.Objects.requireNonNull(out)),
            userPath.getFileName().toString());
    Summary.print(
        console,
        result,
        "heard by " + model.name() + " itself",
        "wall clock, the model's real latency");
    return 0;
  }
}
