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
package dev.parley.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.event.SessionEvent;
import dev.parley.core.event.SpeechKind;
import dev.parley.core.session.SessionConfig;
import dev.parley.core.spi.Conversation;
import dev.parley.core.tool.ToolCall;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Latency masking on the manual clock: what is said while a tool runs, and when. */
class MaskingTest {
  private static final long MS = 1_000_000L;

  private static FakeToolAgent lookingUp(FakeTool tool) {
    return FakeToolAgent.of(
        List.of(tool),
        (conversation, reply) -> {
          if (!conversation.lastUserText().contains("flight")) {
            return;
          }
          reply.call(new ToolCall("s1", tool.spec().name(), "{}"));
          reply.text("It leaves at nine.");
        });
  }

  private static Timeline play(FakeToolAgent agent, ScriptedAudio script, SessionConfig config) {
    return EmbeddedSession.builder()
        .agent(agent)
        .config(config)
        .latency(AgentSuite.LATENCY)
        .maxTailMillis(8000)
        .build(script)
        .play(script, Duration.ofSeconds(8));
  }

  private static List<SessionEvent.AgentSpeechStarted> said(Timeline t, SpeechKind kind) {
    return t.all(SessionEvent.AgentSpeechStarted.class).stream()
        .filter(s -> s.kind() == kind)
        .toList();
  }

  private static final ScriptedAudio ASK =
      ScriptedAudio.builder().silence(300).say("when does my flight leave", 1500).build();

  @Test
  void aToolUnderTheThresholdGetsNoFiller() {
    Timeline t =
        play(
            lookingUp(FakeTool.readOnly("status", Duration.ofMillis(600))),
            ASK,
            SessionConfig.defaults());
    assertThat(said(t, SpeechKind.FILLER)).isEmpty();
    assertThat(said(t, SpeechKind.RESPONSE)).hasSize(1);
  }

  @Test
  void aSlowToolGetsOneFillerThenAProgressLineAndTheAnswer() {
    Timeline t =
        play(
            lookingUp(FakeTool.readOnly("status", Duration.ofMillis(3800))),
            ASK,
            SessionConfig.defaults());
    var fillers = said(t, SpeechKind.FILLER);
    assertThat(fillers)
        .extracting(SessionEvent.AgentSpeechStarted::text)
        .containsExactly("Let me check that for you.", "Still working on it, thanks for waiting.");
    long toolStart = t.all(SessionEvent.ToolCallStarted.class).getFirst().atNanos() / MS;
    assertThat(fillers.get(0).atNanos() / MS - toolStart).isBetween(700L, 720L);
    assertThat(fillers.get(1).atNanos() / MS - toolStart).isBetween(3000L, 3020L);
    assertThat(t.types())
        .containsSubsequence(
            "agent_speech_start",
            "agent_speech_end",
            "agent_speech_start",
            "tool_call_end",
            "agent_speech_end",
            "agent_speech_start");
  }

  @Test
  void theFillerIsWhatTheUserHeardNotPartOfTheAnswer() {
    FakeToolAgent agent = lookingUp(FakeTool.readOnly("status", Duration.ofMillis(1000)));
    ScriptedAudio script =
        ScriptedAudio.builder()
            .silence(300)
            .say("when does my flight leave", 1500)
            .silence(4500)
            .say("thanks when does my flight land", 1800)
            .build();
    play(agent, script, SessionConfig.defaults());
    Conversation second = agent.conversations().getLast();
    List<Conversation.Turn.Agent> agentTurns =
        second.turns().stream()
            .filter(Conversation.Turn.Agent.class::isInstance)
            .map(Conversation.Turn.Agent.class::cast)
            .toList();
    assertThat(agentTurns)
        .extracting(Conversation.Turn.Agent::text)
        .containsExactly("Let me check that for you.", "It leaves at nine.");
  }

  @Test
  void noFillerStartsWhileTheUserSpeaksOrJustAfter() {
    // The user keeps talking while the tool runs; the filler waits for them and the pacing gap.
    ScriptedAudio script =
        ScriptedAudio.builder()
            .silence(300)
            .say("when does my flight leave", 1500)
            .silence(900)
            .say("okay", 900)
            .build();
    Timeline t =
        play(
            lookingUp(FakeTool.readOnly("status", Duration.ofMillis(3000))),
            script,
            SessionConfig.defaults());
    long userEnd = 300 + 1500 + 900 + 900;
    for (SessionEvent.AgentSpeechStarted filler : said(t, SpeechKind.FILLER)) {
      long at = filler.atNanos() / MS;
      assertThat(at < 300 + 1500 + 900 || at >= userEnd + 400)
          .as("filler at %d ms is clear of the user and the pacing gap", at)
          .isTrue();
    }
    assertThat(said(t, SpeechKind.RESPONSE)).hasSize(1);
  }

  @Test
  void aRedoneReplyWaitingOnTheSameSideEffectStillMasksIt() {
    // "book it" ends the turn and the booking starts; "please" reopens the turn, and the redone
    // reply waits on the same booking (never a second one): the wait is masked all the same.
    FakeTool book = FakeTool.sideEffecting("book", Duration.ofMillis(2500));
    FakeToolAgent agent =
        FakeToolAgent.of(
            List.of(book),
            (conversation, reply) -> {
              reply.call(new ToolCall("b1", "book", "{}"));
              reply.text("You're booked.");
            });
    ScriptedAudio script =
        ScriptedAudio.builder()
            .silence(300)
            .say("book it", 700)
            .silence(500)
            .say("please", 500)
            .build();
    Timeline t = play(agent, script, SessionConfig.defaults());
    assertThat(t.all(SessionEvent.UserTurnResumed.class)).isNotEmpty();
    assertThat(t.all(SessionEvent.ToolCallStarted.class)).hasSize(1);
    assertThat(said(t, SpeechKind.FILLER)).hasSize(1);
    assertThat(said(t, SpeechKind.RESPONSE)).hasSize(1);
  }

  @Test
  void maskingOffLeavesTheLineSilent() {
    Timeline t =
        play(
            lookingUp(FakeTool.readOnly("status", Duration.ofMillis(3000))),
            ASK,
            SessionConfig.defaults().withMasking(SessionConfig.Masking.off()));
    assertThat(said(t, SpeechKind.FILLER)).isEmpty();
  }
}
