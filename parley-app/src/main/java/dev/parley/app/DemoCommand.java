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

import dev.parley.server.ParleyServer;
import dev.parley.server.ServerConfig;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code parley demo}: first the bundled sample call offline through {@code converse} with the
 * embedded recogniser (results in {@code out/demo}; {@code --oracle} feeds the true words instead,
 * labelled as a diagnostic), then the server on loopback with the embedded defaults and the demo
 * agent, serving the browser page until Ctrl-C. {@code --no-serve} stops after the offline part.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Runs the bundled sample call offline (samples/booking.wav through the travel desk) and",
      "prints where the results are; then starts the server on this machine (127.0.0.1) with",
      "the embedded speech stack and the demo agent, and prints the URL to open in a browser",
      "and talk. Ctrl-C stops it. --no-serve stops after the offline call."
    })
final class DemoCommand implements Callable<Integer> {
  @Option(
      names = "--out",
      defaultValue = "out/demo",
      paramLabel = "DIR",
      description = "Where to write the offline call's results (default: ${DEFAULT-VALUE}).")
  Path out = Path.of("out/demo");

  @Option(
      names = "--samples",
      paramLabel = "DIR",
      description =
          "Where the bundled samples are (default: samples in the Parley checkout, or ./samples).")
  @Nullable Path samples;

  @Option(
      names = "--port",
      defaultValue = "8080",
      paramLabel = "PORT",
      description =
          "HTTP port of the browser demo (default: ${DEFAULT-VALUE}; 0 picks a free one).")
  int port = 8080;

  @Option(
      names = "--oracle",
      description =
          "Diagnostic: feed the sample's true words (booking.words.json) instead of recognising"
              + " them; the output says so. Without it the embedded recogniser hears the call, as"
              + " callers get it.")
  boolean oracle;

  @Option(
      names = "--no-serve",
      description = "Run the offline sample call only; do not start the server.")
  boolean noServe;

  @CommandLine.Spec CommandLine.Model.@Nullable CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec == null ? Main.console(System.out) : spec.commandLine().getOut();
    PrintWriter err = spec == null ? Main.console(System.err) : spec.commandLine().getErr();
    int offline = offline(out);
    if (offline != 0 || noServe) {
      return offline;
    }
    ServeCommand serve = new ServeCommand();
    serve.port = port;
    serve.bind = "127.0.0.1";
    serve.managementPort = 0; // a free one: the demo must not collide with a serve on 8081
    ServerConfig config = serve.config();
    try (ParleyServer server = serve.start(config, err)) {
      server.drainOnShutdown();
      out.println();
      out.println("parley: the browser demo is running. Open " + server.uri() + " and talk.");
      out.println("parley: Ctrl-C to stop.");
      out.flush();
      server.join();
    }
    return 0;
  }

  /** Runs the sample call through {@code converse}; returns its exit code. */
  private int offline(PrintWriter console) throws UsageException {
    Path dir = samplesDir();
    Path wav = dir.resolve("booking.wav");
    Path words = dir.resolve("booking.words.json");
    if (!Files.isRegularFile(wav)) {
      throw new UsageException(
          "bundled sample not found: " + wav + " (run from the Parley checkout, or --samples DIR)");
    }
    List<String> args =
        new ArrayList<>(List.of("converse", "--user", wav.toString(), "--out", out.toString()));
    if (oracle) {
      if (!Files.isRegularFile(words)) {
        throw new UsageException("--oracle: the sample's words are not there: " + words);
      }
      args.addAll(List.of("--transcript", words.toString()));
    }
    console.println("parley: the bundled sample call, offline: " + wav + " -> " + this.out);
    console.println(
        oracle
            ? "parley: words from the oracle transcript (diagnostic), not from a recogniser"
            : "parley: words from the embedded recogniser, as a caller's would be; --oracle feeds"
                + " the true words instead (diagnostic)");
    console.flush();
    CommandLine root = spec == null ? new CommandLine(new Main()) : spec.root().commandLine();
    return root.execute(args.toArray(String[]::new));
  }

  private Path samplesDir() {
    if (samples != null) {
      return samples;
    }
    String home = System.getenv("PARLEY_HOME");
    if (home != null && !home.isBlank() && Files.isDirectory(Path.of(home, "samples"))) {
      return Path.of(home, "samples");
    }
    return Path.of("samples");
  }
}
