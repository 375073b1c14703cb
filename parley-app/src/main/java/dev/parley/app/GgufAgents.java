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
