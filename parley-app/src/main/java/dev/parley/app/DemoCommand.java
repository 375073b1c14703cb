package dev.parley.app;

import dev.parley.server.ParleyServer;
import dev.parley.server.ServerConfig;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code parley demo}: the server on loopback with the embedded defaults, and the URL to open. The
 * offline run of a recorded call is {@code parley converse}.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Starts the server on this machine with the embedded speech stack and prints the URL:",
      "open it in a browser and talk. (A recorded call offline: parley converse.)"
    })
final class DemoCommand implements Callable<Integer> {
  @Option(
      names = "--port",
      defaultValue = "8080",
      paramLabel = "PORT",
      description = "HTTP port (default: ${DEFAULT-VALUE}; 0 picks a free one).")
  int port = 8080;

  @CommandLine.Spec CommandLine.Model.@Nullable CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec == null ? Main.console(System.out) : spec.commandLine().getOut();
    PrintWriter err = spec == null ? Main.console(System.err) : spec.commandLine().getErr();
    ServeCommand serve = new ServeCommand();
    serve.port = port;
    ServerConfig config = serve.config();
    try (ParleyServer server = serve.start(config, err)) {
      server.drainOnShutdown();
      out.println("parley: the demo is running. Open " + server.uri() + " in a browser and talk.");
      out.println("parley: Ctrl-C to stop.");
      out.flush();
      server.join();
    }
    return 0;
  }
}
