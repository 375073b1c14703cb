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

import dev.parley.core.clock.MediaClock;
import dev.parley.core.event.SessionEvent;
import dev.parley.core.event.ToolStatus;
import dev.parley.core.s2s.LiveSpeechToSpeech;
import dev.parley.core.session.AudioOutput;
import dev.parley.core.spi.Agent;
import dev.parley.core.spi.Conversation;
import dev.parley.core.tool.Tool;
import dev.parley.core.tool.ToolCall;
import dev.parley.core.tool.ToolEffect;
import dev.parley.core.turn.BargeInPolicy;
import dev.parley.speech.cloud.SpeechToSpeechHarness.CountingTool;
import dev.parley.speech.cloud.SpeechToSpeechHarness.Events;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Delegation through OpenAI Realtime against the loopback fake: the user's own agent answers each
 * caller turn, with its tools run by Parley, and the model speaks its words.
 */
class OpenAiRealtimeDelegationTest {
  private static final String KEY = "rt-key";

  final Events events = new Events();
  final AudioOutput output =
      new AudioOutput() {
        @Override
        public void play(long atNanos, short[] samples, int offset, int length) {}

        @Override
        public void clear() {}
      };

  /** An agent whose turns the test writes, remembering every conversation it was given. */
  static final class ScriptedAgent implements Agent {
    interface Turn {
      void respond(Conversation conversation, Reply reply) throws InterruptedException;
    }

    final List<Tool> tools;
    final List<Turn> script;
    final List<Conversation> seen = new CopyOnWriteArrayList<>();

    ScriptedAgent(List<Tool> tools, List<Turn> script) {
      this.tools = tools;
      this.script = script;
    }

    @Override
    public String name() {
      return "scripted";
    }

    @Override
    public List<Tool> tools() {
      return tools;
    }

    @Override
    public void respond(Conversation conversation, Reply reply) throws InterruptedException {
      int n = seen.size();
      seen.add(conversation);
      script.get(Math.min(n, script.size() - 1)).respond(conversation, reply);
    }
  }

  LiveSpeechToSpeech start(FakeSpeechServer fake, Agent agent) {
    OpenAiRealtime model =
        new OpenAiRealtime(
            Recorded.endpoint(fake.uri(), KEY, new Recorded.Sleeps()), "gpt-realtime", "alloy");
    return LiveSpeechToSpeech.startDelegated(
        "test",
        MediaClock.system(),
        model,
        new LiveSpeechToSpeech.Delegate(agent, "call-42", false),
        BargeInPolicy.Settings.defaults(),
        events,
        output);
  }

  @Test
  void theModelSpeaksTheAgentsAnswerAndTheAgentsToolRunsOnceUnderParley() throws Exception {
    FakeRealtime realtime = new FakeRealtime(List.of("find me flights to Boston"), List.of());
    CountingTool search = new CountingTool("search_flights", ToolEffect.READ_ONLY);
    ScriptedAgent agent =
        new ScriptedAgent(
            List.of(search),
            List.of(
                (conversation, reply) -> {
                  // The same call twice (an LLM repeating itself) runs once.
                  reply.call(new ToolCall("c1", "search_flights", "{\"to\":\"Boston\"}"));
                  reply.call(new ToolCall("c2", "search_flights", "{\"to\":\"Boston\"}"));
                  reply.text("There are three flights to Boston.");
                }));
    try (FakeSpeechServer fake = realtime.listen(KEY)) {
      LiveSpeechToSpeech call = start(fake, agent);
      SpeechToSpeechHarness.speak(call, 1000);
      events.await(
          e -> e instanceof SessionEvent.AgentSpeechEnded ended && ended.text().contains("three"));
      call.hangUp("done");
      assertThat(call.awaitEnd(Duration.ofSeconds(5))).isTrue();
    }
    assertThat(search.runs).containsExactly("{\"to\":\"Boston\"}");
    // The model has no tools of its own and is asked for exactly one thing: the agent's words.
    assertThat(realtime.of("session.update").getFirst().path("session").path("tools").size())
        .isZero();
    assertThat(realtime.of("response.create"))
        .singleElement()
        .satisfies(
            m ->
                assertThat(m.path("response").path("instructions").asText())
                    .endsWith("There are three flights to Boston."));
    assertThat(agent.seen.getFirst().sessionId()).isEqualTo("call-42");
    assertThat(agent.seen.getFirst().lastUserText()).isEqualTo("find me flights to Boston");
    assertThat(events.all).filteredOn(SessionEvent.ToolCallEnded.class::isInstance).hasSize(1);
  }

  @Test
  void aNewTurnBeforeTheAnswerDoesNotCancelTheAgentsWorkButOnlyTheNewestAnswerIsSpoken()
      throws Exception {
    FakeRealtime realtime =
        new FakeRealtime(List.of("book the flight to New York", "and a hotel too"), List.of());
    CountingTool book = new CountingTool("book_flight", ToolEffect.SIDE_EFFECTING);
    CountDownLatch release = new CountDownLatch(1);
    ScriptedAgent agent =
        new ScriptedAgent(
            List.of(book),
            List.of(
                (conversation, reply) -> {
                  release.await(10, TimeUnit.SECONDS); // a slow backend
                  reply.call(new ToolCall("b1", "book_flight", "{\"to\":\"New York\"}"));
                  reply.text("Your New York flight is booked.");
                },
                (conversation, reply) -> reply.text("I will add a hotel.")));
    try (FakeSpeechServer fake = realtime.listen(KEY)) {
      LiveSpeechToSpeech call = start(fake, agent);
      SpeechToSpeechHarness.speak(call, 800);
      events.await(SessionEvent.UserTurnEnded.class::isInstance);
      SpeechToSpeechHarness.speak(call, 600); // the caller goes on before the first answer
      events.await(
          e -> e instanceof SessionEvent.AgentSpeechEnded ended && ended.text().contains("hotel"));
      release.countDown();
      events.await(
          e -> e instanceof SessionEvent.ToolCallEnded ended && ended.status() == ToolStatus.OK);
      call.hangUp("done");
      call.awaitEnd(Duration.ofSeconds(5));
    }
    // The first answer's work went on (the booking stands and is recorded) ...
    assertThat(book.runs).containsExactly("{\"to\":\"New York\"}");
    // ... but only the newest turn's answer was spoken.
    assertThat(realtime.of("response.create"))
        .singleElement()
        .satisfies(
            m ->
                assertThat(m.path("response").path("instructions").asText())
                    .endsWith("I will add a hotel."));
    assertThat(agent.seen.get(1).lastUserText()).isEqualTo("and a hotel too");
  }
}
