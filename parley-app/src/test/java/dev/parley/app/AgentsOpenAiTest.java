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

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.agent.openai.OpenAiCompatibleAgent;
import dev.parley.core.spi.Agent;
import java.time.LocalDate;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code --agent openai:URL#MODEL}: the adapter it builds and the errors it gives. */
class AgentsOpenAiTest {
  private static final LocalDate TODAY = LocalDate.of(2026, 10, 1);

  @Test
  void aLocalServerAndModelBuildTheAdapterWithoutAKey() {
    Agent agent = Agents.openai("http://localhost:11434/v1#qwen2.5:0.5b", TODAY, Map.of());
    assertThat(agent).isInstanceOf(OpenAiCompatibleAgent.class);
    assertThat(agent.name()).isEqualTo("openai:qwen2.5:0.5b");
    assertThat(((OpenAiCompatibleAgent) agent).endpoint())
        .hasToString("http://localhost:11434/v1/chat/completions");
  }

  @Test
  void aSpecWithoutAModelSaysWhatItNeeds() {
    assertThatThrownBy(() -> Agents.create("openai:http://localhost:11434/v1", TODAY))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("openai:URL#MODEL");
    assertThatThrownBy(() -> Agents.openai("http://localhost:11434/v1#", TODAY, Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("openai:URL#MODEL");
  }

  @Test
  void aHostedProviderNeedsAKeyFromTheEnvironment() {
    assertThatThrownBy(
            () -> Agents.openai("https://api.openai.com/v1#gpt-4o-mini", TODAY, Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("OPENAI_API_KEY");
    assertThat(
            Agents.openai(
                "https://api.openai.com/v1#gpt-4o-mini", TODAY, Map.of("PARLEY_AGENT_KEY", "sk-1")))
        .isNotNull();
    assertThat(
            Agents.openai(
                "https://api.groq.com/openai/v1#llama-3.1-8b-instant",
                TODAY,
                Map.of("OPENAI_API_KEY", "gsk-1", "PARLEY_AGENT_KEY", "")))
        .isNotNull();
  }

  @Test
  void aMalformedUrlIsAClearError() {
    assertThatThrownBy(() -> Agents.create("openai:localhost:11434/v1#qwen", TODAY))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must start with http:// or https://");
  }
}
