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
package dev.parley.speech.cloud;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.core.s2s.SpeechToSpeech;
import java.util.ArrayList;
import java.util.List;

/** OpenAI Realtime against its loopback fake: the speech-to-speech contract. */
class OpenAiRealtimeTest extends SpeechToSpeechContract {
  private static final String KEY = "rt-key";

  /** The fake of the test running (a new test instance per test). */
  private FakeRealtime realtime = new FakeRealtime(List.of(), List.of());

  @Override
  Fake fake(List<String> transcripts, List<List<FakeReply>> responses) {
    FakeRealtime realtime = new FakeRealtime(transcripts, responses);
    this.realtime = realtime;
    FakeSpeechServer server =
        FakeSpeechServer.websocket("Authorization", "Bearer " + KEY, h -> realtime);
    OpenAiRealtime model =
        new OpenAiRealtime(
            Recorded.endpoint(server.uri(), KEY, new Recorded.Sleeps()), "gpt-realtime", "alloy");
    return new Fake() {
      @Override
      public SpeechToSpeech model() {
        return model;
      }

      @Override
      public int functionResults() {
        return realtime.of("conversation.item.create").size();
      }

      @Override
      public int answerRequests() {
        return realtime.of("response.create").size();
      }

      @Override
      public List<String> declaredTools() {
        List<String> names = new ArrayList<>();
        for (JsonNode tool : session().path("tools")) {
          names.add(tool.path("name").asText());
        }
        return names;
      }

      @Override
      public boolean leavesTurnsToParley() {
        JsonNode detection = session().path("audio").path("input").path("turn_detection");
        return !detection.path("create_response").asBoolean(true)
            && !detection.path("interrupt_response").asBoolean(true);
      }

      private JsonNode session() {
        return realtime.of("session.update").getFirst().path("session");
      }

      @Override
      public void close() {
        server.close();
      }

      @Override
      public String toString() {
        return "realtime " + realtime.received;
      }
    };
  }

  @Override
  void assertToldWhatWasHeard(Fake fake) {
    JsonNode truncate = realtime.of("conversation.item.truncate").getFirst();
    assertThat(truncate.path("audio_end_ms").asLong()).isBetween(200L, 2900L);
    assertThat(realtime.of("conversation.item.create"))
        .anySatisfy(m -> assertThat(m.path("item").path("call_id").asText()).isEqualTo("call_ny"));
  }
}
