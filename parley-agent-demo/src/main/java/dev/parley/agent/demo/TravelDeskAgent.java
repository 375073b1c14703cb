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

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.agent.demo.DeskState.Slots;
import dev.parley.agent.demo.DeskState.ToolRun;
import dev.parley.agent.demo.TravelGrammar.Intent;
import dev.parley.agent.demo.TravelGrammar.Question;
import dev.parley.agent.demo.TravelGrammar.Utterance;
import dev.parley.core.event.ToolStatus;
import dev.parley.core.prosody.UserAffect;
import dev.parley.core.spi.Agent;
import dev.parley.core.spi.CallInfo;
import dev.parley.core.spi.Conversation;
import dev.parley.core.spi.SpeechRecognizer;
import dev.parley.core.tool.Tool;
import dev.parley.core.tool.ToolCall;
import dev.parley.core.tool.ToolResult;
import java.time.LocalDate;
import java.time.Month;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * A demo agent: a travel desk that searches flights, books them after the caller confirms, and
 * checks a booking's status, over a simulated airline. Offline and free of model weights, it is
 * Parley's default agent and a worked example of the agent contract; put a real agent behind an
 * adapter for anything else.
 *
 * <p>Each reply recomputes the dialogue from the {@link Conversation}: the user's turns fill the
 * slots (origin, destination, date, time, passengers) through a small rule grammar, read against
 * the question the user actually heard; the tool turns say what was searched and booked. A
 * self-correction ("to New York — actually, make that Boston", "the fifth, no wait, the seventh",
 * "I mean", "scratch that", "rather", "not X, Y") revises its slot. A booking made with a value the
 * user has since corrected is cancelled through the book tool's compensation before anything else
 * happens, and the corrected flight is offered for confirmation: nothing is booked without a "yes"
 * to an offer the user heard in full, and no stale booking is kept.
 *
 * <p>The tools ({@code search_flights}, {@code book_flight}, {@code booking_status}) run through
 * the session, which applies their effects' rules; their latency is log-normal between 50 ms and 4
 * s, repeatable per call id. A caller who sounds upset or agitated ({@link UserAffect.Label}) gets
 * shorter, calmer, apologetic wording.
 *
 * <p>Thread-safe and stateless between replies: one instance serves every session. Today's date is
 * given, never read from a clock, so the same conversation always gets the same reply.
 */
public final class TravelDeskAgent implements Agent {
  private final LocalDate today;
  private final Reservations reservations;
  private final List<Tool> tools;
  private final TravelTools.Latencies latencies;
  private final boolean greets;

  private TravelDeskAgent(LocalDate today, TravelTools.Latencies latencies, boolean greets) {
    this.today = today;
    this.latencies = latencies;
    this.greets = greets;
    this.reservations = new Reservations();
    this.tools = TravelTools.create(reservations, latencies);
  }

  private TravelDeskAgent(LocalDate today, TravelTools.Latencies latencies) {
    this(today, latencies, false);
  }

  /**
   * This desk, answering the phone: it greets each call as it connects ("Hello, this is the travel
   * desk. Where are you flying to?") instead of waiting for the caller. What {@code parley serve}
   * runs; scripted runs and the benchmark keep the desk that waits, as their callers speak first.
   */
  public TravelDeskAgent greetingCallers() {
    return new TravelDeskAgent(today, latencies, true);
  }

  @Override
  public boolean greets() {
    return greets;
  }

  @Override
  public void greet(CallInfo call, Reply reply) {
    reply.text(new Wording(false).greeting());
  }

  /** The demo desk for {@code today}, with realistic tool latencies. */
  public static TravelDeskAgent create(LocalDate today) {
    return new TravelDeskAgent(today, TravelTools.Latencies.realistic());
  }

  /** The demo desk with every tool taking {@code latency}. */
  public static TravelDeskAgent create(LocalDate today, ToolLatency latency) {
    return new TravelDeskAgent(today, TravelTools.Latencies.all(latency));
  }

  /** The demo desk with its own latency per tool. */
  public static TravelDeskAgent create(
      LocalDate today, ToolLatency search, ToolLatency book, ToolLatency status) {
    return new TravelDeskAgent(today, new TravelTools.Latencies(search, book, status));
  }

  @Override
  public String name() {
    return "demo";
  }

  @Override
  public List<Tool> tools() {
    return tools;
  }

  /** The simulated airline's bookings, for tests and demos to inspect. */
  public Reservations reservations() {
    return reservations;
  }

  /** The date "tomorrow" counts from. */
  public LocalDate today() {
    return today;
  }

  @Override
  public List<String> phraseHints() {
    Set<String> hints = new LinkedHashSet<>();
    for (City city : City.ALL) {
      hints.add(city.name().toLowerCase(Locale.ROOT));
    }
    for (Month m : Month.values()) {
      hints.add(m.getDisplayName(TextStyle.FULL, Locale.ENGLISH).toLowerCase(Locale.ROOT));
    }
    for (java.time.DayOfWeek d : java.time.DayOfWeek.values()) {
      hints.add(d.getDisplayName(TextStyle.FULL, Locale.ENGLISH).toLowerCase(Locale.ROOT));
    }
    hints.addAll(TravelGrammar.NUMBER_WORDS);
    hints.addAll(TravelGrammar.YES_WORDS);
    hints.addAll(TravelGrammar.NO_WORDS);
    // The desk accepts corrections, so the words that make one are as much its domain as the
    // cities: a caller's "no wait, make it ..." must reach the grammar as said.
    hints.addAll(TravelGrammar.CORRECTION_PHRASES);
    hints.addAll(TravelGrammar.SCRATCH_PHRASES);
    hints.addAll(new TreeSet<>(TravelGrammar.PASSENGER_NOUNS)); // sorted: a Set.of changes order
    hints.addAll(
        List.of(
            "today",
            "tomorrow",
            "next",
            "morning",
            "afternoon",
            "evening",
            "of us",
            "just me",
            "book",
            "flight",
            "from",
            "to",
            "instead",
            "status",
            "cancel",
            "a m",
            "p m"));
    return List.copyOf(hints);
  }

  /** The answers the desk asks for: a city, a date, a number of passengers, a yes or no. */
  @Override
  public List<SpeechRecognizer.Expectation> expectations() {
    return Expectations.ALL;
  }

  @Override
  public void respond(Conversation conversation, Reply reply) throws InterruptedException {
    DeskState state = DeskState.replay(conversation, today);
    Optional<Utterance> heard = state.lastUtterance();
    Wording say = new Wording(soothing(state));
    if (heard.isEmpty()) {
      String greeting = say.greeting();
      reply.expect(Expectations.slotAfter(greeting));
      reply.text(greeting);
      return;
    }
    new Turn(state, heard.get(), say, reply).run();
  }

  private static boolean soothing(DeskState state) {
    return state
        .lastUser()
        .map(u -> u.affect().label())
        .map(l -> l == UserAffect.Label.UPSET || l == UserAffect.Label.AGITATED)
        .orElse(false);
  }

  /** One reply: the decisions for the last user turn, in order. */
  private final class Turn {
    private final DeskState state;
    private final Utterance u;
    private final Wording say;
    private final Reply reply;
    private final List<String> lines = new ArrayList<>();
    private int calls;

    Turn(DeskState state, Utterance u, Wording say, Reply reply) {
      this.state = state;
      this.u = u;
      this.say = say;
      this.reply = reply;
    }

    void run() throws InterruptedException {
      try {
        decide();
      } finally {
        String text = String.join(" ", lines);
        // Before the words, so the recogniser is ready by the time the caller hears the question.
        reply.expect(Expectations.slotAfter(text));
        if (!lines.isEmpty()) {
          reply.text(text);
        }
      }
    }

    private void decide() throws InterruptedException {
      Slots slots = state.slots();
      boolean changed = state.changedInLastTurn();
      Optional<Boolean> answer = u.answer();
      boolean cancelRequest =
          !changed
              && (u.intents().contains(Intent.CANCEL)
                  || (state.bookedAnnounced() && answer.equals(Optional.of(false))));

      // 1. A booking that no longer matches what the user wants is undone before anything else.
      for (ToolRun booking : state.standingBookings()) {
        if (cancelRequest || !state.bookingMatches(booking, slots)) {
          if (!undo(booking)) {
            return;
          }
        } else if (booking != state.activeBooking().orElse(null)) {
          // Two bookings for the same thing is a duplicate: keep the latest only.
          if (!undo(booking)) {
            return;
          }
        }
      }
      if (cancelRequest) {
        if (state.standingBookings().isEmpty() && state.latestReference().isEmpty()) {
          lines.add(say.noBooking());
        }
        return;
      }
      if (u.intents().contains(Intent.STATUS)) {
        status();
        return;
      }
      if (u.intents().contains(Intent.BYE) && !changed) {
        lines.add(say.goodbye());
        return;
      }
      if (changed) {
        acknowledgeRevisions(state.beforeLastTurn(), slots);
      }
      // 2. A yes to the offer the user heard books it; a no declines it.
      if (state.lastAsked() == Question.CONFIRM
          && !changed
          && answer.isPresent()
          && slots.complete()) {
        if (answer.get()) {
          book(slots);
        } else {
          lines.add(say.declined());
        }
        return;
      }
      // 3. Fill what is missing, one question at a time.
      if (slots.destination() == null) {
        lines.add(say.askDestination(state.userTurns() == 1));
        return;
      }
      if (slots.origin() == null) {
        lines.add(say.askOrigin(slots.destination()));
        return;
      }
      if (slots.date() == null) {
        lines.add(say.askDate());
        return;
      }
      if (slots.passengers() == 0) {
        lines.add(say.askPassengers());
        return;
      }
      // 4. Everything is known: a standing booking for it, or an offer to confirm.
      Optional<ToolRun> active = state.activeBooking();
      if (active.isPresent() && state.bookingMatches(active.get(), slots) && !changed) {
        lines.add(say.alreadyBooked(active.get().result().path("reference").asText()));
        return;
      }
      offer(slots);
    }

    /** Cancels a booking through the tool's compensation; false if it could not be undone. */
    private boolean undo(ToolRun booking) throws InterruptedException {
      ToolResult undone = reply.compensate(booking.id());
      String reference = booking.result().path("reference").asText("");
      if (undone.status() == ToolStatus.COMPENSATED || undone.ok()) {
        lines.add(
            say.cancelled(
                booking.args().path("to").asText(),
                LocalDate.parse(booking.args().path("date").asText())));
        return true;
      }
      lines.add(say.couldNotCancel(reference, error(undone.json())));
      return false;
    }

    private void acknowledgeRevisions(Slots before, Slots now) {
      if (before.destination() != null
          && !Objects.equals(before.destination(), now.destination())
          && now.destination() != null) {
        lines.add(say.revised(now.destination().name(), before.destination().name()));
      } else if (before.origin() != null
          && now.origin() != null
          && !Objects.equals(before.origin(), now.origin())) {
        lines.add(say.revised("from " + now.origin().name(), before.origin().name()));
      } else if (before.date() != null
          && now.date() != null
          && !Objects.equals(before.date(), now.date())) {
        lines.add(say.revised(Wording.date(now.date()), Wording.date(before.date())));
      } else if (before.passengers() > 0
          && now.passengers() > 0
          && before.passengers() != now.passengers()) {
        lines.add(
            say.revised(now.passengers() + " passengers", String.valueOf(before.passengers())));
      } else if (before.time() != null
          && now.time() != null
          && !Objects.equals(before.time(), now.time())) {
        lines.add(say.revised(now.time().spoken(), before.time().spoken()));
      }
    }

    private void offer(Slots slots) throws InterruptedException {
      ObjectNode args = slots.searchArgs();
      Optional<JsonNode> found = state.searchResult(args);
      if (found.isEmpty()) {
        ToolResult result = call(TravelTools.SEARCH, args);
        if (!result.ok()) {
          lines.add(say.toolFailed("search flights", error(result.json())));
          return;
        }
        found = Optional.of(DeskStateJson.read(result.json()));
      }
      Optional<Flight> chosen = chooseFrom(found.get(), slots);
      if (chosen.isEmpty()) {
        lines.add(
            say.noFlights(
                Objects.requireNonNull(slots.origin()),
                Objects.requireNonNull(slots.destination()),
                Objects.requireNonNull(slots.date())));
        return;
      }
      TimePreference time = slots.time();
      if (time != null && time.distance(chosen.get().departMinute()) > 0) {
        lines.add(say.nothingAt(time));
      }
      lines.add(say.offer(chosen.get(), slots.passengers()));
    }

    private void book(Slots slots) throws InterruptedException {
      Optional<Flight> flight = DeskState.choose(slots);
      if (flight.isEmpty()) {
        offer(slots);
        return;
      }
      Optional<ToolRun> active = state.activeBooking();
      if (active.isPresent() && state.bookingMatches(active.get(), slots)) {
        lines.add(say.alreadyBooked(active.get().result().path("reference").asText()));
        return;
      }
      Flight f = flight.get();
      ObjectNode args = TravelTools.JSON.createObjectNode();
      args.put("flight", f.number())
          .put("from", f.from().name())
          .put("to", f.to().name())
          .put("date", f.date().toString())
          .put("passengers", slots.passengers());
      ToolResult result = call(TravelTools.BOOK, args);
      if (!result.ok()) {
        lines.add(say.toolFailed("book it", error(result.json())));
        return;
      }
      JsonNode booked = DeskStateJson.read(result.json());
      lines.add(say.booked(booked.path("reference").asText(), f));
    }

    private void status() throws InterruptedException {
      Optional<String> reference = state.latestReference();
      if (reference.isEmpty()) {
        lines.add(say.noBooking());
        return;
      }
      ObjectNode args = TravelTools.JSON.createObjectNode().put("reference", reference.get());
      ToolResult result = call(TravelTools.STATUS, args);
      if (!result.ok()) {
        lines.add(say.toolFailed("look that booking up", error(result.json())));
        return;
      }
      JsonNode s = DeskStateJson.read(result.json());
      lines.add(
          say.status(
              reference.get(),
              s.path("status").asText("unknown"),
              s.path("to").asText(""),
              s.path("date").asText(today.toString())));
    }

    /**
     * Runs a tool through the session. The id names the user turn, the tool and the arguments, so a
     * reply redone for the same turn and the same arguments asks for the same call.
     */
    private ToolResult call(String tool, ObjectNode args) throws InterruptedException {
      calls++;
      String json = args.toString();
      String id =
          String.format(
              Locale.ROOT,
              "u%d-%s-%d-%08x",
              state.userTurns(),
              tool,
              calls,
              (int) Flight.seed(json));
      return reply.call(new ToolCall(id, tool, json));
    }
  }

  /** The flight to offer from a search result: the one {@link DeskState#choose} picks. */
  private static Optional<Flight> chooseFrom(JsonNode result, Slots slots) {
    Optional<Flight> chosen = DeskState.choose(slots);
    JsonNode flights = result.path("flights");
    if (chosen.isEmpty() || !flights.isArray() || flights.isEmpty()) {
      return Optional.empty();
    }
    for (JsonNode f : flights) {
      if (f.path("flight").asText().equals(chosen.get().number())) {
        return chosen;
      }
    }
    return Optional.empty();
  }

  private static String error(String json) {
    JsonNode node = DeskStateJson.read(json);
    return node.path("error").asText("it failed");
  }

  /** Lenient JSON reading for tool results: malformed data reads as an error object. */
  static final class DeskStateJson {
    private DeskStateJson() {}

    static JsonNode read(String json) {
      try {
        JsonNode node = TravelTools.JSON.readTree(json);
        return node == null ? TravelTools.JSON.createObjectNode() : node;
      } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
        return TravelTools.JSON.createObjectNode().put("error", "the answer was malformed");
      }
    }
  }
}
