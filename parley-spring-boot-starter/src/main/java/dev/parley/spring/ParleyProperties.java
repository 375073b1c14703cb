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

import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Parley's {@code parley.*} properties. Immutable; bound once at start-up, every value checked when
 * the server is built (a value out of range fails the start with a message naming it).
 *
 * @param enabled whether to start Parley at all ({@code parley.enabled=false} turns it off)
 * @param server where the call endpoints listen and what they admit
 * @param speech the speech stack's parts, by the names the command line uses
 * @param agent how the agent is found in the application context
 * @param session the conversational rules
 */
@ConfigurationProperties("parley")
public record ParleyProperties(
    @DefaultValue("true") boolean enabled,
    @DefaultValue Server server,
    @DefaultValue SpeechNames speech,
    @DefaultValue AgentSource agent,
    @DefaultValue Session session) {

  /**
   * The side port Parley's own server listens on: browser calls on {@code /ws}, Twilio and Telnyx
   * media streams on {@code /twilio} and {@code /telnyx}, {@code /health}, {@code /ready}, {@code
   * /metrics}. It is not the application's web server: WebSocket media streams need Parley's Jetty
   * with its virtual threads and watermarks, whatever the application serves with.
   *
   * @param bind the address to listen on; {@code 0.0.0.0} for every interface
   * @param port the port; 0 picks a free one
   * @param audioSocketPort the Asterisk AudioSocket TCP port, -1 for none
   * @param maxSessions calls admitted at once
   * @param drainGrace how long calls may go on after shutdown starts; keep it below {@code
   *     spring.lifecycle.timeout-per-shutdown-phase}
   * @param tokenSecret the key that signs browser session tokens (needed off loopback)
   * @param twilioAuthToken when set, {@code /twilio} checks {@code X-Twilio-Signature}
   * @param publicUrl the externally visible base URL Twilio signs
   * @param allowedOrigins browser origins allowed on {@code /ws} besides the server's own
   */
  public record Server(
      @DefaultValue("127.0.0.1") String bind,
      @DefaultValue("8081") int port,
      @DefaultValue("-1") int audioSocketPort,
      @DefaultValue("400") int maxSessions,
      @DefaultValue("30s") Duration drainGrace,
      @Nullable String tokenSecret,
      @Nullable String twilioAuthToken,
      @Nullable String publicUrl,
      @DefaultValue List<String> allowedOrigins) {}

  /**
   * The speech stack when the application defines no {@code Speech} bean of its own.
   *
   * @param vad {@code silero} (falls back to {@code energy}) or {@code energy}
   * @param stt {@code sphinx} (falls back to none), {@code none}, {@code vosk:DIR}, {@code
   *     whisper:FILE}
   * @param tts {@code flite} (falls back to a placeholder voice), {@code placeholder}, {@code
   *     piper:VOICE.onnx}
   */
  public record SpeechNames(
      @DefaultValue("silero") String vad,
      @DefaultValue("sphinx") String stt,
      @DefaultValue("flite") String tts) {}

  /**
   * How the agent is found when the application defines no Parley {@code Agent} bean.
   *
   * @param aiService the bean name of a LangChain4j AI Service to speak through; without it, the
   *     context's {@code StreamingChatModel} with every bean that has {@code @Tool} methods
   * @param systemPrompt the system prompt for the {@code StreamingChatModel} agent; Parley's voice
   *     prompt when not set
   * @param readOnlyTools tools that may run early, on an eager end of turn (they change nothing)
   */
  public record AgentSource(
      @Nullable String aiService,
      @Nullable String systemPrompt,
      @DefaultValue List<String> readOnlyTools) {}

  /**
   * The conversational rules; Parley's defaults when not set (define a {@code SessionConfig} bean
   * for every rule).
   *
   * @param pacing the least time between the caller's end of speech and the agent's first audio
   */
  public record Session(@Nullable Duration pacing) {}
}
