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
      "Prints a signed, single-use call token that expires (browser calls: the page at",
      "/#token=TOKEN sends it as the WebSocket subprotocol parley.token.TOKEN; Telnyx streams:",
      "Authorization: Bearer TOKEN or ?token=TOKEN), signed with the key a server started with",
      "the same environment variable uses."
    })
final class TokenCommand implements Callable<Integer> {
  @Option(
      names = "--ttl",
      defaultValue = "60",
      paramLabel = "SECONDS",
      description = "How long the token is valid (default: ${DEFAULT-VALUE}; at most 3600).")
  long ttlSeconds = 60;

  @Option(
      names = "--token-signing-key-env",
      defaultValue = "PARLEY_TOKEN_SIGNING_KEY",
      paramLabel = "VAR",
      description = "Environment variable holding the signing key (default: ${DEFAULT-VALUE}).")
  String secretEnv = "PARLEY_TOKEN_SIGNING_KEY";

  @CommandLine.Spec CommandLine.Model.@Nullable CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    String secret = System.getenv(secretEnv);
    if (secret == null || secret.length() < 32) {
      throw new UsageException(secretEnv + " must hold a key of at least 32 characters");
    }
    if (ttlSeconds < 1 || ttlSeconds > Tokens.MAX_TTL.toSeconds()) {
      throw new UsageException(
          "--ttl must be between 1 and " + Tokens.MAX_TTL.toSeconds() + " seconds");
    }
    PrintWriter out = spec == null ? Main.console(System.out) : spec.commandLine().getOut();
    out.println(new Tokens(secret, WallClock.system()).mint(Duration.ofSeconds(ttlSeconds)));
    return 0;
  }
}
