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
package dev.parley.speech.cloud;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.event.SessionEvent;
import dev.parley.core.s2s.LiveSpeechToSpeech;
import dev.parley.core.s2s.SpeechToSpeech;
import dev.parley.core.tool.ToolEffect;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What every speech-to-speech adapter must do under Parley's session, run against its provider's
 * loopback fake: speech and a function call in one response answered once; the same call delivered
 * twice run once; a side-effecting call spoken over by a correction never committed, and the model
 * told what the caller heard of the interrupted answer. Each adapter's test extends this with its
 * fake and the provider-specific checks of what went over the wire.
 */
abstract class SpeechToSpeechContract extends SpeechToSpeechHarness {
  /** A provider's loopback fake, playing a script, with what the adapter sent it. */
  interface Fake extends AutoCloseable {
    /** The adapter under test, connected to this fake. */
    SpeechToSpeech model();

    /** How many function results reached the model, counting each call id. */
    int functionResults();

    /** How many times the model was asked to answer (a turn's end, results to go on with). */
    int answerRequests();

    /** The tools the model was told of at setup. */
    List<String> declaredTools();

    /** Whether the model was set up to report speech without answering or cancelling on its own. */
    boolean leavesTurnsToParley();

    @Override
    void close();
  }

  /**
   * A fake that transcribes the caller's utterances as {@code transcripts} and answers with {@code
   * responses}.
   */
  abstract Fake fake(List<String> transcripts, List<List<FakeReply>> responses);

  /**
   * Checks that the model was told what the caller heard of "Booking New York for you now, one
   * moment please." (about half a second of its three): OpenAI by a truncate, others by a note.
   */
  abstract void assertToldWhatWasHeard(Fake fake);

  @Test
  void speechAndAFunctionCallDeliveredTwiceAreAnsweredAndRunOnce() throws Exception {
    CountingTool search = new CountingTool("search_flights", ToolEffect.READ_ONLY);
    try (Fake fake =
        fake(
            List.of("find me flights to Boston"),
            List.of(
                List.of(
                    new FakeReply.Say("Let me check.", 600),
                    new FakeReply.Call("call_1", "search_flights", "{\"to\":\"Boston\"}"),
                    new FakeReply.Call("call_1", "search_flights", "{\"to\":\"Boston\"}")),
                List.of(new FakeReply.Say("There are three flights.", 800))))) {
      LiveSpeechToSpeech call = start(fake.model(), List.of(search));
      speak(call, 1000);
      events.await(
          e -> e instanceof SessionEvent.AgentSpeechEnded ended && ended.text().contains("three"));
      call.hangUp("done");
      assertThat(call.awaitEnd(Duration.ofSeconds(5))).isTrue();

      assertThat(search.runs).containsExactly("{\"to\":\"Boston\"}");
      assertThat(fake.functionResults()).isEqualTo(1);
      assertThat(fake.answerRequests()).isEqualTo(2); // the turn, then once to go on
      assertThat(fake.leavesTurnsToParley()).isTrue();
      assertThat(fake.declaredTools()).containsExactly("search_flights");
      assertThat(events.all)
          .filteredOn(SessionEvent.LatencyBreakdown.class::isInstance)
          .isNotEmpty();
      assertThat(events.all)
          .anySatisfy(
              e ->
                  assertThat(e)
                      .isInstanceOfSatisfying(
                          SessionEvent.UserTurnEnded.class,
                          ended ->
                              assertThat(ended.text()).isEqualTo("find me flights to Boston")));
    }
  }

  @Test
  void theSameCallUnderTwoIdsInOneTurnRunsOnceAndBothIdsGetTheResult() throws Exception {
    CountingTool search = new CountingTool("search_flights", ToolEffect.READ_ONLY);
    try (Fake fake =
        fake(
            List.of("flights to Boston please"),
            List.of(
                List.of(
                    new FakeReply.Call("call_a", "search_flights", "{\"to\":\"Boston\"}"),
                    new FakeReply.Call("call_b", "search_flights", "{\"to\":\"Boston\"}")),
                List.of(new FakeReply.Say("Three flights to Boston.", 600))))) {
      LiveSpeechToSpeech call = start(fake.model(), List.of(search));
      speak(call, 900);
      events.await(
          e -> e instanceof SessionEvent.AgentSpeechEnded ended && ended.text().contains("Three"));
      call.hangUp("done");
      call.awaitEnd(Duration.ofSeconds(5));

      assertThat(search.runs).hasSize(1);
      assertThat(fake.functionResults()).isEqualTo(2);
    }
  }

  @Test
  void aBookingSpokenOverByACorrectionIsNeverCommittedAndTheModelLearnsWhatWasHeard()
      throws Exception {
    CountingTool book = new CountingTool("book_flight", ToolEffect.SIDE_EFFECTING);
    try (Fake fake =
        fake(
            List.of("book the flight to New York", "no actually make that Boston"),
            List.of(
                List.of(
                    new FakeReply.Say("Booking New York for you now, one moment please.", 3000),
                    new FakeReply.Call("call_ny", "book_flight", "{\"to\":\"New York\"}")),
                List.of(
                    new FakeReply.Call("call_bos", "book_flight", "{\"to\":\"Boston\"}"),
                    new FakeReply.Say("Booked Boston.", 600)),
                List.of(new FakeReply.Say("You're all set.", 400))))) {
      LiveSpeechToSpeech call = start(fake.model(), List.of(book));
      speak(call, 1000);
      events.await(e -> e instanceof SessionEvent.AgentSpeechStarted);
      eventually(frames::get, n -> n >= 25); // the caller hears half a second of the confirmation
      speak(call, 900);
      events.await(SessionEvent.AgentInterrupted.class::isInstance);
      eventually(() -> book.runs, runs -> runs.contains("{\"to\":\"Boston\"}"));
      call.hangUp("done");
      call.awaitEnd(Duration.ofSeconds(5));

      assertThat(book.runs).containsExactly("{\"to\":\"Boston\"}");
      assertToldWhatWasHeard(fake);
    }
  }
}
