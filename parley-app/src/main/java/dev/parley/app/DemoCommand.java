package dev.parley.app;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code parley demo}: runs the bundled sample call through {@code converse} on the embedded
 * defaults and says where the results are. (The browser demo replaces this once it exists.)
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description =
        "Runs a bundled sample call on the embedded defaults and prints where the results are.")
final class DemoCommand implements Callable<Integer> {
  @Option(
      names = "--out",
      defaultValue = "out/demo",
      paramLabel = "DIR",
      description = "Where to write the results (default: ${DEFAULT-VALUE}).")
  Path out = Path.of("out/demo");

  @Option(
      names = "--samples",
      defaultValue = "samples",
      paramLabel = "DIR",
      description = "Where the bundled samples are (default: ${DEFAULT-VALUE}).")
  Path samples = Path.of("samples");

  @CommandLine.Spec CommandLine.Model.@org.jspecify.annotations.Nullable CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    Path wav = samples.resolve("booking.wav");
    Path words = samples.resolve("booking.words.json");
    if (!Files.exists(wav)) {
      throw new UsageException(
          "bundled sample not found: " + wav + " (run from the Parley checkout)");
    }
    String[] args =
        Files.exists(words)
            ? new String[] {
              "converse",
              "--user",
              wav.toString(),
              "--transcript",
              words.toString(),
              "--out",
              out.toString()
            }
            : new String[] {"converse", "--user", wav.toString(), "--out", out.toString()};
    CommandLine root = spec == null ? new CommandLine(new Main()) : spec.root().commandLine();
    return root.execute(args);
  }
}
