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

import dev.parley.core.event.ToolStatus;
import dev.parley.core.prosody.UserAffect;
import dev.parley.core.spi.Agent;
import dev.parley.core.spi.Conversation;
import dev.parley.core.spi.Conversation.Turn;
import dev.parley.core.tool.Tool;
import dev.parley.core.tool.ToolCall;
import dev.parley.core.tool.ToolContext;
import dev.parley.core.tool.ToolEffect;
import dev.parley.core.tool.ToolException;
import dev.parley.core.tool.ToolResult;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The desk's replies to conversations, without a session: its tools run in a fake reply. */
class TravelDeskAgentTest {
  static final LocalDate TODAY = LocalDate.of(2026, 10, 1);

  /**
   * A fake of the session's side of a reply: runs tools at once, records what was said and run, and
   * appends tool turns to the conversation as the session would.
   */
  static final class FakeReply implements Agent.Reply {
    final StringBuilder text = new StringBuilder();
    final List<ToolResult> results = new ArrayList<>();
    final List<Turn> toolTurns = new ArrayList<>();
    private final Map<String, Tool> tools = new HashMap<>();
    private final Map<String, ToolResult> done;
    Duration waited = Duration.ZERO;

    FakeReply(List<Tool> tools) {
      this(tools, new HashMap<>());
    }

    /** A reply of a call whose completed tool calls are {@code done}. */
    FakeReply(List<Tool> tools, Map<String, ToolResult> done) {
      this.done = done;
      for (Tool t : tools) {
        this.tools.put(t.spec().name(), t);
      }
    }

    private ToolContext context(String id) {
      return new ToolContext() {
        @Override
        public String callId() {
          return id;
        }

        @Override
        public void await(Duration d) {
          waited = waited.plus(d);
        }
      };
    }

    @Override
    public void text(String delta) {
      text.append(delta);
    }

    @Override
    public ToolResult call(ToolCall call) {
      Tool tool = java.util.Objects.requireNonNull(tools.get(call.name()), call.name());
      ToolResult r;
      try {
        r =
            new ToolResult(
                call, ToolStatus.OK, tool.invoke(call.argumentsJson(), context(call.id())), false);
        done.put(call.id(), r);
      } catch (Exception e) {
        r =
            new ToolResult(
                call, ToolStatus.FAILED, "{\"error\":\"" + e.getMessage() + "\"}", false);
      }
      results.add(r);
      toolTurns.add(
          new Turn.Tool(call.id(), call.name(), call.argumentsJson(), r.status(), r.json()));
      return r;
    }

    @Override
    public List<ToolResult> callAll(List<ToolCall> calls) {
      return calls.stream().map(this::call).toList();
    }

    @Override
    public ToolResult compensate(String callId) {
      ToolResult d = java.util.Objects.requireNonNull(done.get(callId), callId);
      Tool tool = java.util.Objects.requireNonNull(tools.get(d.call().name()));
      try {
        String json =
            tool.compensate(d.call().argumentsJson(), d.json(), context(callId + "-undo"));
        ToolResult r = new ToolResult(d.call(), ToolStatus.COMPENSATED, json, false);
        results.add(r);
        toolTurns.add(
            new Turn.Tool(
                callId, d.call().name(), d.call().argumentsJson(), ToolStatus.COMPENSATED, json));
        return r;
      } catch (Exception e) {
        return new ToolResult(d.call(), ToolStatus.FAILED, "{\"error\":\"nope\"}", false);
      }
    }
  }

  /** Talks to the desk turn by turn, keeping the conversation as a session would. */
  static final class Dialogue {
    final TravelDeskAgent desk;
    final List<Turn> turns = new ArrayList<>();
    final Map<String, ToolResult> done = new HashMap<>();
    FakeReply last;

    Dialogue(TravelDeskAgent desk) {
      this.desk = desk;
      this.last = new FakeReply(desk.tools());
    }

    String user(String text) throws InterruptedException {
      return user(new Turn.User(text));
    }

    String user(Turn.User turn) throws InterruptedException {
      turns.add(turn);
      last = new FakeReply(desk.tools(), done);
      desk.respond(new Conversation("s1", turns), last);
      turns.addAll(last.toolTurns);
      String said = last.text.toString();
      turns.add(new Turn.Agent(said, said, false));
      return said;
    }
  }

  static UserAffect upset() {
    // Louder by 6 dB and 3 semitones higher than this caller's usual, with a baseline of 2 turns.
    return new UserAffect(180, 3, 8, 4, -18, 6, 4.5, 4.4, 0.05, 0, 0, -4, 1500, 1800, 2);
  }

  static UserAffect calm() {
    return new UserAffect(120, 0.2, 4, 0, -22, 0.5, 4.4, 4.4, 0.05, 0, 0, -6, 1500, 1800, 2);
  }

  @Test
  void aCorrectionAfterTheBookingCancelsItAndOffersTheCorrectedFlight() throws Exception {
    TravelDeskAgent desk = TravelDeskAgent.create(TODAY, ToolLatency.fixed(Duration.ofMillis(100)));
    Dialogue d = new Dialogue(desk);
    assertThat(d.user("from Chicago to New York on October 7th for two")).contains("Shall I book");
    assertThat(d.user("yes")).contains("You're booked");
    assertThat(desk.reservations().standing())
        .extracting(Reservations.Booking::to)
        .containsExactly("New York");

    String reply = d.user("actually make that Boston");
    assertThat(reply)
        .contains("cancelled your booking to New York")
        .contains("Boston instead of New York")
        .contains("Shall I book");
    assertThat(d.last.results)
        .extracting(r -> r.call().name(), ToolResult::status)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(TravelTools.BOOK, ToolStatus.COMPENSATED),
            org.assertj.core.groups.Tuple.tuple(TravelTools.SEARCH, ToolStatus.OK));
    assertThat(desk.reservations().standing()).isEmpty();

    assertThat(d.user("yes")).contains("You're booked on").contains("Boston");
    assertThat(desk.reservations().standing())
        .extracting(Reservations.Booking::to)
        .containsExactly("Boston");
    assertThat(desk.reservations().all()).hasSize(2);
  }

  @Test
  void nothingIsBookedWithoutAYesToAHeardOffer() throws Exception {
    TravelDeskAgent desk = TravelDeskAgent.create(TODAY, ToolLatency.fixed(Duration.ofMillis(100)));
    List<Turn> turns = new ArrayList<>();
    turns.add(new Turn.User("from Chicago to Denver tomorrow for one"));
    FakeReply first = new FakeReply(desk.tools());
    desk.respond(new Conversation(turns), first);
    turns.addAll(first.toolTurns);
    // The offer was cut off before its question.
    turns.add(new Turn.Agent(first.text.toString(), "Flight PA", true));
    turns.add(new Turn.User("yes"));
    FakeReply second = new FakeReply(desk.tools());
    desk.respond(new Conversation(turns), second);
    assertThat(second.results).extracting(r -> r.call().name()).doesNotContain(TravelTools.BOOK);
    assertThat(desk.reservations().all()).isEmpty();
  }

  @Test
  void sayingYesAgainDoesNotBookTwice() throws Exception {
    TravelDeskAgent desk = TravelDeskAgent.create(TODAY, ToolLatency.fixed(Duration.ofMillis(100)));
    Dialogue d = new Dialogue(desk);
    d.user("from Boston to Miami on October 9th, just me");
    d.user("yes");
    assertThat(d.user("yes")).contains("already booked");
    assertThat(desk.reservations().all()).hasSize(1);
  }

  @Test
  void theStateComesFromTheConversationSoOneDeskServesManyCalls() throws Exception {
    TravelDeskAgent desk = TravelDeskAgent.create(TODAY, ToolLatency.fixed(Duration.ofMillis(100)));
    Dialogue a = new Dialogue(desk);
    Dialogue b = new Dialogue(desk);
    a.user("from Chicago to Boston");
    b.user("from Denver to Miami");
    assertThat(a.user("tomorrow")).containsIgnoringCase("how many passengers");
    assertThat(b.user("two of us")).containsIgnoringCase("what date");
  }

  @Nested
  class Affect {
    @Test
    void anUpsetCallerGetsShorterCalmerApologeticWording() throws Exception {
      TravelDeskAgent desk =
          TravelDeskAgent.create(TODAY, ToolLatency.fixed(Duration.ofMillis(100)));
      assertThat(upset().label()).isIn(UserAffect.Label.UPSET, UserAffect.Label.AGITATED);
      assertThat(calm().label()).isEqualTo(UserAffect.Label.CALM);
      String[] lines = {
        "I need a flight to Boston", "from Chicago", "October 7th", "two of us", "yes"
      };
      Dialogue usual = new Dialogue(desk);
      Dialogue soothed = new Dialogue(desk);
      for (String line : lines) {
        String a = usual.user(new Turn.User(line, calm()));
        String b = soothed.user(new Turn.User(line, upset()));
        assertThat(words(b)).as("%s / %s", a, b).isLessThan(words(a));
        assertThat(b).containsIgnoringCase("sorry").doesNotContain("!");
        assertThat(a).doesNotContainIgnoringCase("sorry");
      }
      // The soothing wording still asks the same questions and books the same way.
      assertThat(desk.reservations().standing()).hasSize(2);
    }

    @Test
    void aHesitantOrNeutralCallerGetsTheUsualWording() throws Exception {
      TravelDeskAgent desk =
          TravelDeskAgent.create(TODAY, ToolLatency.fixed(Duration.ofMillis(100)));
      Dialogue d = new Dialogue(desk);
      assertThat(d.user(new Turn.User("to Boston", UserAffect.silent(0))))
          .doesNotContainIgnoringCase("sorry");
    }

    private static int words(String s) {
      return s.strip().split("\\s+").length;
    }
  }

  @Nested
  class Tools {
    @Test
    void theToolsDeclareTheirEffects() {
      TravelDeskAgent desk = TravelDeskAgent.create(TODAY);
      assertThat(desk.tools())
          .extracting(t -> t.spec().name(), t -> t.spec().effect(), Tool::compensable)
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple(TravelTools.SEARCH, ToolEffect.READ_ONLY, false),
              org.assertj.core.groups.Tuple.tuple(
                  TravelTools.BOOK, ToolEffect.SIDE_EFFECTING, true),
              org.assertj.core.groups.Tuple.tuple(TravelTools.STATUS, ToolEffect.READ_ONLY, false));
    }

    @Test
    void latencyIsLogNormalClippedAndRepeatablePerCallId() {
      ToolLatency latency = ToolLatency.logNormal(600, 0.8);
      List<Long> millis = new ArrayList<>();
      for (int i = 0; i < 2000; i++) {
        Duration d = latency.of("call-" + i);
        assertThat(d).isEqualTo(latency.of("call-" + i));
        assertThat(d).isBetween(Duration.ofMillis(50), Duration.ofSeconds(4));
        millis.add(d.toMillis());
      }
      millis.sort(null);
      long median = millis.get(1000);
      long p90 = millis.get(1800);
      assertThat(median).isBetween(540L, 660L);
      // Heavy tail: the 90th percentile is e^(1.28 * 0.8) = 2.8 times the median.
      assertThat(p90 / (double) median).isBetween(2.4, 3.2);
      assertThat(latency.withSeed(7).of("call-1")).isNotEqualTo(latency.of("call-1"));
      assertThatThrownBy(
              () -> new ToolLatency(Duration.ofMillis(5), -1, Duration.ZERO, Duration.ZERO, 0))
          .hasMessageContaining("sigma");
    }

    @Test
    void flightsAreTheSameForTheSameRouteAndDay() {
      City chicago = City.byName("Chicago");
      City boston = City.byName("Boston");
      assertThat(Flight.schedule(chicago, boston, TODAY))
          .isEqualTo(Flight.schedule(chicago, boston, TODAY))
          .isNotEqualTo(Flight.schedule(chicago, boston, TODAY.plusDays(1)));
      assertThat(Flight.schedule(chicago, chicago, TODAY)).isEmpty();
    }

    @Test
    void badArgumentsAndUnknownBookingsAreToolErrors() {
      TravelDeskAgent desk = TravelDeskAgent.create(TODAY, ToolLatency.fixed(Duration.ZERO));
      FakeReply reply = new FakeReply(desk.tools());
      ToolResult unknownCity =
          reply.call(
              new ToolCall(
                  "1",
                  TravelTools.SEARCH,
                  "{\"from\":\"Atlantis\",\"to\":\"Boston\",\"date\":\"2026-10-02\",\"passengers\":1}"));
      assertThat(unknownCity.json()).contains("no airport serves Atlantis");
      ToolResult noFlight =
          reply.call(
              new ToolCall(
                  "2",
                  TravelTools.BOOK,
                  "{\"flight\":\"PA 1\",\"from\":\"Chicago\",\"to\":\"Boston\",\"date\":\"2026-10-02\",\"passengers\":1}"));
      assertThat(noFlight.status()).isEqualTo(ToolStatus.FAILED);
      assertThat(noFlight.json()).contains("no flight PA 1");
      ToolResult status =
          reply.call(new ToolCall("3", TravelTools.STATUS, "{\"reference\":\"PXNONE1\"}"));
      assertThat(status.json()).contains("no booking PXNONE1");
      assertThat(desk.reservations().all()).isEmpty();
    }

    @Test
    void theDomainGoesToTheRecogniserAsHints() {
      List<String> hints = TravelDeskAgent.create(TODAY).phraseHints();
      assertThat(hints)
          .contains("new york", "san francisco", "los angeles", "october", "friday", "seventh")
          .contains("yes", "no", "passengers", "tomorrow")
          .contains("people", "person", "just me")
          .containsAll(TravelGrammar.CORRECTION_PHRASES);
      assertThat(City.ALL).hasSizeGreaterThanOrEqualTo(50);
    }
  }

  @Test
  void aToolExceptionIsTheToolsWayToFail() {
    assertThat(new ToolException("x")).isInstanceOf(Exception.class);
  }
}
