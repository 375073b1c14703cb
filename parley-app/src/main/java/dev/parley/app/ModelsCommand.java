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

import dev.parley.core.spi.ProviderException;
import dev.parley.speech.flite.FliteSynthesizer;
import dev.parley.speech.silero.SileroModel;
import dev.parley.speech.smartturn.SmartTurnModel;
import dev.parley.speech.sphinx.SphinxRecognizer;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code parley models}: what the embedded speech stack has installed, and installing it. */
@Command(
    name = "models",
    mixinStandardHelpOptions = true,
    description = "Lists the embedded models and libraries, or installs them.",
    subcommands = {ModelsCommand.Status.class, ModelsCommand.Install.class})
final class ModelsCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.@Nullable CommandSpec spec;

  @Override
  public Integer call() {
    return new Status()
        .report(spec == null ? Main.console(System.out) : spec.commandLine().getOut());
  }

  /** {@code parley models status}. */
  @Command(
      name = "status",
      mixinStandardHelpOptions = true,
      description = "Says what is installed and how to fix what is not.")
  static final class Status implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.@Nullable CommandSpec spec;

    @Override
    public Integer call() {
      return report(spec == null ? Main.console(System.out) : spec.commandLine().getOut());
    }

    int report(PrintWriter out) {
      int missing = 0;
      missing += line(out, "silero-vad", () -> SileroModel.installed().toString());
      missing += line(out, "flite (cmu_us_slt)", () -> FliteSynthesizer.load().name());
      missing += line(out, "pocketsphinx (en-us)", () -> SphinxRecognizer.loadDefault().name());
      line(out, "smart-turn v3 (optional)", () -> SmartTurnModel.installed().toString());
      out.printf(java.util.Locale.ROOT, "models directory: %s%n", SileroModel.modelsDirectory());
      out.flush();
      return missing == 0 ? 0 : 2;
    }

    private static int line(PrintWriter out, String name, Check check) {
      try {
        out.printf(java.util.Locale.ROOT, "%-22s ok       %s%n", name, check.run());
        return 0;
      } catch (ProviderException e) {
        out.printf(java.util.Locale.ROOT, "%-22s MISSING  %s%n", name, e.getMessage());
        return 1;
      }
    }

    @FunctionalInterface
    private interface Check {
      String run();
    }
  }

  /** {@code parley models install}. */
  @Command(
      name = "install",
      mixinStandardHelpOptions = true,
      description = {
        "Installs the embedded defaults (Debian packages and checksum-verified models): runs bin/setup",
        "of the Parley checkout. Idempotent and quick when everything is present."
      })
  static final class Install implements Callable<Integer> {
    @Parameters(
        paramLabel = "NAME",
        arity = "0..*",
        description = "Nothing for the embedded defaults.")
    List<String> names = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
      for (String name : names) {
        if (!name.equals("smart-turn")) {
          throw new UsageException("unknown model '" + name + "' (known: smart-turn)");
        }
      }
      if (!names.isEmpty()) {
        try {
          System.err.printf(
              java.util.Locale.ROOT,
              "parley: downloading Smart Turn (%.1f MB) from %s%n",
              SmartTurnModel.SIZE_BYTES / 1e6,
              SmartTurnModel.DOWNLOAD_URI.getHost());
          long[] shownMegabytes = {0};
          SmartTurnModel model =
              SmartTurnModel.install(
                  SmartTurnModel.modelsDirectory(),
                  received -> {
                    // A line per megabyte: progress on a terminal and in a CI log alike.
                    long megabytes = received / 1_000_000;
                    if (megabytes > shownMegabytes[0]) {
                      shownMegabytes[0] = megabytes;
                      System.err.printf(
                          java.util.Locale.ROOT,
                          "parley:   %d of %.1f MB%n",
                          megabytes,
                          SmartTurnModel.SIZE_BYTES / 1e6);
                    }
                  });
          System.out.println("parley: Smart Turn installed: " + model);
          return 0;
        } catch (ProviderException e) {
          throw new UsageException(String.valueOf(e.getMessage()), e);
        }
      }
      String home = System.getenv("PARLEY_HOME");
      Path setup = Path.of(home == null ? "." : home, "bin", "setup");
      if (!Files.isExecutable(setup)) {
        throw new UsageException(
            "cannot find " + setup + " (run ./parley from the Parley checkout)");
      }
      Process process = new ProcessBuilder(setup.toString()).inheritIO().start();
      int code = process.waitFor();
      if (code != 0) {
        throw new UsageException(
            "setup failed (exit " + code + "); see the lines above for what to fix");
      }
      return 0;
    }
  }
}
