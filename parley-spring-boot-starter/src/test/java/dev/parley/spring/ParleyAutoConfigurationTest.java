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
package dev.parley.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.langchain4j.agent.tool.Tool;
import dev.langchain4j.memory.chat.MessageWindowChatMemory;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.openai.OpenAiStreamingChatModel;
import dev.langchain4j.service.AiServices;
import dev.langchain4j.service.MemoryId;
import dev.langchain4j.service.TokenStream;
import dev.langchain4j.service.UserMessage;
import dev.parley.agent.langchain4j.AiServiceAgent;
import dev.parley.agent.langchain4j.LangChain4jAgent;
import dev.parley.core.spi.Agent;
import dev.parley.embed.Parley;
import dev.parley.embed.Speech;
import dev.parley.server.ParleyServer;
import dev.parley.testing.FakeChatServer;
import dev.parley.testing.FakeSynthesizer;
import dev.parley.testing.FakeVad;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The starter in a bare application context: which agent it finds, the server it starts on its side
 * port, the application's registry, health, and the drain when the context closes. The model is
 * LangChain4j's OpenAI client against a loopback fake that speaks OpenAI's protocol.
 */
class ParleyAutoConfigurationTest {
  private static FakeChatServer openAi;

  @BeforeAll
  static void startFakeOpenAi() {
    openAi = FakeChatServer.start((request, index) -> FakeChatServer.Response.stream("text.sse"));
  }

  @AfterAll
  static void stopFakeOpenAi() throws Exception {
    openAi.close();
  }

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(AutoConfigurations.of(ParleyAutoConfiguration.class))
          .withPropertyValues("parley.server.port=0", "parley.server.drain-grace=1s")
          .withBean(Speech.class, ParleyAutoConfigurationTest::fakeSpeech);

  /** Fakes for the speech side: these tests are about wiring, not models. */
  private static Speech fakeSpeech() {
    return Speech.builder()
        .vad(new FakeVad())
        .synthesizer(new FakeSynthesizer(250, 16_000))
        .build();
  }

  static StreamingChatModel model() {
    return OpenAiStreamingChatModel.builder()
        .baseUrl(openAi.baseUrl())
        .apiKey("test-key")
        .modelName("gpt-4o-mini")
        .timeout(Duration.ofSeconds(10))
        .build();
  }

  /** A bean with a LangChain4j tool, as an application would write it. */
  public static class FlightTools {
    @Tool("Finds flights to a city")
    public String searchFlights(String city) {
      return "BA 117 to " + city + " at 9:40";
    }
  }

  public interface Assistant {
    TokenStream chat(@MemoryId String callId, @UserMessage String text);
  }

  @Configuration(proxyBeanMethods = false)
  static class ModelAndTools {
    @Bean
    StreamingChatModel chatModel() {
      return model();
    }

    @Bean
    FlightTools flightTools() {
      return new FlightTools();
    }

    @Bean
    MeterRegistry meterRegistry() {
      return new SimpleMeterRegistry();
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class AiService {
    @Bean
    Assistant assistant() {
      return AiServices.builder(Assistant.class)
          .streamingChatModel(model())
          .chatMemoryProvider(id -> MessageWindowChatMemory.withMaxMessages(20))
          .tools(new FlightTools())
          .build();
    }
  }

  @Test
  void aStreamingChatModelWithToolBeansBecomesTheAgentAndTheServerStarts() {
    runner
        .withUserConfiguration(ModelAndTools.class)
        .withPropertyValues("parley.agent.read-only-tools=searchFlights")
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              Agent agent = context.getBean(Agent.class);
              assertThat(agent).isInstanceOf(LangChain4jAgent.class);
              assertThat(agent.tools()).extracting(t -> t.spec().name()).contains("searchFlights");

              ParleyServer server =
                  context.getBean(ParleyServerLifecycle.class).server().orElseThrow();
              assertThat(server.port()).isPositive();
              assertThat(context.getBean(Parley.class).serverConfig().drainGrace())
                  .isEqualTo(Duration.ofSeconds(1));

              var health = context.getBean(ParleyHealthIndicator.class).health();
              assertThat(health.getStatus()).isEqualTo(Status.UP);
              assertThat(health.getDetails()).containsEntry("port", server.port());

              MeterRegistry registry = context.getBean(MeterRegistry.class);
              assertThat(registry.get("parley.sessions.active").gauge().value()).isZero();
              assertThat(registry.get("parley.frame.delay").timer().count()).isZero();
            });
  }

  @Test
  void closingTheApplicationDrainsAndStopsTheServer() {
    ParleyServerLifecycle[] lifecycle = new ParleyServerLifecycle[1];
    runner
        .withUserConfiguration(ModelAndTools.class)
        .run(
            context -> {
              lifecycle[0] = context.getBean(ParleyServerLifecycle.class);
              assertThat(lifecycle[0].isRunning()).isTrue();
            });
    assertThat(lifecycle[0].isRunning()).isFalse();
    assertThat(new ParleyHealthIndicator(lifecycle[0]).health().getStatus()).isEqualTo(Status.DOWN);
  }

  @Test
  void anAiServiceBeanNamedInThePropertiesBecomesTheAgent() {
    runner
        .withUserConfiguration(AiService.class)
        .withPropertyValues("parley.agent.ai-service=assistant")
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              Agent agent = context.getBean(Agent.class);
              assertThat(agent).isInstanceOf(AiServiceAgent.class);
              assertThat(agent.name()).isEqualTo("langchain4j-ai-service:assistant");
            });
  }

  @Test
  void anApplicationsOwnAgentBeanWins() {
    Agent own = new dev.parley.core.agent.EchoAgent();
    runner
        .withUserConfiguration(ModelAndTools.class)
        .withBean(Agent.class, () -> own)
        .run(context -> assertThat(context.getBean(Agent.class)).isSameAs(own));
  }

  @Test
  void withoutAnyAgentTheStartFailsSayingWhatToDefine() {
    runner.run(
        context ->
            assertThat(context)
                .hasFailed()
                .getFailure()
                .rootCause()
                .hasMessageContaining("Parley needs an agent")
                .hasMessageContaining("StreamingChatModel"));
  }

  @Test
  void aSettingOutOfRangeFailsTheStartNamingIt() {
    runner
        .withUserConfiguration(ModelAndTools.class)
        .withPropertyValues("parley.server.max-sessions=0")
        .run(
            context ->
                assertThat(context)
                    .hasFailed()
                    .getFailure()
                    .rootCause()
                    .hasMessageContaining("maxSessions"));
  }

  @Test
  void parleyCanBeTurnedOff() {
    runner
        .withUserConfiguration(ModelAndTools.class)
        .withPropertyValues("parley.enabled=false")
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(context).doesNotHaveBean(Parley.class);
              assertThat(context).doesNotHaveBean(ParleyServerLifecycle.class);
            });
  }
}
