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

import dev.parley.core.event.SessionEvent;
import dev.parley.core.event.SpeechKind;
import dev.parley.core.event.ToolStatus;
import dev.parley.core.session.SessionConfig;
import dev.parley.testing.Timeline;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Self-correction scenarios in the spirit of FDB-v3: a simulated caller books a flight with the
 * travel desk through a real session and corrects a city, a date, a time, a passenger count or a
 * yes/no — (a) before the turn ends, (b) right after an eager end of turn, (c) after the booking
 * was committed. The expectation of each scenario is the booking that must stand at the end,
 * written from what the caller meant; a scenario passes when every expected tool call ran with the
 * corrected arguments (a search and a booking), exactly the expected booking stands in the
 * airline's ledger, and nothing stale or duplicated was left standing.
 */
final class SelfCorrectionSuite {
  static final LocalDate TODAY = LocalDate.of(2026, 10, 1); // a Thursday

  private SelfCorrectionSuite() {}

  /** When the correction comes. */
  enum Timing {
    IN_TURN("a: before the turn ends"),
    AFTER_EAGER_END("b: right after an eager end of turn"),
    AFTER_SIDE_EFFECT("c: after the booking was committed");

    final String label;

    Timing(String label) {
      this.label = label;
    }
  }

  /** What the caller meant: the booking that must stand, or none. */
  record Expected(
      @Nullable String from,
      @Nullable String to,
      @Nullable LocalDate date,
      int passengers,
      @Nullable TimePreference time) {
    static Expected none() {
      return new Expected(null, null, null, 0, null);
    }

    boolean booking() {
      return from != null;
    }

    /** The flight the desk should book: the same rule the desk uses, from the meant values. */
    Optional<Flight> flight() {
      if (!booking()) {
        return Optional.empty();
      }
      return DeskState.choose(
          new DeskState.Slots(
              City.byName(Objects.requireNonNull(from)),
              City.byName(Objects.requireNonNull(to)),
              date,
              time,
              passengers));
    }
  }

  /** A caller's step. */
  sealed interface Step {}

  /** Says a line and waits for the reply. */
  record Line(String text) implements Step {}

  /**
   * Says {@code first}, waits for the eager end of turn, then {@code gapMillis} later goes on with
   * {@code correction}.
   */
  record Resume(String first, long gapMillis, String correction) implements Step {}

  /**
   * Says {@code text} {@code afterMillis} after the agent starts speaking the booking's
   * confirmation: a barge-in.
   */
  record BargeIn(long afterMillis, String text) implements Step {}

  record Scenario(String name, Timing timing, String slot, List<Step> steps, Expected expected) {}

  /** How one scenario went. */
  record Outcome(
      Scenario scenario,
      boolean passed,
      boolean timingHeld,
      int staleStanding,
      int duplicates,
      String why,
      Timeline timeline) {}

  /** The suite's measures. */
  record Result(List<Outcome> outcomes) {
    double passRate() {
      return outcomes.stream().filter(Outcome::passed).count() / (double) outcomes.size();
    }

    int staleOrDuplicated() {
      return outcomes.stream().mapToInt(o -> o.staleStanding() + o.duplicates()).sum();
    }

    List<Outcome> failures() {
      return outcomes.stream().filter(o -> !o.passed()).toList();
    }

    String table() {
      StringBuilder s = new StringBuilder();
      s.append(
          String.format(
              Locale.ROOT,
              "self-correction suite: %d scenarios, pass rate %.3f, stale or duplicated side"
                  + " effects %d%n",
              outcomes.size(),
              passRate(),
              staleOrDuplicated()));
      long speculative = 0;
      long cancelled = 0;
      long compensated = 0;
      long books = 0;
      for (Outcome o : outcomes) {
        for (SessionEvent.ToolCallStarted st :
            o.timeline().all(SessionEvent.ToolCallStarted.class)) {
          speculative += st.speculative() ? 1 : 0;
          books += st.name().equals(TravelTools.BOOK) ? 1 : 0;
        }
        for (SessionEvent.ToolCallEnded e : o.timeline().all(SessionEvent.ToolCallEnded.class)) {
          cancelled += e.status() == ToolStatus.CANCELLED ? 1 : 0;
          compensated += e.status() == ToolStatus.COMPENSATED ? 1 : 0;
        }
      }
      s.append(
          String.format(
              Locale.ROOT,
              "  tool calls: %d speculative starts, %d cancelled, %d bookings started, %d"
                  + " compensated%n",
              speculative,
              cancelled,
              books,
              compensated));
      for (Timing t : Timing.values()) {
        List<Outcome> of = outcomes.stream().filter(o -> o.scenario().timing() == t).toList();
        long passed = of.stream().filter(Outcome::passed).count();
        s.append(String.format(Locale.ROOT, "  %-40s %d / %d%n", t.label, passed, of.size()));
      }
      Map<String, int[]> bySlot = new HashMap<>();
      for (Outcome o : outcomes) {
        int[] c = bySlot.computeIfAbsent(o.scenario().slot(), k -> new int[2]);
        c[0] += o.passed() ? 1 : 0;
        c[1]++;
      }
      bySlot.entrySet().stream()
          .sorted(Map.Entry.comparingByKey())
          .forEach(
              e ->
                  s.append(
                      String.format(
                          Locale.ROOT,
                          "  %-40s %d / %d%n",
                          "slot " + e.getKey(),
                          e.getValue()[0],
                          e.getValue()[1])));
      for (Outcome o : failures()) {
        s.append("  FAILED ").append(o.scenario().name()).append(": ").append(o.why()).append('\n');
      }
      return s.toString();
    }
  }

  // ---- the scenarios ------------------------------------------------------------------------

  private static Expected book(
      String from, String to, LocalDate date, int passengers, @Nullable TimePreference time) {
    return new Expected(from, to, date, passengers, time);
  }

  private static LocalDate oct(int day) {
    return LocalDate.of(2026, 10, day);
  }

  private static Line line(String text) {
    return new Line(text);
  }

  private static Resume resume(String first, long gapMillis, String correction) {
    return new Resume(first, gapMillis, correction);
  }

  private static List<Step> steps(Step... steps) {
    return List.of(steps);
  }

  static List<Scenario> scenarios() {
    TimePreference evening = TimePreference.EVENING;
    List<Scenario> all = new ArrayList<>();
    // (a) The correction comes inside the turn.
    Timing a = Timing.IN_TURN;
    all.add(
        new Scenario(
            "a01 destination, make that",
            a,
            "city",
            steps(
                line("I want to fly from Chicago to New York, actually make that Boston"),
                line("October 7th"),
                line("two of us"),
                line("yes")),
            book("Chicago", "Boston", oct(7), 2, null)));
    all.add(
        new Scenario(
            "a02 origin, I mean",
            a,
            "city",
            steps(
                line("from Denver, I mean from Dallas, to Miami"),
                line("tomorrow"),
                line("just me"),
                line("yes")),
            book("Dallas", "Miami", oct(2), 1, null)));
    all.add(
        new Scenario(
            "a03 destination, scratch that",
            a,
            "city",
            steps(
                line("a flight to Seattle, scratch that, to Portland, from San Francisco"),
                line("next Friday"),
                line("three passengers"),
                line("yes")),
            book("San Francisco", "Portland", oct(2), 3, null)));
    all.add(
        new Scenario(
            "a04 destination, or rather",
            a,
            "city",
            steps(
                line("from Boston to Miami, or rather Orlando"),
                line("October 12th"),
                line("two passengers"),
                line("yes")),
            book("Boston", "Orlando", oct(12), 2, null)));
    all.add(
        new Scenario(
            "a05 date, no wait",
            a,
            "date",
            steps(
                line("from Chicago to Denver on the fifth, no wait, the seventh"),
                line("one passenger"),
                line("yes")),
            book("Chicago", "Denver", oct(7), 1, null)));
    all.add(
        new Scenario(
            "a06 date, I mean",
            a,
            "date",
            steps(
                line("from Atlanta to Houston"),
                line("October 9th, I mean October 10th"),
                line("two of us"),
                line("yes")),
            book("Atlanta", "Houston", oct(10), 2, null)));
    all.add(
        new Scenario(
            "a07 date, not X, Y",
            a,
            "date",
            steps(
                line("from Seattle to Los Angeles"),
                line("not Friday, Saturday"),
                line("for two"),
                line("yes")),
            book("Seattle", "Los Angeles", oct(3), 2, null)));
    all.add(
        new Scenario(
            "a08 part of day, actually",
            a,
            "time",
            steps(
                line(
                    "from Boston to Washington on October 8th in the morning, actually in the evening"),
                line("just me"),
                line("yes")),
            book("Boston", "Washington", oct(8), 1, evening)));
    all.add(
        new Scenario(
            "a09 clock time, no",
            a,
            "time",
            steps(
                line("from Chicago to Detroit tomorrow at 9 am, no, 11 am"),
                line("two of us"),
                line("yes")),
            book("Chicago", "Detroit", oct(2), 2, TimePreference.at(11, 0))));
    all.add(
        new Scenario(
            "a10 count, no wait",
            a,
            "count",
            steps(
                line("from Dallas to Denver on October 14th for three, no wait, four passengers"),
                line("yes")),
            book("Dallas", "Denver", oct(14), 4, null)));
    all.add(
        new Scenario(
            "a11 count, actually",
            a,
            "count",
            steps(
                line("from New York to Chicago next Friday"),
                line("two of us, actually three of us"),
                line("yes")),
            book("New York", "Chicago", oct(2), 3, null)));
    all.add(
        new Scenario(
            "a12 no, I mean yes",
            a,
            "yes/no",
            steps(line("from Miami to Atlanta on October 20th for two"), line("no, I mean yes")),
            book("Miami", "Atlanta", oct(20), 2, null)));
    all.add(
        new Scenario(
            "a13 yes, no wait, no",
            a,
            "yes/no",
            steps(line("from Phoenix to Las Vegas tomorrow, just me"), line("yes, no wait, no")),
            Expected.none()));

    // (b) The caller goes on right after an eager end of turn.
    Timing b = Timing.AFTER_EAGER_END;
    all.add(
        new Scenario(
            "b01 destination, make that",
            b,
            "city",
            steps(
                resume("from Chicago to New York", 100, "actually make that Boston"),
                line("October 7th"),
                line("two of us"),
                line("yes")),
            book("Chicago", "Boston", oct(7), 2, null)));
    all.add(
        new Scenario(
            "b02 origin, actually from",
            b,
            "city",
            steps(
                resume("I'm flying from Denver to Miami", 200, "actually from Dallas"),
                line("tomorrow"),
                line("just me"),
                line("yes")),
            book("Dallas", "Miami", oct(2), 1, null)));
    all.add(
        new Scenario(
            "b03 the latest city, I mean",
            b,
            "city",
            steps(
                resume("to Seattle from San Francisco", 0, "sorry, I mean Portland"),
                line("October 9th"),
                line("two passengers"),
                line("yes")),
            book("Portland", "Seattle", oct(9), 2, null)));
    all.add(
        new Scenario(
            "b04 origin, instead",
            b,
            "city",
            steps(
                line("I need a flight to Boston"),
                resume("from Philadelphia", 150, "Pittsburgh instead"),
                line("October 16th"),
                line("just me"),
                line("yes")),
            book("Pittsburgh", "Boston", oct(16), 1, null)));
    all.add(
        new Scenario(
            "b05 date, no wait",
            b,
            "date",
            steps(
                resume("from Chicago to Denver on the fifth", 100, "no wait, the seventh"),
                line("one passenger"),
                line("yes")),
            book("Chicago", "Denver", oct(7), 1, null)));
    all.add(
        new Scenario(
            "b06 weekday, actually",
            b,
            "date",
            steps(
                line("from Atlanta to Houston"),
                resume("next Friday", 250, "actually Saturday"),
                line("two of us"),
                line("yes")),
            book("Atlanta", "Houston", oct(3), 2, null)));
    all.add(
        new Scenario(
            "b07 part of day, make it",
            b,
            "time",
            steps(
                line("from Boston to Washington on October 8th"),
                resume("in the morning", 100, "actually make it the evening"),
                line("just me"),
                line("yes")),
            book("Boston", "Washington", oct(8), 1, evening)));
    all.add(
        new Scenario(
            "b08 clock time, no",
            b,
            "time",
            steps(
                line("from Chicago to Detroit"),
                resume("at 9 am tomorrow", 200, "no, 11 am"),
                line("two of us"),
                line("yes")),
            book("Chicago", "Detroit", oct(2), 2, TimePreference.at(11, 0))));
    all.add(
        new Scenario(
            "b09 count, actually",
            b,
            "count",
            steps(
                line("from Dallas to Denver on October 14th"),
                resume("three passengers", 100, "actually four"),
                line("yes")),
            book("Dallas", "Denver", oct(14), 4, null)));
    all.add(
        new Scenario(
            "b10 count, I mean",
            b,
            "count",
            steps(
                line("from New York to Chicago next Friday"),
                resume("two of us", 300, "I mean three of us"),
                line("yes")),
            book("New York", "Chicago", oct(2), 3, null)));
    all.add(
        new Scenario(
            "b11 yes, then a new count",
            b,
            "yes/no",
            steps(
                line("from Miami to Atlanta on October 20th for two"),
                resume("yes", 100, "actually wait, make it three passengers"),
                line("yes")),
            book("Miami", "Atlanta", oct(20), 3, null)));
    all.add(
        new Scenario(
            "b12 no, I mean yes",
            b,
            "yes/no",
            steps(
                line("from Phoenix to Las Vegas tomorrow, just me"),
                resume("no", 100, "I mean yes")),
            book("Phoenix", "Las Vegas", oct(2), 1, null)));

    // (c) The booking was committed; then the caller corrects.
    Timing c = Timing.AFTER_SIDE_EFFECT;
    all.add(
        new Scenario(
            "c01 destination, I meant",
            c,
            "city",
            steps(
                line("from Chicago to New York on October 7th for two"),
                line("yes"),
                line("oh no, I meant Boston, not New York"),
                line("yes")),
            book("Chicago", "Boston", oct(7), 2, null)));
    all.add(
        new Scenario(
            "c02 origin, actually",
            c,
            "city",
            steps(
                line("from Denver to Miami tomorrow, just me"),
                line("yes"),
                line("actually I'm flying from Dallas"),
                line("yes")),
            book("Dallas", "Miami", oct(2), 1, null)));
    all.add(
        new Scenario(
            "c03 date, not the fifth",
            c,
            "date",
            steps(
                line("from Chicago to Denver on the fifth for one passenger"),
                line("yes"),
                line("sorry, I meant the seventh, not the fifth"),
                line("yes")),
            book("Chicago", "Denver", oct(7), 1, null)));
    all.add(
        new Scenario(
            "c04 weekday, make that",
            c,
            "date",
            steps(
                line("from Atlanta to Houston next Friday, two of us"),
                line("yes"),
                line("wait, make that Saturday"),
                line("yes")),
            book("Atlanta", "Houston", oct(3), 2, null)));
    all.add(
        new Scenario(
            "c05 part of day",
            c,
            "time",
            steps(
                line("from Boston to Washington on October 8th in the morning, just me"),
                line("yes"),
                line("actually I need the evening flight"),
                line("yes")),
            book("Boston", "Washington", oct(8), 1, evening)));
    all.add(
        new Scenario(
            "c06 clock time",
            c,
            "time",
            steps(
                line("from Chicago to Detroit tomorrow at 9 am for two"),
                line("yes"),
                line("sorry, I meant 11 am"),
                line("yes")),
            book("Chicago", "Detroit", oct(2), 2, TimePreference.at(11, 0))));
    all.add(
        new Scenario(
            "c07 count, actually",
            c,
            "count",
            steps(
                line("from Dallas to Denver on October 14th, three passengers"),
                line("yes"),
                line("actually we are four passengers"),
                line("yes")),
            book("Dallas", "Denver", oct(14), 4, null)));
    all.add(
        new Scenario(
            "c08 count, I mean",
            c,
            "count",
            steps(
                line("from New York to Chicago next Friday, two of us"),
                line("yes"),
                line("I mean three of us"),
                line("yes")),
            book("New York", "Chicago", oct(2), 3, null)));
    all.add(
        new Scenario(
            "c09 yes retracted, don't book",
            c,
            "yes/no",
            steps(
                line("from Miami to Atlanta on October 20th for two"),
                line("yes"),
                line("no wait, don't book that")),
            Expected.none()));
    all.add(
        new Scenario(
            "c10 yes retracted, cancel",
            c,
            "yes/no",
            steps(
                line("from Phoenix to Las Vegas tomorrow, just me"),
                line("yes"),
                line("no, cancel that booking")),
            Expected.none()));
    all.add(
        new Scenario(
            "c11 destination, barging in on the confirmation",
            c,
            "city",
            steps(
                line("from Seattle to Los Angeles on October 22nd, just me"),
                new BargeIn(1500, "actually make that San Diego"),
                line("yes")),
            book("Seattle", "San Diego", oct(22), 1, null)));
    all.add(
        new Scenario(
            "c12 date, barging in on the confirmation",
            c,
            "date",
            steps(
                line("from Denver to Phoenix on the tenth for two"),
                new BargeIn(1200, "no wait, the twelfth"),
                line("yes")),
            book("Denver", "Phoenix", oct(12), 2, null)));
    return all;
  }

  // ---- running ------------------------------------------------------------------------------

  static Result run(SessionConfig config) {
    List<Outcome> outcomes = new ArrayList<>();
    for (Scenario s : scenarios()) {
      outcomes.add(run(s, config));
    }
    return new Result(outcomes);
  }

  static Outcome run(Scenario s, SessionConfig config) {
    TravelDeskAgent desk = TravelDeskAgent.create(TODAY);
    boolean timingHeld = true;
    try (SimulatedCaller caller = new SimulatedCaller(desk, config)) {
      caller.silence(500);
      boolean bookedBeforeCorrection = false;
      for (int i = 0; i < s.steps().size(); i++) {
        Step step = s.steps().get(i);
        boolean correctionStep = s.timing() == Timing.AFTER_SIDE_EFFECT && isCorrection(s, i);
        if (correctionStep) {
          bookedBeforeCorrection = bookedOk(caller.timeline());
        }
        switch (step) {
          case Line l -> {
            caller.say(l.text());
            caller.awaitReply();
          }
          case Resume r -> {
            caller.say(r.first());
            boolean eager = caller.waitFor(e -> e instanceof SessionEvent.UserTurnEagerEnd, 3000);
            timingHeld &= eager;
            caller.silence(r.gapMillis());
            caller.say(r.correction());
            caller.awaitReply();
          }
          case BargeIn bi -> {
            // The booking's "yes" came in the step before; the confirmation is playing.
            caller.say("yes");
            caller.waitFor(
                e ->
                    e instanceof SessionEvent.AgentSpeechStarted st
                        && st.kind() == SpeechKind.RESPONSE,
                15_000);
            caller.silence(bi.afterMillis());
            bookedBeforeCorrection = bookedOk(caller.timeline());
            caller.say(bi.text());
            caller.awaitReply();
          }
        }
      }
      caller.silence(2000);
      if (s.timing() == Timing.AFTER_SIDE_EFFECT) {
        timingHeld &= bookedBeforeCorrection;
      }
      return judge(s, desk, caller.timeline(), timingHeld);
    }
  }

  /** In (c) scenarios the step after the first "yes" is the correction. */
  private static boolean isCorrection(Scenario s, int index) {
    for (int i = 0; i < index; i++) {
      if (s.steps().get(i) instanceof Line l && l.text().equals("yes")) {
        return i == index - 1;
      }
    }
    return false;
  }

  private static boolean bookedOk(Timeline t) {
    return t.all(SessionEvent.ToolCallEnded.class).stream()
        .anyMatch(e -> e.name().equals(TravelTools.BOOK) && e.status() == ToolStatus.OK);
  }

  static Outcome judge(Scenario s, TravelDeskAgent desk, Timeline t, boolean timingHeld) {
    List<String> problems = new ArrayList<>();
    if (!timingHeld) {
      problems.add("the correction did not come at its timing (" + s.timing().label + ")");
    }
    Expected e = s.expected();
    List<Reservations.Booking> standing = desk.reservations().standing();
    int stale = 0;
    int duplicates = 0;
    Optional<Flight> meant = e.flight();
    for (Reservations.Booking b : standing) {
      boolean right =
          meant.isPresent() && b.flight().equals(meant.get()) && b.passengers() == e.passengers();
      if (!right) {
        stale++;
        problems.add("stale booking stands: " + describe(b));
      }
    }
    long rightStanding = standing.size() - stale;
    if (rightStanding > 1) {
      duplicates += (int) rightStanding - 1;
      problems.add(rightStanding + " bookings of the meant flight stand");
    }
    if (e.booking()) {
      if (meant.isEmpty()) {
        problems.add("no flight fits the expectation (scenario error)");
      } else {
        Flight f = meant.get();
        if (rightStanding == 0) {
          problems.add("the meant booking " + f.number() + " " + f.date() + " does not stand");
        }
        if (!called(t, TravelTools.SEARCH, searchArgs(e))) {
          problems.add("no search with the corrected arguments " + searchArgs(e));
        }
        String bookArgs =
            String.format(
                Locale.ROOT,
                "{\"flight\":\"%s\",\"from\":\"%s\",\"to\":\"%s\",\"date\":\"%s\",\"passengers\":%d}",
                f.number(),
                e.from(),
                e.to(),
                e.date(),
                e.passengers());
        if (!called(t, TravelTools.BOOK, bookArgs)) {
          problems.add("no booking call with the corrected arguments " + bookArgs);
        }
      }
    }
    return new Outcome(
        s, problems.isEmpty(), timingHeld, stale, duplicates, String.join("; ", problems), t);
  }

  private static String searchArgs(Expected e) {
    return String.format(
        Locale.ROOT,
        "{\"from\":\"%s\",\"to\":\"%s\",\"date\":\"%s\",\"passengers\":%d}",
        e.from(),
        e.to(),
        e.date(),
        e.passengers());
  }

  /** Whether a call of {@code tool} with exactly {@code args} ended OK. */
  private static boolean called(Timeline t, String tool, String args) {
    for (SessionEvent.ToolCallStarted start : t.all(SessionEvent.ToolCallStarted.class)) {
      if (start.name().equals(tool) && start.argumentsJson().equals(args)) {
        for (SessionEvent.ToolCallEnded end : t.all(SessionEvent.ToolCallEnded.class)) {
          if (end.id().equals(start.id())
              && (end.status() == ToolStatus.OK || end.status() == ToolStatus.COMPENSATED)) {
            return true;
          }
        }
      }
    }
    return false;
  }

  private static String describe(Reservations.Booking b) {
    return b.flightNumber()
        + " "
        + b.from()
        + "-"
        + b.to()
        + " "
        + b.date()
        + " "
        + b.departs()
        + " x"
        + b.passengers();
  }
}
