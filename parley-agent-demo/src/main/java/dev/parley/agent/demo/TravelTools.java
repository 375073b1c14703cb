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

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.core.tool.Tool;
import dev.parley.core.tool.ToolContext;
import dev.parley.core.tool.ToolEffect;
import dev.parley.core.tool.ToolException;
import dev.parley.core.tool.ToolSpec;
import java.time.Duration;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;

/**
 * The travel desk's three tools over the simulated airline: {@code search_flights} (read-only),
 * {@code book_flight} (side-effecting, compensable: the compensation cancels the booking) and
 * {@code booking_status} (read-only). Each waits its {@link ToolLatency} through {@link
 * ToolContext#await} before touching the {@link Reservations}, so a call cancelled while it waits
 * changes nothing. Thread-safe: one set serves every session.
 */
final class TravelTools {
  static final String SEARCH = "search_flights";
  static final String BOOK = "book_flight";
  static final String STATUS = "booking_status";

  static final ObjectMapper JSON = new ObjectMapper();

  /** How long each tool takes. */
  record Latencies(ToolLatency search, ToolLatency book, ToolLatency status) {
    /**
     * Medians of 600 ms (search), 900 ms (book) and 300 ms (status) with a heavy tail (sigma 0.8,
     * 0.7, 0.6), clipped to 50 ms - 4 s: roughly one search in four runs past 1 s.
     */
    static Latencies realistic() {
      return new Latencies(
          ToolLatency.logNormal(600, 0.8),
          ToolLatency.logNormal(900, 0.7),
          ToolLatency.logNormal(300, 0.6));
    }

    static Latencies all(ToolLatency latency) {
      return new Latencies(latency, latency, latency);
    }
  }

  private static final Duration TIMEOUT = Duration.ofSeconds(8);

  private static final String SEARCH_SCHEMA =
      """
      {"type":"object","additionalProperties":false,
       "required":["from","to","date","passengers"],
       "properties":{
         "from":{"type":"string","description":"origin city"},
         "to":{"type":"string","description":"destination city"},
         "date":{"type":"string","pattern":"^\\\\d{4}-\\\\d{2}-\\\\d{2}$","description":"ISO date"},
         "passengers":{"type":"integer","minimum":1,"maximum":9}}}""";

  private static final String BOOK_SCHEMA =
      """
      {"type":"object","additionalProperties":false,
       "required":["flight","from","to","date","passengers"],
       "properties":{
         "flight":{"type":"string","description":"flight number from search_flights"},
         "from":{"type":"string"},
         "to":{"type":"string"},
         "date":{"type":"string","pattern":"^\\\\d{4}-\\\\d{2}-\\\\d{2}$"},
         "passengers":{"type":"integer","minimum":1,"maximum":9}}}""";

  private static final String STATUS_SCHEMA =
      """
      {"type":"object","additionalProperties":false,"required":["reference"],
       "properties":{"reference":{"type":"string","description":"booking reference"}}}""";

  private TravelTools() {}

  static List<Tool> create(Reservations reservations, Latencies latencies) {
    return List.of(
        new SearchFlights(latencies.search()),
        new BookFlight(reservations, latencies.book()),
        new BookingStatus(reservations, latencies.status()));
  }

  /** Finds flights; never changes anything. */
  static final class SearchFlights implements Tool {
    private final ToolSpec spec;
    private final ToolLatency latency;

    SearchFlights(ToolLatency latency) {
      this.latency = latency;
      this.spec =
          new ToolSpec(
              SEARCH,
              "Search flights between two cities on a date for a number of passengers.",
              SEARCH_SCHEMA,
              ToolEffect.READ_ONLY,
              TIMEOUT);
    }

    @Override
    public ToolSpec spec() {
      return spec;
    }

    @Override
    public String invoke(String argumentsJson, ToolContext context) throws Exception {
      JsonNode args = parse(argumentsJson);
      City from = city(args, "from");
      City to = city(args, "to");
      LocalDate date = date(args);
      int passengers = passengers(args);
      if (from.equals(to)) {
        throw new ToolException("origin and destination are both " + from.name());
      }
      context.await(latency.of(context.callId()));
      ObjectNode result = JSON.createObjectNode();
      ArrayNode flights = result.putArray("flights");
      for (Flight f : Flight.schedule(from, to, date)) {
        if (f.seatsLeft() >= passengers) {
          flights
              .addObject()
              .put("flight", f.number())
              .put("departs", f.departs())
              .put("arrives", f.arrives())
              .put("fare", f.fareUsd())
              .put("seatsLeft", f.seatsLeft());
        }
      }
      return JSON.writeValueAsString(result);
    }
  }

  /** Books seats on a flight; undone by cancelling the booking. */
  static final class BookFlight implements Tool {
    private final ToolSpec spec;
    private final Reservations reservations;
    private final ToolLatency latency;

    BookFlight(Reservations reservations, ToolLatency latency) {
      this.reservations = reservations;
      this.latency = latency;
      this.spec =
          new ToolSpec(
              BOOK,
              "Book seats on a flight found by search_flights. Only after the caller confirmed.",
              BOOK_SCHEMA,
              ToolEffect.SIDE_EFFECTING,
              TIMEOUT);
    }

    @Override
    public ToolSpec spec() {
      return spec;
    }

    @Override
    public String invoke(String argumentsJson, ToolContext context) throws Exception {
      JsonNode args = parse(argumentsJson);
      City from = city(args, "from");
      City to = city(args, "to");
      LocalDate date = date(args);
      int passengers = passengers(args);
      String number = text(args, "flight");
      Flight flight =
          Flight.schedule(from, to, date).stream()
              .filter(f -> f.number().equals(number))
              .findFirst()
              .orElseThrow(
                  () ->
                      new ToolException(
                          "there is no flight "
                              + number
                              + " from "
                              + from.name()
                              + " to "
                              + to.name()
                              + " on "
                              + date));
      if (flight.seatsLeft() < passengers) {
        throw new ToolException(
            "flight " + number + " has only " + flight.seatsLeft() + " seats left");
      }
      // The wait comes first: a call cancelled while it waits books nothing.
      context.await(latency.of(context.callId()));
      Reservations.Booking booking =
          reservations.book(context.call().callId(), context.callId(), flight, passengers);
      return describe(booking, "confirmed");
    }

    @Override
    public boolean compensable() {
      return true;
    }

    @Override
    public String compensate(String argumentsJson, String resultJson, ToolContext context)
        throws Exception {
      String reference = text(parse(resultJson), "reference");
      context.await(latency.of(context.callId()));
      Reservations.Booking booking =
          reservations
              .cancel(context.call().callId(), reference)
              .orElseThrow(() -> new ToolException("no booking " + reference));
      return describe(booking, "cancelled");
    }
  }

  /** Looks a booking up by its reference. */
  static final class BookingStatus implements Tool {
    private final ToolSpec spec;
    private final Reservations reservations;
    private final ToolLatency latency;

    BookingStatus(Reservations reservations, ToolLatency latency) {
      this.reservations = reservations;
      this.latency = latency;
      this.spec =
          new ToolSpec(
              STATUS,
              "Look up a booking by its reference: confirmed or cancelled, and its flight.",
              STATUS_SCHEMA,
              ToolEffect.READ_ONLY,
              TIMEOUT);
    }

    @Override
    public ToolSpec spec() {
      return spec;
    }

    @Override
    public String invoke(String argumentsJson, ToolContext context) throws Exception {
      String reference = text(parse(argumentsJson), "reference");
      context.await(latency.of(context.callId()));
      Optional<Reservations.Booking> booking =
          reservations.find(context.call().callId(), reference);
      if (booking.isEmpty()) {
        throw new ToolException("there is no booking " + reference);
      }
      return describe(booking.get(), booking.get().cancelled() ? "cancelled" : "confirmed");
    }
  }

  static String describe(Reservations.Booking b, String status) throws JsonProcessingException {
    ObjectNode out = JSON.createObjectNode();
    out.put("reference", b.reference())
        .put("status", status)
        .put("flight", b.flightNumber())
        .put("from", b.from())
        .put("to", b.to())
        .put("date", b.date())
        .put("departs", b.departs())
        .put("passengers", b.passengers())
        .put("total", b.flight().fareUsd() * b.passengers());
    return JSON.writeValueAsString(out);
  }

  static JsonNode parse(String json) throws ToolException {
    try {
      JsonNode node = JSON.readTree(json);
      if (node == null || !node.isObject()) {
        throw new ToolException("arguments must be a JSON object");
      }
      return node;
    } catch (JsonProcessingException e) {
      throw new ToolException("arguments are not JSON: " + e.getOriginalMessage(), e);
    }
  }

  static String text(JsonNode args, String field) throws ToolException {
    JsonNode v = args.get(field);
    if (v == null || !v.isTextual() || v.asText().isBlank()) {
      throw new ToolException("'" + field + "' must be a non-empty string");
    }
    return v.asText();
  }

  private static City city(JsonNode args, String field) throws ToolException {
    String name = text(args, field);
    return City.find(name).orElseThrow(() -> new ToolException("no airport serves " + name));
  }

  private static LocalDate date(JsonNode args) throws ToolException {
    String text = text(args, "date");
    try {
      return LocalDate.parse(text);
    } catch (DateTimeParseException e) {
      throw new ToolException("'date' must be an ISO date such as 2026-10-07, got " + text, e);
    }
  }

  private static int passengers(JsonNode args) throws ToolException {
    JsonNode v = args.get("passengers");
    if (v == null || !v.isIntegralNumber() || v.asInt() < 1 || v.asInt() > 9) {
      throw new ToolException("'passengers' must be a whole number from 1 to 9");
    }
    return v.asInt();
  }
}
