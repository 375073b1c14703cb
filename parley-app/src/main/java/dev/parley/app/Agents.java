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

import dev.parley.agent.demo.TravelDeskAgent;
import dev.parley.agent.openai.OpenAiCompatibleAgent;
import dev.parley.core.agent.EchoAgent;
import dev.parley.core.agent.GreetingAgent;
import dev.parley.core.spi.Agent;
import java.time.LocalDate;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * The agents a command line or a server can name with {@code --agent}: {@code demo} (the default,
 * the offline travel desk), {@code echo}, and language models through their adapters ({@code
 * openai:URL#MODEL}, {@code gguf:FILE}). Stateless; safe from any thread.
 */
public final class Agents {
  /** The agent of {@code converse}, {@code serve} and {@code demo} when none is named. */
  public static final String DEFAULT = "demo";

  /** The forms {@code --agent} accepts, for help texts and errors. */
  public static final String KNOWN = "demo, echo, openai:URL#MODEL, gguf:FILE";

  private Agents() {}

  /**
   * The agent {@code spec} names.
   *
   * @param spec {@code demo}, {@code echo}, {@code openai:URL#MODEL} or {@code gguf:FILE}
   * @param today the date the demo desk counts "tomorrow" from
   * @throws IllegalArgumentException naming what is wrong with {@code spec}
   */
  public static Agent create(String spec, LocalDate today) {
    String s = spec.strip();
    int colon = s.indexOf(':');
    String kind = (colon < 0 ? s : s.substring(0, colon)).toLowerCase(Locale.ROOT);
    String target = colon < 0 ? "" : s.substring(colon + 1);
    return switch (kind) {
      case "demo" -> TravelDeskAgent.create(today);
      case "echo" -> new EchoAgent();
      // Language models plug in here through their adapters (issue 5): openai:URL#MODEL builds
      // the OpenAI-compatible adapter, gguf:FILE the local llama.cpp one.
      case "openai" -> openai(target, today, System.getenv());
      case "gguf" -> {
        if (target.isEmpty()) {
          throw new IllegalArgumentException("--agent gguf needs a model file: gguf:FILE");
        }
        yield GgufAgents.open(target);
      }
      default ->
          throw new IllegalArgumentException("unknown agent '" + spec + "' (known: " + KNOWN + ")");
    };
  }

  /**
   * The OpenAI-compatible agent {@code URL#MODEL} names, keyed from {@code OPENAI_API_KEY} or else
   * {@code PARLEY_AGENT_KEY} in {@code env} (none for a local server), with the voice prompt and
   * today's date.
   */
  static Agent openai(String target, LocalDate today, java.util.Map<String, String> env) {
    return openai(target, today, env, OpenAiCompatibleAgent.VOICE_PROMPT);
  }

  /** The same, instructed by {@code systemPrompt} (an operator's own) instead of the voice one. */
  static Agent openai(
      String target, LocalDate today, java.util.Map<String, String> env, String systemPrompt) {
    int hash = target.indexOf('#');
    if (hash <= 0 || hash == target.length() - 1) {
      throw new IllegalArgumentException(
          "--agent openai needs a base URL and a model: openai:URL#MODEL, for example"
              + " openai:http://localhost:11434/v1#qwen2.5:0.5b");
    }
    String key = env.getOrDefault("OPENAI_API_KEY", "");
    if (key.isBlank()) {
      key = env.getOrDefault("PARLEY_AGENT_KEY", "");
    }
    return OpenAiCompatibleAgent.builder(target.substring(0, hash), target.substring(hash + 1))
        .apiKey(key)
        .systemPrompt(systemPrompt + " Today is " + today + ".")
        .build();
  }

  /**
   * {@code agent} as it answers calls: opening each with {@code greeting} when one is given (as
   * {@code --greeting TEXT} says), else as the agent itself opens calls, with the demo desk
   * greeting ({@code serve}'s callers hear it first; scripted runs, whose callers speak first, do
   * not).
   *
   * @param forPhoneCalls whether the demo desk should greet when no greeting is given
   * @throws IllegalArgumentException if {@code greeting} is blank
   */
  public static Agent opening(Agent agent, @Nullable String greeting, boolean forPhoneCalls) {
    if (greeting != null) {
      return new GreetingAgent(agent, greeting);
    }
    if (forPhoneCalls && agent instanceof TravelDeskAgent desk) {
      return desk.greetingCallers();
    }
    return agent;
  }

  /** The default agent for {@code today}. */
  public static Agent demo(LocalDate today) {
    return TravelDeskAgent.create(today);
  }
}
