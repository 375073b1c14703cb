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
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.core.spi.CallInfo;
import dev.parley.core.tool.Tool;
import dev.parley.core.tool.ToolContext;
import dev.parley.core.tool.ToolException;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Issue 17: the desk's reservation store was shared, so any caller could read or cancel any booking
 * by its reference. Each booking now belongs to the phone call that made it.
 */
class CallIsolationTest {
  private static final LocalDate TODAY = LocalDate.of(2026, 10, 1);

  private static ToolContext in(String phoneCall, String toolCall) {
    return new ToolContext() {
      @Override
      public String callId() {
        return toolCall;
      }

      @Override
      public void await(Duration duration) {}

      @Override
      public CallInfo call() {
        return CallInfo.local(phoneCall);
      }
    };
  }

  private static Tool tool(TravelDeskAgent desk, String name) {
    return desk.tools().stream()
        .filter(t -> t.spec().name().equals(name))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void aBookingIsVisibleAndCancellableOnlyFromTheCallThatMadeIt() throws Exception {
    TravelDeskAgent desk = TravelDeskAgent.create(TODAY, ToolLatency.fixed(Duration.ZERO));
    Flight flight =
        Flight.schedule(
                City.find("Chicago").orElseThrow(),
                City.find("Boston").orElseThrow(),
                TODAY.plusDays(1))
            .getFirst();
    String booked =
        tool(desk, "book_flight")
            .invoke(
                "{\"flight\":\""
                    + flight.number()
                    + "\",\"from\":\"Chicago\",\"to\":\"Boston\",\"date\":\""
                    + TODAY.plusDays(1)
                    + "\",\"passengers\":1}",
                in("call-A", "b1"));
    JsonNode booking = TravelTools.JSON.readTree(booked);
    String reference = booking.path("reference").asText();
    String status = "{\"reference\":\"" + reference + "\"}";

    assertThatThrownBy(() -> tool(desk, "booking_status").invoke(status, in("call-B", "s1")))
        .isInstanceOf(ToolException.class)
        .hasMessageContaining("no booking");
    assertThatThrownBy(
            () -> tool(desk, "book_flight").compensate("{}", booked, in("call-B", "b1-undo")))
        .isInstanceOf(ToolException.class);
    assertThat(desk.reservations().standing()).hasSize(1);

    String mine = tool(desk, "booking_status").invoke(status, in("call-A", "s2"));
    assertThat(TravelTools.JSON.readTree(mine).path("status").asText()).isEqualTo("confirmed");
    assertThat(desk.reservations().find(reference).orElseThrow().owner()).isEqualTo("call-A");
    assertThat(List.of(desk.greets(), desk.greetingCallers().greets()))
        .containsExactly(false, true);
  }
}
