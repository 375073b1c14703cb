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
package dev.parley.agent.gguf;

import dev.parley.core.clock.MediaClock;
import dev.parley.core.spi.Conversation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Measures time to the first streamed token with a cold and with a cached system prompt, on the
 * generated tiny model (or on the GGUF file given as the first argument). A tiny model's numbers
 * say how much the cache saves relative to a cold prompt, not what a real model costs.
 *
 * <p>Run: {@code java --enable-native-access=ALL-UNNAMED -cp ...
 * dev.parley.agent.gguf.FirstTokenLatency [FILE]}
 */
final class FirstTokenLatency {
  private FirstTokenLatency() {}

  public static void main(String[] args) throws Exception {
    Path file =
        args.length > 0
            ? Path.of(args[0])
            : TinyLlamaModel.write(Files.createTempFile("parley-tiny", ".gguf"));
    file.toFile().deleteOnExit();
    MediaClock clock = MediaClock.system();
    String system = "You are the travel desk of a small airline. ".repeat(40);
    try (GgufAgent agent =
        GgufAgent.open(
            GgufAgent.Config.of(file).withSystemPrompt(system).withMaxTokens(1).withSeed(1),
            List.of())) {
      for (int turn = 0; turn < 6; turn++) {
        RecordingReply reply = new RecordingReply();
        long start = clock.nanos();
        agent.respond(
            new Conversation("s" + turn, List.of(new Conversation.Turn.User("question " + turn))),
            reply);
        long millis = (clock.nanos() - start) / 1_000_000;
        System.out.printf(
            Locale.ROOT, "%s first token: %d ms%n", turn == 0 ? "cold  " : "cached", millis);
      }
    }
    System.exit(0);
  }
}
