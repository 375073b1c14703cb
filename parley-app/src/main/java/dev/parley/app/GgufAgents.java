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

import dev.parley.agent.gguf.GgufAgent;
import dev.parley.core.spi.ProviderException;
import java.nio.file.Path;
import java.util.List;

/**
 * Opens {@code --agent gguf:FILE}: the local llama.cpp agent on a GGUF model file, with the
 * defaults of {@link GgufAgent.Config#of} (2 threads, 4096 tokens of context). Stateless.
 */
final class GgufAgents {
  private GgufAgents() {}

  /**
   * The agent on {@code file}.
   *
   * @throws IllegalArgumentException with the agent's message if the file is missing, not GGUF or
   *     cut short, or llama.cpp cannot load it
   */
  static GgufAgent open(String file) {
    try {
      return GgufAgent.open(GgufAgent.Config.of(Path.of(file)), List.of());
    } catch (ProviderException e) {
      throw new IllegalArgumentException("--agent gguf:" + file + ": " + e.getMessage(), e);
    }
  }
}
