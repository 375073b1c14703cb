package dev.parley.app;

import dev.parley.core.session.SessionConfig;
import dev.parley.core.spi.VoiceActivityDetector;
import dev.parley.core.turn.SpeechSegmenter;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code parley vad}: prints the speech segments of a recording. */
@Command(
    name = "vad",
    mixinStandardHelpOptions = true,
    description =
        "Prints the speech segments of a recording as JSON {\"segments\":[{\"startMillis\",\"endMillis\"}]}.")
final class VadCommand implements Callable<Integer> {
  @Parameters(paramLabel = "IN.wav", description = "The recording (any rate, mono or stereo).")
  @Nullable Path input;

  @Option(
      names = "--vad",
      defaultValue = "silero",
      paramLabel = "NAME",
      description = "silero or energy (default: ${DEFAULT-VALUE}).")
  String vad = "silero";

  @CommandLine.Spec CommandLine.Model.@Nullable CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec == null ? Main.console(System.out) : spec.commandLine().getOut();
    PrintWriter err = spec == null ? Main.console(System.err) : spec.commandLine().getErr();
    short[] audio = Converse.readUserAudio(Objects.requireNonNull(input), err);
    VoiceActivityDetector detector = SpeechStack.vad(vad, err);
    SessionConfig.Vad settings = SessionConfig.defaults().vad();
    SpeechSegmenter segmenter =
        new SpeechSegmenter(
            settings.startThreshold(),
            settings.stopThreshold(),
            settings.minSpeechMillis() * 1_000_000L,
            settings.minSilenceMillis() * 1_000_000L);
    List<long[]> segments = new ArrayList<>();
    long start = -1;
    int window = detector.windowSamples();
    try (VoiceActivityDetector.Stream stream = detector.open()) {
      for (int at = 0; at + window <= audio.length; at += window) {
        float p = stream.speechProbability(audio, at);
        long from = at * 62_500L;
        switch (segmenter.accept(from, from + window * 62_500L, p)) {
          case STARTED -> start = segmenter.edgeNanos();
          case ENDED -> {
            segments.add(new long[] {start / 1_000_000, segmenter.edgeNanos() / 1_000_000});
            start = -1;
          }
          case NONE -> {}
        }
      }
    }
    if (start >= 0) {
      segments.add(new long[] {start / 1_000_000, audio.length / 16L});
    }
    StringBuilder json = new StringBuilder("{\"segments\":[");
    for (int i = 0; i < segments.size(); i++) {
      json.append(i == 0 ? "" : ",")
          .append("{\"startMillis\":")
          .append(segments.get(i)[0])
          .append(",\"endMillis\":")
          .append(segments.get(i)[1])
          .append('}');
    }
    out.println(json.append("]}"));
    out.flush();
    return 0;
  }
}
