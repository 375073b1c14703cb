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
package dev.parley.agent.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.event.SessionEvent;
import dev.parley.core.event.SpeechKind;
import dev.parley.core.event.ToolStatus;
import dev.parley.core.session.SessionConfig;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A whole call with the travel desk through a real session on a manual clock. */
class TravelDeskDialogueTest {
  static final LocalDate TODAY = LocalDate.of(2026, 10, 1);

  @Test
  void aCallerBooksAFlightAndChecksIt() {
    TravelDeskAgent desk = TravelDeskAgent.create(TODAY, ToolLatency.fixed(Duration.ofMillis(400)));
    try (SimulatedCaller caller = new SimulatedCaller(desk, SessionConfig.defaults())) {
      caller.say("hi I'd like to book a flight from Chicago to New York");
      assertThat(caller.awaitReply()).isTrue();
      caller.say("October 7th in the morning");
      assertThat(caller.awaitReply()).isTrue();
      caller.say("two of us");
      assertThat(caller.awaitReply()).isTrue();
      caller.say("yes please");
      assertThat(caller.awaitReply()).isTrue();
      caller.say("what is the status of my booking");
      assertThat(caller.awaitReply()).isTrue();

      List<String> said =
          caller.timeline().all(SessionEvent.AgentSpeechEnded.class).stream()
              .filter(e -> e.kind() == SpeechKind.RESPONSE)
              .map(SessionEvent.AgentSpeechEnded::text)
              .toList();
      assertThat(said).hasSize(5);
      assertThat(said.get(0)).containsIgnoringCase("what date");
      assertThat(said.get(1)).containsIgnoringCase("how many passengers");
      assertThat(said.get(2)).contains("Shall I book it", "AM");
      assertThat(said.get(3)).contains("You're booked");
      assertThat(said.get(4)).contains("is confirmed");

      assertThat(caller.timeline().all(SessionEvent.ToolCallEnded.class))
          .extracting(SessionEvent.ToolCallEnded::name, SessionEvent.ToolCallEnded::status)
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple(TravelTools.SEARCH, ToolStatus.OK),
              org.assertj.core.groups.Tuple.tuple(TravelTools.BOOK, ToolStatus.OK),
              org.assertj.core.groups.Tuple.tuple(TravelTools.STATUS, ToolStatus.OK));
      List<Reservations.Booking> standing = desk.reservations().standing();
      assertThat(standing).hasSize(1);
      Reservations.Booking booking = standing.getFirst();
      assertThat(booking.from()).isEqualTo("Chicago");
      assertThat(booking.to()).isEqualTo("New York");
      assertThat(booking.date()).isEqualTo("2026-10-07");
      assertThat(booking.passengers()).isEqualTo(2);
      assertThat(booking.flight().departMinute()).isBetween(6 * 60, 12 * 60 - 1);
    }
  }
}
