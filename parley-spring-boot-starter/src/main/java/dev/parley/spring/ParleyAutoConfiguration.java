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

import dev.parley.core.session.SessionConfig;
import dev.parley.core.spi.Agent;
import dev.parley.embed.Parley;
import dev.parley.embed.Speech;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Auto-configures Parley in a Spring Boot application. Every bean backs off when the application
 * defines its own: a {@link Speech} (the stack; else the {@code parley.speech.*} names), an {@link
 * Agent} (else {@link AgentBeans} finds a LangChain4j model or AI Service), a {@link
 * SessionConfig}, a {@link Parley}. The server runs as a {@link ParleyServerLifecycle}, its meters
 * go to the application's {@link MeterRegistry}, and with Actuator a {@link ParleyHealthIndicator}
 * reports it.
 */
@AutoConfiguration(
    afterName = {
      "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
      "org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration"
    })
@ConditionalOnBooleanProperty(name = "parley.enabled", matchIfMissing = true)
@EnableConfigurationProperties(ParleyProperties.class)
public class ParleyAutoConfiguration {
  private static final org.slf4j.Logger LOG =
      org.slf4j.LoggerFactory.getLogger(ParleyAutoConfiguration.class);

  /** The speech stack the properties name, with its fallbacks logged once. */
  @Bean
  @ConditionalOnMissingBean
  public Speech parleySpeech(ParleyProperties properties) {
    ParleyProperties.SpeechNames names = properties.speech();
    Speech speech = Speech.named(names.vad(), names.stt(), names.tts());
    speech.fallbacks().forEach(note -> LOG.warn("Parley: {}", note));
    return speech;
  }

  /** The agent the application context offers. */
  @Bean
  @ConditionalOnMissingBean
  public Agent parleyAgent(ListableBeanFactory beans, ParleyProperties properties) {
    return AgentBeans.resolve(beans, properties.agent());
  }

  /** The embedded runtime: agent, speech, rules and server settings. */
  @Bean
  @ConditionalOnMissingBean
  public Parley parley(
      Agent agent,
      Speech speech,
      ParleyProperties properties,
      ObjectProvider<SessionConfig> sessionConfig,
      ObjectProvider<MeterRegistry> meterRegistry) {
    ParleyProperties.Server server = properties.server();
    Parley.Builder builder =
        Parley.builder()
            .agent(agent)
            .speech(speech)
            .sessionConfig(sessionConfig.getIfAvailable(SessionConfig::defaults))
            .bind(server.bind())
            .port(server.port())
            // The application's Actuator is its health and metrics endpoint; Parley's own three
            // stay
            // on its side port rather than claiming another one.
            .managementPort(-1)
            .audioSocketPort(server.audioSocketPort())
            .maxSessions(server.maxSessions())
            .drainGrace(server.drainGrace())
            .allowedOrigins(server.allowedOrigins());
    if (server.tokenSecret() instanceof String secret && !secret.isBlank()) {
      builder.tokenSecret(secret);
    }
    if (server.twilioAuthToken() instanceof String token && !token.isBlank()) {
      builder.twilioAuthToken(token);
    }
    if (server.publicUrl() instanceof String url && !url.isBlank()) {
      builder.publicUrl(url);
    }
    if (properties.session().pacing() instanceof Duration pacing) {
      builder.pacing(pacing);
    }
    meterRegistry.ifAvailable(builder::meterRegistry);
    return builder.build();
  }

  /** Parley's server on its side port, started and drained with the application. */
  @Bean
  @ConditionalOnMissingBean
  public ParleyServerLifecycle parleyServer(Parley parley) {
    return new ParleyServerLifecycle(parley);
  }

  /** Parley in Actuator's health endpoint, when the application has Actuator. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(HealthIndicator.class)
  static class Health {
    @Bean
    @ConditionalOnMissingBean(name = "parleyHealthIndicator")
    public ParleyHealthIndicator parleyHealthIndicator(ParleyServerLifecycle lifecycle) {
      return new ParleyHealthIndicator(lifecycle);
    }
  }
}
