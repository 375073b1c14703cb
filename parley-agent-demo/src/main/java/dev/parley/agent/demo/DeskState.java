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
import dev.parley.agent.demo.TravelGrammar.Question;
import dev.parley.agent.demo.TravelGrammar.Utterance;
import dev.parley.core.event.ToolStatus;
import dev.parley.core.spi.Conversation;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The travel desk's view of one call, recomputed from the conversation on every reply: the slots as
 * the user's turns left them (each turn read against what the desk had asked, as the user heard
 * it), the tool calls that ran and how they ended, and what changed in the last user turn. Agents
 * are shared by every session, so nothing here outlives one reply.
 */
final class DeskState {
  /** Phrases that show which question an agent turn asked; the wording keeps them. */
  private static final List<Marker> MARKERS =
      List.of(
          new Marker("where are you flying to", Question.DESTINATION),
          new Marker("where are you flying from", Question.ORIGIN),
          new Marker("what date", Question.DATE),
          new Marker("how many passengers", Question.PASSENGERS),
          new Marker("shall i book", Question.CONFIRM));

  private record Marker(String phrase, Question question) {}

  /** A tool call of the conversation as it ended. */
  record ToolRun(String id, String name, JsonNode args, ToolStatus status, JsonNode result) {}

  /** The slots at one moment. */
  record Slots(
      @Nullable City origin,
      @Nullable City destination,
      @Nullable LocalDate date,
      @Nullable TimePreference time,
      int passengers) {
    static final Slots EMPTY = new Slots(null, null, null, null, 0);

    boolean complete() {
      return origin != null && destination != null && date != null && passengers > 0;
    }

    /** The search these slots call for; only when complete. */
    ObjectNode searchArgs() {
      ObjectNode args = TravelTools.JSON.createObjectNode();
      args.put("from", Objects.requireNonNull(origin).name())
          .put("to", Objects.requireNonNull(destination).name())
          .put("date", Objects.requireNonNull(date).toString())
          .put("passengers", passengers);
      return args;
    }
  }

  private final LocalDate today;
  private @Nullable City origin;
  private @Nullable City destination;
  private @Nullable LocalDate date;
  private @Nullable TimePreference time;
  private int passengers;
  private Mention.Role lastCityRole = Mention.Role.UNSAID;
  private @Nullable Mention lastMention;

  private final List<ToolRun> tools = new ArrayList<>();
  private int userTurns;
  private Slots beforeLastTurn = Slots.EMPTY;
  private @Nullable Utterance lastUtterance;
  private Question lastAsked = Question.NONE;
  private boolean bookedAnnounced;
  private String lastAgentHeard = "";
  private Conversation.Turn.@Nullable User lastUser;

  private DeskState(LocalDate today) {
    this.today = today;
  }

  /** Replays {@code conversation} from its first turn. */
  static DeskState replay(Conversation conversation, LocalDate today) {
    DeskState s = new DeskState(today);
    List<Conversation.Turn> turns = conversation.turns();
    Question asked = Question.NONE;
    Question answering = Question.NONE;
    boolean booked = false;
    boolean agentSinceUser = false;
    for (Conversation.Turn turn : turns) {
      switch (turn) {
        case Conversation.Turn.User user -> {
          s.userTurns++;
          s.beforeLastTurn = s.slots();
          s.lastAsked = asked;
          s.bookedAnnounced = booked;
          s.lastUser = user;
          s.lastUtterance = s.apply(user.text(), asked);
          answering = asked;
          asked = Question.NONE;
          booked = false;
          agentSinceUser = false;
        }
        case Conversation.Turn.Agent agent -> {
          // The question that counts is the one the user heard; a line with none of the desk's
          // questions (an idle prompt) leaves the last one standing.
          String heard = agent.heardText().toLowerCase(Locale.ROOT);
          Question q = questionIn(heard);
          if (q != Question.NONE || !agentSinceUser) {
            asked = q;
          }
          if (q == Question.NONE && agent.interrupted() && !agentSinceUser) {
            // Cut off before asking anything: the user's next words still answer the question
            // their last turn answered ("no ... I mean yes").
            asked = answering;
          }
          booked |= heard.contains("you're booked") || heard.contains("you are booked");
          agentSinceUser = true;
          s.lastAgentHeard = agent.heardText();
        }
        case Conversation.Turn.Tool tool -> s.tools.add(run(tool));
      }
    }
    return s;
  }

  private static ToolRun run(Conversation.Turn.Tool tool) {
    return new ToolRun(
        tool.id(), tool.name(), json(tool.argumentsJson()), tool.status(), json(tool.resultJson()));
  }

  private static JsonNode json(String text) {
    try {
      JsonNode node = TravelTools.JSON.readTree(text);
      return node == null ? TravelTools.JSON.createObjectNode() : node;
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      return TravelTools.JSON.createObjectNode().put("error", "malformed JSON: " + text);
    }
  }

  static Question questionIn(String heardLowerCase) {
    Question found = Question.NONE;
    int at = -1;
    for (Marker m : MARKERS) {
      int i = heardLowerCase.lastIndexOf(m.phrase());
      if (i > at) {
        at = i;
        found = m.question();
      }
    }
    return found;
  }

  /** Applies one user turn to the slots. */
  private Utterance apply(String text, Question asked) {
    Utterance u = TravelGrammar.parse(text, new TravelGrammar.Context(today, asked, lastMention));
    for (Mention m : u.values()) {
      switch (m.kind()) {
        case CITY -> {
          Mention.Role role = m.role();
          if (role == Mention.Role.UNSAID) {
            role = roleFor(m, asked);
          }
          if (role == Mention.Role.ORIGIN) {
            origin = m.city();
          } else {
            destination = m.city();
          }
          lastCityRole = role;
        }
        case DATE -> date = m.date();
        case TIME -> time = m.time();
        case COUNT -> passengers = m.count();
        case ANSWER -> {}
      }
      lastMention = m;
    }
    // "not Denver" with nothing in its place: the slot holding Denver is open again.
    for (Mention ruled : u.negated()) {
      boolean replaced = u.values().stream().anyMatch(m -> m.kind() == ruled.kind());
      if (replaced) {
        continue;
      }
      switch (ruled.kind()) {
        case CITY -> {
          if (Objects.equals(destination, ruled.city())) {
            destination = null;
          } else if (Objects.equals(origin, ruled.city())) {
            origin = null;
          }
        }
        case DATE -> {
          if (Objects.equals(date, ruled.date())) {
            date = null;
          }
        }
        case TIME -> {
          if (Objects.equals(time, ruled.time())) {
            time = null;
          }
        }
        case COUNT -> {
          if (passengers == ruled.count()) {
            passengers = 0;
          }
        }
        case ANSWER -> {}
      }
    }
    return u;
  }

  /** The end of the trip a city without "to" or "from" fills. */
  private Mention.Role roleFor(Mention m, Question asked) {
    if (m.corrective() && lastCityRole != Mention.Role.UNSAID) {
      return lastCityRole; // "actually, Boston" revises the city said last
    }
    if (asked == Question.ORIGIN) {
      return Mention.Role.ORIGIN;
    }
    if (asked == Question.DESTINATION) {
      return Mention.Role.DESTINATION;
    }
    if (destination == null) {
      return Mention.Role.DESTINATION;
    }
    if (origin == null) {
      return Mention.Role.ORIGIN;
    }
    return lastCityRole == Mention.Role.UNSAID ? Mention.Role.DESTINATION : lastCityRole;
  }

  Slots slots() {
    return new Slots(origin, destination, date, time, passengers);
  }

  Slots beforeLastTurn() {
    return beforeLastTurn;
  }

  /** Whether the last user turn changed any slot. */
  boolean changedInLastTurn() {
    return !slots().equals(beforeLastTurn);
  }

  Optional<Utterance> lastUtterance() {
    return Optional.ofNullable(lastUtterance);
  }

  Optional<Conversation.Turn.User> lastUser() {
    return Optional.ofNullable(lastUser);
  }

  /** What the desk had asked when the user spoke last, as the user heard it. */
  Question lastAsked() {
    return lastAsked;
  }

  /** Whether the user had heard "you're booked" just before their last turn. */
  boolean bookedAnnounced() {
    return bookedAnnounced;
  }

  String lastAgentHeard() {
    return lastAgentHeard;
  }

  int userTurns() {
    return userTurns;
  }

  /** The booking that stands: the latest completed booking not compensated since. */
  Optional<ToolRun> activeBooking() {
    for (int i = tools.size() - 1; i >= 0; i--) {
      ToolRun run = tools.get(i);
      if (!run.name().equals(TravelTools.BOOK) || run.status() != ToolStatus.OK) {
        continue;
      }
      boolean undone = false;
      for (int k = i + 1; k < tools.size(); k++) {
        ToolRun later = tools.get(k);
        undone |= later.id().equals(run.id()) && later.status() == ToolStatus.COMPENSATED;
      }
      if (!undone) {
        return Optional.of(run);
      }
    }
    return Optional.empty();
  }

  /** Every completed booking that was not compensated (more than one only after a fault). */
  List<ToolRun> standingBookings() {
    List<ToolRun> standing = new ArrayList<>();
    for (int i = 0; i < tools.size(); i++) {
      ToolRun run = tools.get(i);
      if (!run.name().equals(TravelTools.BOOK) || run.status() != ToolStatus.OK) {
        continue;
      }
      boolean undone = false;
      for (int k = i + 1; k < tools.size(); k++) {
        ToolRun later = tools.get(k);
        undone |= later.id().equals(run.id()) && later.status() == ToolStatus.COMPENSATED;
      }
      if (!undone) {
        standing.add(run);
      }
    }
    return standing;
  }

  /** The latest booking reference the user was given, for a status check. */
  Optional<String> latestReference() {
    for (int i = tools.size() - 1; i >= 0; i--) {
      ToolRun run = tools.get(i);
      if (run.name().equals(TravelTools.BOOK) && run.result().hasNonNull("reference")) {
        return Optional.of(run.result().get("reference").asText());
      }
    }
    return Optional.empty();
  }

  /** The results of the latest successful search with exactly {@code args}. */
  Optional<JsonNode> searchResult(ObjectNode args) {
    for (int i = tools.size() - 1; i >= 0; i--) {
      ToolRun run = tools.get(i);
      if (run.name().equals(TravelTools.SEARCH)
          && run.status() == ToolStatus.OK
          && run.args().equals(args)) {
        return Optional.of(run.result());
      }
    }
    return Optional.empty();
  }

  /** Whether a booking's arguments agree with the slots now, down to the flight chosen. */
  boolean bookingMatches(ToolRun booking, Slots slots) {
    Optional<Flight> chosen = choose(slots);
    if (chosen.isEmpty()) {
      return false; // a slot was ruled out, or no flight fits any more: the booking is stale
    }
    JsonNode a = booking.args();
    return a.path("flight").asText().equals(chosen.get().number())
        && a.path("from").asText().equals(chosen.get().from().name())
        && a.path("to").asText().equals(chosen.get().to().name())
        && a.path("date").asText().equals(chosen.get().date().toString())
        && a.path("passengers").asInt() == slots.passengers();
  }

  /**
   * The flight the desk offers for complete slots: the one nearest the wanted time, else the first
   * of the day, among those with enough seats. The schedule is the same one {@code search_flights}
   * returns, so this agrees with any search for the same slots.
   */
  static Optional<Flight> choose(Slots slots) {
    if (!slots.complete()) {
      return Optional.empty();
    }
    Flight best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (Flight f :
        Flight.schedule(
            Objects.requireNonNull(slots.origin()),
            Objects.requireNonNull(slots.destination()),
            Objects.requireNonNull(slots.date()))) {
      if (f.seatsLeft() < slots.passengers()) {
        continue;
      }
      TimePreference time = slots.time();
      int d = time == null ? 0 : time.distance(f.departMinute());
      if (d < bestDistance) {
        best = f;
        bestDistance = d;
      }
    }
    return Optional.ofNullable(best);
  }
}
