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
