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

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchService;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads llama.cpp's server log for what each request evaluated: the library does not return its
 * timings, but its slot logs one {@code prompt done, n_past = P, n_tokens = N} line per request,
 * where {@code P} is the prompt's length and {@code N} the tokens evaluated after the cached
 * prefix.
 */
final class NativeLog {
  private static final Pattern PROMPT_DONE =
      Pattern.compile("prompt done, n_past = (\\d+), n_tokens = (\\d+)");

  /** One request's prompt: its length in tokens and how many of them were evaluated. */
  record Prompt(int total, int evaluated) {}

  private NativeLog() {}

  /** The first {@code count} prompts logged to {@code log}, waiting for llama.cpp's log writer. */
  static List<Prompt> prompts(Path log, int count) throws IOException, InterruptedException {
    try (WatchService watch = FileSystems.getDefault().newWatchService()) {
      Objects.requireNonNull(log.toAbsolutePath().getParent())
          .register(watch, StandardWatchEventKinds.ENTRY_MODIFY);
      for (int attempt = 0; attempt < 100; attempt++) {
        List<Prompt> prompts = read(log);
        if (prompts.size() >= count) {
          return prompts.subList(0, count);
        }
        watch.poll(100, TimeUnit.MILLISECONDS);
      }
      throw new AssertionError("llama.cpp logged " + read(log) + ", wanted " + count + " prompts");
    }
  }

  private static List<Prompt> read(Path log) throws IOException {
    List<Prompt> prompts = new ArrayList<>();
    if (!Files.exists(log)) {
      return prompts;
    }
    for (String line : Files.readAllLines(log)) {
      Matcher m = PROMPT_DONE.matcher(line);
      if (m.find()) {
        prompts.add(new Prompt(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))));
      }
    }
    return prompts;
  }
}
