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
package dev.parley.core.s2s;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.event.SessionEvent;
import dev.parley.core.event.ToolStatus;
import dev.parley.core.session.AudioOutput;
import dev.parley.core.tool.Tool;
import dev.parley.core.tool.ToolCall;
import dev.parley.core.tool.ToolContext;
import dev.parley.core.tool.ToolEffect;
import dev.parley.core.tool.ToolResult;
import dev.parley.core.tool.ToolSpec;
import dev.parley.core.turn.BargeInPolicy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The speech-to-speech session on a hand-driven clock against a recording fake model. */
class SpeechToSpeechSessionTest {
  private static final long MS = 1_000_000L;

  /** A model connection that records what the session asked of it. */
  static final class RecordingModel implements SpeechToSpeech.Connection {
    final List<String> log = new ArrayList<>();

    @Override
    public void appendAudio(short[] samples, int offset, int length) {}

    @Override
    public void createResponse() {
      log.add("create");
    }

    @Override
    public void say(String text) {
      log.add("say " + text);
    }

    @Override
    public void cancelResponse() {
      log.add("cancel");
    }

    @Override
    public void truncate(String itemId, long heardMillis) {
      log.add("truncate " + itemId + " " + heardMillis);
    }

    @Override
    public void functionResult(String callId, String outputJson) {
      log.add("result " + callId + " " + outputJson);
    }

    @Override
    public void close() {
      log.add("close");
    }

    long count(String prefix) {
      return log.stream().filter(l -> l.startsWith(prefix)).count();
    }
  }

  static Tool tool(String name, ToolEffect effect) {
    return new Tool() {
      @Override
      public ToolSpec spec() {
        return new ToolSpec(name, name, "{\"type\":\"object\"}", effect, Duration.ofSeconds(5));
      }

      @Override
      public String invoke(String argumentsJson, ToolContext context) {
        return "{\"ok\":true}";
      }
    };
  }

  final RecordingModel model = new RecordingModel();
  final List<SessionEvent> events = new ArrayList<>();
  final List<ToolCall> ran = new ArrayList<>();
  int framesPlayed;
  int clears;
  long now;
  final SpeechToSpeechSession session =
      new SpeechToSpeechSession(
          model,
          List.of(
              tool("search_flights", ToolEffect.READ_ONLY),
              tool("book_flight", ToolEffect.SIDE_EFFECTING)),
          BargeInPolicy.Settings.defaults(),
          new AudioOutput() {
            @Override
            public void play(long atNanos, short[] samples, int offset, int length) {
              framesPlayed++;
            }

            @Override
            public void clear() {
              clears++;
            }
          },
          events::add,
          (tool, call) -> ran.add(call),
          0);

  void event(ModelEvent e) {
    session.onModelEvent(e, now);
  }

  void advance(long millis) {
    long until = now + millis * MS;
    while (session.nextDeadlineNanos() <= until) {
      now = Math.max(now, session.nextDeadlineNanos());
      session.onTime(now);
    }
    now = until;
    session.onTime(now);
  }

  void callerSays(String text, long millis) {
    event(new ModelEvent.SpeechStarted(0));
    advance(millis);
    event(new ModelEvent.SpeechStopped(0));
    event(new ModelEvent.UserTranscript(text));
  }

  void modelSays(String response, String item, String text, long millis) {
    event(new ModelEvent.ResponseStarted(response));
    event(new ModelEvent.AgentTranscript(response, item, text));
    event(new ModelEvent.Audio(response, item, new short[(int) millis * 16]));
  }

  List<String> types() {
    return events.stream().map(e -> e.getClass().getSimpleName()).toList();
  }

  @Test
  void aResponseStartsWhenTheCallerStopsAndIsMeasuredLikeACascadedReply() {
    callerSays("book a flight", 1200);
    assertThat(model.log).containsExactly("create");
    advance(300);
    modelSays("r1", "i1", "Where to?", 600);
    event(new ModelEvent.ResponseDone("r1", "completed"));
    advance(1000);

    assertThat(types())
        .containsSubsequence(
            "UserSpeechStarted",
            "UserSpeechEnded",
            "UserTurnEnded",
            "LatencyBreakdown",
            "AgentSpeechStarted",
            "AgentSpeechEnded");
    assertThat(framesPlayed).isEqualTo(30);
    var ended = (SessionEvent.AgentSpeechEnded) events.getLast();
    assertThat(ended.text()).isEqualTo("Where to?");
    assertThat(ended.interrupted()).isFalse();
  }

  @Test
  void anMhmUnderTheAgentPausesAndResumesWithoutCancellingAnything() {
    callerSays("what's on saturday", 1000);
    modelSays("r1", "i1", "There are three flights on Saturday morning", 3000);
    event(new ModelEvent.ResponseDone("r1", "completed"));
    advance(490);
    int before = framesPlayed;
    callerSays("mhm", 300);
    assertThat(framesPlayed).isEqualTo(before); // nothing reaches the ear during the overlap
    advance(3000);

    assertThat(model.log).doesNotContain("cancel").containsOnlyOnce("create");
    assertThat(types())
        .contains("InterruptionIgnored", "AgentResumed")
        .doesNotContain("AgentInterrupted");
    assertThat(clears).isEqualTo(1);
    assertThat(framesPlayed).isEqualTo(150); // all 3 s of the answer, none of it lost
    var ended = (SessionEvent.AgentSpeechEnded) events.getLast();
    assertThat(ended.interrupted()).isFalse();
  }

  @Test
  void aRealInterruptionCancelsAndTruncatesAtTheAudioHeard() {
    callerSays("book it", 800);
    modelSays("r1", "i1", "Booking you on the nine fifteen to New York now", 4000);
    advance(990);
    callerSays("wait, make that Boston", 900);

    assertThat(model.log).containsSubsequence("cancel");
    assertThat(model.log).contains("truncate i1 1000");
    SessionEvent.AgentInterrupted interrupted =
        events.stream()
            .filter(SessionEvent.AgentInterrupted.class::isInstance)
            .map(SessionEvent.AgentInterrupted.class::cast)
            .findFirst()
            .orElseThrow();
    assertThat(interrupted.heardText()).isEqualTo("Booking you on");
    // the correction is the caller's new turn, answered with a new response
    assertThat(model.count("create")).isEqualTo(2);
  }

  @Test
  void speechAndAFunctionCallInOneResponseAreAnsweredOnce() {
    callerSays("find flights to Boston", 1000);
    modelSays("r1", "i1", "Let me look.", 800);
    event(new ModelEvent.FunctionCall("r1", "c1", "search_flights", "{\"to\":\"Boston\"}"));
    event(new ModelEvent.ResponseDone("r1", "completed"));
    assertThat(ran).extracting(ToolCall::id).containsExactly("c1");
    session.onToolEnded(
        new ToolResult(ran.getFirst(), ToolStatus.OK, "{\"flights\":3}", false), now);
    event(new ModelEvent.ResponseDone("r1", "completed")); // a repeated done changes nothing

    assertThat(model.log).containsExactly("create", "result c1 {\"flights\":3}", "create");
  }

  @Test
  void theSameCallDeliveredTwiceRunsOnceAndEveryIdIsAnswered() {
    callerSays("find flights to Boston", 1000);
    event(new ModelEvent.ResponseStarted("r1"));
    event(new ModelEvent.FunctionCall("r1", "c1", "search_flights", "{\"to\":\"Boston\"}"));
    event(new ModelEvent.FunctionCall("r1", "c1", "search_flights", "{\"to\":\"Boston\"}"));
    event(new ModelEvent.FunctionCall("r1", "c2", "search_flights", "{ \"to\" : \"Boston\" }"));
    event(new ModelEvent.ResponseDone("r1", "completed"));
    session.onToolEnded(
        new ToolResult(ran.getFirst(), ToolStatus.OK, "{\"flights\":3}", false), now);

    assertThat(ran).hasSize(1);
    assertThat(model.log)
        .containsExactly(
            "create", "result c1 {\"flights\":3}", "result c2 {\"flights\":3}", "create");
  }

  @Test
  void aSideEffectSpokenOverByACorrectionIsNeverCommitted() {
    callerSays("book the flight to New York", 1500);
    modelSays("r1", "i1", "Booking New York for you", 2000);
    event(new ModelEvent.FunctionCall("r1", "b1", "book_flight", "{\"to\":\"New York\"}"));
    advance(600);
    callerSays("no, actually Boston", 1000);
    event(new ModelEvent.ResponseDone("r1", "cancelled"));

    assertThat(ran).isEmpty();
    assertThat(events)
        .filteredOn(SessionEvent.ToolCallEnded.class::isInstance)
        .singleElement()
        .satisfies(
            e ->
                assertThat(((SessionEvent.ToolCallEnded) e).status())
                    .isEqualTo(ToolStatus.CANCELLED));
    assertThat(model.log).anyMatch(l -> l.startsWith("result b1 {\"error\":\"not run"));
  }

  @Test
  void aSideEffectRunsOnceItsResponseEndsWithTheCallerListening() {
    callerSays("yes book it", 900);
    modelSays("r1", "i1", "Done, booking now.", 1000);
    event(new ModelEvent.FunctionCall("r1", "b1", "book_flight", "{\"to\":\"Boston\"}"));
    event(new ModelEvent.ResponseDone("r1", "completed"));
    advance(900);
    assertThat(ran).isEmpty(); // the caller is still hearing "Done, booking now."
    advance(200);

    assertThat(ran).extracting(ToolCall::id).containsExactly("b1");
  }
}
