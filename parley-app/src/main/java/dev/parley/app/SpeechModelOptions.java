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

import dev.parley.core.spi.Agent;
import dev.parley.core.tool.Tool;
import java.time.LocalDate;
import java.util.List;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/**
 * The options that shape a speech-to-speech {@code --agent}: the tools it may call, or the agent it
 * delegates each turn to. A picocli mixin shared by {@code converse} and {@code serve}.
 */
final class SpeechModelOptions {
  @Option(
      names = "--tools",
      defaultValue = "none",
      paramLabel = "NAME",
      description =
          "The tools a speech-to-speech --agent may call: demo (the travel desk's) or none"
              + " (default: ${DEFAULT-VALUE}).")
  String tools = "none";

  @Option(
      names = "--delegate",
      paramLabel = "AGENT",
      description =
          "With a speech-to-speech --agent: the agent that answers each turn (demo, echo,"
              + " openai:URL#MODEL, gguf:FILE), its tools run by Parley, while the speech model only"
              + " speaks its words.")
  @Nullable String delegate;

  /** Refuses {@code --delegate} when {@code --agent} is a cascaded agent. */
  void refuseForCascaded() throws UsageException {
    if (delegate != null) {
      throw new UsageException(
          "--delegate needs a speech-to-speech --agent (" + SpeechModels.KNOWN + ")");
    }
  }

  /** The tools {@code --tools} names. */
  List<Tool> tools(LocalDate today) throws UsageException {
    return switch (tools) {
      case "demo" -> Agents.demo(today).tools();
      case "none" -> List.of();
      default -> throw new UsageException("--tools must be demo or none, not '" + tools + "'");
    };
  }

  /** The agent {@code --delegate} names, or null; the delegate's own tools are used. */
  @Nullable Agent delegate(LocalDate today) throws UsageException {
    if (delegate == null) {
      return null;
    }
    if (!tools.equals("none")) {
      throw new UsageException("--tools and --delegate do not mix: the delegate's tools are used");
    }
    return SpeechStack.agent(delegate, today);
  }
}
