package dev.parley.app;

import dev.parley.core.clock.WallClock;
import dev.parley.server.Tokens;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code parley token}: mints a browser session token, as {@code POST /token} does. */
@Command(
    name = "token",
    mixinStandardHelpOptions = true,
    description = {
      "Prints a signed, expiring token for browser calls (/ws?token=... or /?token=...),",
      "signed with the secret a server started with the same environment variable uses."
    })
final class TokenCommand implements Callable<Integer> {
  @Option(
      names = "--ttl",
      defaultValue = "300",
      paramLabel = "SECONDS",
      description = "How long the token is valid (default: ${DEFAULT-VALUE}; at most 86400).")
  long ttlSeconds = 300;

  @Option(
      names = "--token-secret-env",
      defaultValue = "PARLEY_TOKEN_SECRET",
      paramLabel = "VAR",
      description = "Environment variable holding the secret (default: ${DEFAULT-VALUE}).")
  String secretEnv = "PARLEY_TOKEN_SECRET";

  @CommandLine.Spec CommandLine.Model.@Nullable CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    String secret = System.getenv(secretEnv);
    if (secret == null || secret.length() < 16) {
      throw new UsageException(secretEnv + " must hold a secret of at least 16 characters");
    }
    if (ttlSeconds < 1 || ttlSeconds > Tokens.MAX_TTL.toSeconds()) {
      throw new UsageException("--ttl must be between 1 and 86400 seconds");
    }
    PrintWriter out = spec == null ? Main.console(System.out) : spec.commandLine().getOut();
    out.println(new Tokens(secret, WallClock.system()).mint(Duration.ofSeconds(ttlSeconds)));
    return 0;
  }
}
