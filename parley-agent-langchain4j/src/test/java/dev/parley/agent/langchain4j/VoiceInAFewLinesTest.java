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
package dev.parley.agent.langchain4j;

import static org.assertj.core.api.Assertions.assertThat;

import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.openai.OpenAiStreamingChatModel;
import dev.parley.core.event.SessionEvent;
import dev.parley.core.spi.Agent;
import dev.parley.testing.EmbeddedSession;
import dev.parley.testing.FakeChatServer;
import dev.parley.testing.ScriptedAudio;
import dev.parley.testing.Timeline;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The README's "voice in a few lines" for a LangChain4j user, compiled and run: the model and
 * {@code @Tool} class they already have, wrapped as a Parley agent and heard on a scripted call.
 */
class VoiceInAFewLinesTest {
  /** The README snippet, word for word but for the key and the base URL (the loopback server). */
  static Timeline call(String baseUrl) {
    StreamingChatModel model =
        OpenAiStreamingChatModel.builder()
            .baseUrl(baseUrl)
            .apiKey("sk-test")
            .modelName("gpt-4o-mini")
            .build();

    Agent agent =
        LangChain4jAgent.builder(model)
            .tools(new FlightTools()) // your @Tool methods, unchanged
            .readOnly("search_flights") // may run early; every other tool is a side effect
            .build();

    ScriptedAudio call =
        ScriptedAudio.builder()
            .silence(300)
            .say("find flights from Chicago to Boston on October seventh for two", 2400)
            .silence(3000)
            .build();
    return EmbeddedSession.builder().agent(agent).build(call).play(call, Duration.ofSeconds(5));
  }

  @Test
  void theSnippetGivesALangChain4jModelAndItsToolsAVoice() {
    try (FakeChatServer server = FakeChatServer.start((r, i) -> AiServiceAgentTest.route(r))) {
      Timeline t = call(server.baseUrl());
      assertThat(t.all(SessionEvent.ToolCallEnded.class)).isNotEmpty();
      assertThat(t.all(SessionEvent.AgentSpeechStarted.class))
          .anySatisfy(s -> assertThat(s.text()).startsWith("I found two flights to Boston"));
    }
  }
}
