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
package dev.parley.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.core.audio.G711;
import dev.parley.core.event.SessionEvent;
import dev.parley.server.MediaStreamCallTest.Events;
import dev.parley.server.MediaStreamClient.Provider;
import dev.parley.testing.ScriptedAudio;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Issue 16 item 5 on the wire: a phone speaking Twilio's (and Telnyx's) protocol on loopback talks
 * over the agent; the agent's audio must stop within 150 ms of the caller's speech onset and a
 * {@code clear} must follow the pause within 150 ms. Measured in frames received: the session sends
 * one 20 ms frame per tick of its grid, so frames count its media time; nothing sleeps.
 */
class BargeInClearTest {
  private static final long LIMIT_NANOS = 150_000_000L;

  @Test
  void twilioAgentAudioStopsWithin150MsOfTheCallersOnsetAndAClearFollows() throws Exception {
    stopsAndClears(Provider.TWILIO);
  }

  @Test
  void telnyxDoesTheSame() throws Exception {
    stopsAndClears(Provider.TELNYX);
  }

  private static void stopsAndClears(Provider provider) throws Exception {
    ScriptedAudio ask =
        ScriptedAudio.builder()
            .silence(300)
            .say("I would like to book a flight to Boston", 2000)
            .silence(1800)
            .build();
    ScriptedAudio over =
        ScriptedAudio.builder().say("stop stop wait please", 1200).silence(2000).build();
    ScriptedAudio caller =
        ScriptedAudio.builder()
            .silence(300)
            .say("I would like to book a flight to Boston", 2000)
            .silence(1800)
            .say("stop stop wait please", 1200)
            .silence(2000)
            .build();
    try (ParleyServer server =
            Fixtures.server(Fixtures.config().build(), Fixtures.components(caller), m -> {});
        MediaStreamClient phone =
            MediaStreamClient.connect(server, provider, Duration.ofMillis(60), Map.of())) {
      Events events = Events.of(server);
      phone.begin();
      phone.speak(ask);
      // Everything received from here on came after the caller's voice began under the reply.
      int onset = phone.received.size();
      phone.speak(over);
      events.await(SessionEvent.AgentInterrupted.class, e -> true, 5);

      List<JsonNode> received = List.copyOf(phone.received);
      assertThat(received.subList(0, onset).stream().filter(BargeInClearTest::audible))
          .as("the agent was speaking when the caller began")
          .isNotEmpty();
      int audibleAfter = 0;
      int lastAudible = onset - 1;
      int clear = -1;
      for (int i = onset; i < received.size() && clear < 0; i++) {
        JsonNode message = received.get(i);
        if (audible(message)) {
          audibleAfter++;
          lastAudible = i;
        } else if (message.path("event").asText().equals("clear")) {
          clear = i;
        }
      }
      // Each frame is 20 ms of audio, sent on the session's 20 ms grid: 7 frames are 140 ms.
      assertThat(audibleAfter)
          .as("agent frames heard after the caller's onset (20 ms each)")
          .isLessThanOrEqualTo(7);
      assertThat(clear).as("a clear was sent").isGreaterThan(lastAudible);
      long mediaBetween =
          received.subList(lastAudible + 1, clear).stream()
              .filter(m -> m.path("event").asText().equals("media"))
              .count();
      assertThat(mediaBetween)
          .as("frames between the last audible one and the clear: the pause holds")
          .isZero();
      System.out.printf(
          java.util.Locale.ROOT,
          "%s barge-in: %d agent frames (20 ms) after the onset; clear %d messages later%n",
          provider,
          audibleAfter,
          clear - lastAudible);
      // Nothing audible after the clear: the pause held until the interruption cleared again.
      int next = clear + 1;
      while (next < received.size() && !received.get(next).path("event").asText().equals("clear")) {
        next++;
      }
      assertThat(received.subList(clear, next).stream().filter(BargeInClearTest::audible))
          .as("audible frames while paused")
          .isEmpty();
      phone.stop();
      assertThat(phone.awaitClose(5)).isEqualTo(CloseCodes.NORMAL);
    }
  }

  private static boolean audible(JsonNode message) {
    if (!message.path("event").asText().equals("media")) {
      return false;
    }
    byte[] muLaw = Base64.getDecoder().decode(message.path("media").path("payload").asText());
    for (byte code : muLaw) {
      if (Math.abs(G711.decodeMuLaw(code)) > 200) {
        return true;
      }
    }
    return false;
  }
}
