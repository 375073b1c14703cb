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
package dev.parley.core.event;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EventJsonTest {
  @Test
  void eventsCarryTheirTypeAndMillisecondTime() {
    assertThat(EventJson.toJson(new SessionEvent.UserTurnEnded(1_234_600_000L, "to \"Boston\"")))
        .isEqualTo("{\"type\":\"user_turn_end\",\"atMillis\":1235,\"text\":\"to \\\"Boston\\\"\"}");
  }

  @Test
  void agentSpeechCarriesItsKindInLowerCase() {
    assertThat(
            EventJson.toJson(
                new SessionEvent.AgentSpeechEnded(0, SpeechKind.BACKCHANNEL, "mhm", false)))
        .isEqualTo(
            "{\"type\":\"agent_speech_end\",\"atMillis\":0,\"kind\":\"backchannel\","
                + "\"text\":\"mhm\",\"interrupted\":false}");
  }

  @Test
  void toolArgumentsAreEmbeddedAsAnObject() {
    assertThat(
            EventJson.toJson(
                new SessionEvent.ToolCallStarted(
                    0, "c1", "search_flights", " {\"to\": \"BOS\"} ", true)))
        .isEqualTo(
            "{\"type\":\"tool_call_start\",\"atMillis\":0,\"id\":\"c1\","
                + "\"name\":\"search_flights\",\"arguments\":{\"to\": \"BOS\"},"
                + "\"speculative\":true}");
  }

  @Test
  void argumentsThatAreNotAnObjectCannotCorruptTheTimeline() {
    assertThat(
            EventJson.toJson(new SessionEvent.ToolCallStarted(0, "c1", "f", "{\"a\":1} }", false)))
        .contains("\"arguments\":{\"raw\":\"{\\\"a\\\":1} }\"}");
  }

  @Test
  void toolStatusIsLowerCase() {
    assertThat(
            EventJson.toJson(new SessionEvent.ToolCallEnded(0, "c1", "f", ToolStatus.COMPENSATED)))
        .endsWith("\"status\":\"compensated\"}");
  }
}
