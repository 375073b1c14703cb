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

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parley.core.spi.VoiceActivityDetector;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code parley vad}: prints the speech segments of a recording, with segmentation settings of its
 * own (Silero's defaults; see {@code docs/vad.md}), not the session's turn settings, and scores
 * them against a reference labelling when given one.
 */
@Command(
    name = "vad",
    mixinStandardHelpOptions = true,
    description = {
      "Prints the speech segments of a recording as JSON {\"segments\":[{\"startMillis\",\"endMillis\"}]}.",
      "Segmentation follows Silero's get_speech_timestamps with its defaults (see docs/vad.md);",
      "these are not the turn settings a call uses."
    })
final class VadCommand implements Callable<Integer> {
  @Parameters(paramLabel = "IN.wav", description = "The recording (any rate, mono or stereo).")
  @Nullable Path input;

  @Option(
      names = "--vad",
      defaultValue = "silero",
      paramLabel = "NAME",
      description = "silero or energy (default: ${DEFAULT-VALUE}).")
  String vad = "silero";

  @Option(
      names = "--threshold",
      defaultValue = "0.5",
      paramLabel = "P",
      description = "A window at or above this probability is speech (default: ${DEFAULT-VALUE}).")
  double threshold = 0.5;

  @Option(
      names = "--stop-threshold",
      paramLabel = "P",
      description =
          "Once speech started, a window below this is silence (default: the threshold - 0.15,"
              + " as Silero).")
  @Nullable Double stopThreshold;

  @Option(
      names = "--min-speech-ms",
      defaultValue = "250",
      paramLabel = "MS",
      description = "Shorter segments are dropped (default: ${DEFAULT-VALUE}).")
  long minSpeechMillis = 250;

  @Option(
      names = "--min-silence-ms",
      defaultValue = "100",
      paramLabel = "MS",
      description = "A segment ends only after this much silence (default: ${DEFAULT-VALUE}).")
  long minSilenceMillis = 100;

  @Option(
      names = "--pad-ms",
      defaultValue = "30",
      paramLabel = "MS",
      description = "Added before and after each segment (default: ${DEFAULT-VALUE}).")
  long padMillis = 30;

  @Option(
      names = "--reference",
      paramLabel = "FILE.json",
      description =
          "Scores the segments against true speech: {\"segments\":[...]} as this command prints,"
              + " or {\"words\":[...]} as `parley transcribe` prints; adds \"frameAccuracy\""
              + " (the share of 10 ms frames on which both agree).")
  @Nullable Path reference;

  @CommandLine.Spec CommandLine.Model.@Nullable CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec == null ? Main.console(System.out) : spec.commandLine().getOut();
    PrintWriter err = spec == null ? Main.console(System.err) : spec.commandLine().getErr();
    VadSegmentation.Settings settings;
    try {
      settings =
          new VadSegmentation.Settings(
              threshold,
              stopThreshold == null ? Math.max(0.01, threshold - 0.15) : stopThreshold,
              minSpeechMillis,
              minSilenceMillis,
              padMillis);
    } catch (IllegalArgumentException e) {
      throw new UsageException(String.valueOf(e.getMessage()), e);
    }
    short[] audio = Converse.readUserAudio(Objects.requireNonNull(input), err);
    @Nullable List<VadSegmentation.Segment> truth =
        reference == null ? null : readReference(reference);
    VoiceActivityDetector detector = SpeechStack.vad(vad, err);
    List<VadSegmentation.Segment> segments =
        VadSegmentation.segments(
            probabilities(detector, audio), detector.windowSamples(), audio.length, settings);
    StringBuilder json = new StringBuilder("{\"segments\":[");
    for (int i = 0; i < segments.size(); i++) {
      json.append(i == 0 ? "" : ",")
          .append("{\"startMillis\":")
          .append(segments.get(i).startMillis())
          .append(",\"endMillis\":")
          .append(segments.get(i).endMillis())
          .append('}');
    }
    json.append(']');
    if (truth != null) {
      json.append(
          String.format(
              Locale.ROOT,
              ",\"frameAccuracy\":%.4f",
              VadSegmentation.frameAccuracy(segments, truth, audio.length / 16L)));
    }
    out.println(json.append('}'));
    out.flush();
    return 0;
  }

  /** The detector's speech probability for every whole window of {@code audio}. */
  static float[] probabilities(VoiceActivityDetector detector, short[] audio) {
    int window = detector.windowSamples();
    float[] p = new float[audio.length / window];
    try (VoiceActivityDetector.Stream stream = detector.open()) {
      for (int i = 0; i < p.length; i++) {
        p[i] = stream.speechProbability(audio, i * window);
      }
    }
    return p;
  }

  /** True speech from a reference file: segments, or the spans of recognised or aligned words. */
  static List<VadSegmentation.Segment> readReference(Path file) throws UsageException {
    JsonNode root;
    try {
      root = new ObjectMapper().readTree(Files.readString(file));
    } catch (IOException e) {
      throw new UsageException("--reference " + file + ": " + e.getMessage(), e);
    }
    @Nullable JsonNode items =
        root == null ? null : root.has("segments") ? root.get("segments") : root.get("words");
    if (items == null || !items.isArray()) {
      throw new UsageException(
          "--reference " + file + ": expected {\"segments\":[...]} or {\"words\":[...]}");
    }
    List<VadSegmentation.Segment> out = new ArrayList<>();
    for (JsonNode item : items) {
      if (!item.path("startMillis").canConvertToLong()
          || !item.path("endMillis").canConvertToLong()
          || item.path("endMillis").asLong() < item.path("startMillis").asLong()) {
        throw new UsageException(
            "--reference " + file + ": every item needs startMillis <= endMillis, found " + item);
      }
      out.add(
          new VadSegmentation.Segment(
              item.path("startMillis").asLong(), item.path("endMillis").asLong()));
    }
    return out;
  }
}
