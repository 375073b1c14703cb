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

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code parley} command line. */
@Command(
    name = "parley",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = "A real-time, full-duplex voice-agent runtime for the JVM.",
    subcommands = {
      DemoCommand.class,
      ServeCommand.class,
      TokenCommand.class,
      ConverseCommand.class,
      BenchCommand.class,
      VadCommand.class,
      TranscribeCommand.class,
      ModelsCommand.class,
      LoadtestCommand.class,
      CommandLine.HelpCommand.class
    })
public final class Main implements Runnable {
  @CommandLine.Spec CommandLine.Model.@org.jspecify.annotations.Nullable CommandSpec spec;

  public static void main(String[] args) {
    System.exit(execute(args));
  }

  /** Runs the command line and returns the exit code: 0 done, 2 bad input, 1 a bug. */
  static int execute(String... args) {
    return execute(console(System.out), console(System.err), args);
  }

  static java.io.PrintWriter console(java.io.PrintStream stream) {
    return new java.io.PrintWriter(
        new java.io.OutputStreamWriter(stream, java.nio.charset.StandardCharsets.UTF_8), true);
  }

  /** Runs the command line writing to {@code out} and {@code err}. */
  static int execute(java.io.PrintWriter out, java.io.PrintWriter err, String... args) {
    CommandLine cli = new CommandLine(new Main());
    cli.setOut(out);
    cli.setErr(err);
    cli.setExecutionExceptionHandler(
        (e, commandLine, parsed) -> {
          if (e instanceof UsageException usage) {
            commandLine.getErr().println("parley: " + usage.getMessage());
            return 2;
          }
          commandLine.getErr().println("parley: internal error: " + e);
          return 1;
        });
    return cli.execute(args);
  }

  @Override
  public void run() {
    if (spec != null) {
      spec.commandLine().usage(spec.commandLine().getOut());
    }
  }

  /** Reads the version from the jar manifest. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String version = Main.class.getPackage().getImplementationVersion();
      return new String[] {"parley " + (version == null ? "development build" : version)};
    }
  }
}
