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

import dev.parley.core.agent.GreetingAgent;
import dev.parley.core.event.SessionEvent;
import dev.parley.core.event.SpeechKind;
import dev.parley.core.event.ToolStatus;
import dev.parley.core.spi.Agent;
import dev.parley.core.spi.CallControl;
import dev.parley.core.spi.CallInfo;
import dev.parley.core.spi.Conversation;
import dev.parley.core.spi.ProviderException;
import dev.parley.core.tool.CallTools;
import dev.parley.core.tool.ToolCall;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The start and the end of a call on the manual clock: the greeting spoken before the caller says
 * anything, and the call-control tools acting only once the caller has heard the reply that asked.
 */
class CallStartAndControlTest {
  private static final long MS = 1_000_000L;

  private static final CallInfo TWILIO_CALL =
      new CallInfo(
          "twilio",
          "call-1",
          Map.of(CallInfo.TWILIO_CALL_SID, "CA123"),
          "+14155550100",
          "+14155550199",
          Map.of("tier", "gold"),
          Map.of());

  /** A carrier that records what it was asked and fails when told to. */
  private static final class RecordingCarrier implements CallControl {
    final List<String> actions = new ArrayList<>();
    boolean refuseTransfers;

    @Override
    public void hangUp() {
      actions.add("hang up");
    }

    @Override
    public void transfer(String target) {
      if (refuseTransfers) {
        throw new ProviderException(ProviderException.Kind.REJECTED, "busy line");
      }
      actions.add("transfer " + target);
    }
  }

  private static final ScriptedAudio SILENT = ScriptedAudio.builder().silence(3000).build();

  private static List<SessionEvent.AgentSpeechStarted> said(Timeline t, SpeechKind kind) {
    return t.all(SessionEvent.AgentSpeechStarted.class).stream()
        .filter(s -> s.kind() == kind)
        .toList();
  }

  @Test
  void aSilentCallerHearsTheGreetingAtOnce() {
    FakeAgent inner = FakeAgent.saying("Okay.");
    Timeline t =
        EmbeddedSession.builder()
            .agent(new GreetingAgent(inner, "Hello, travel desk."))
            .build(SILENT)
            .play(SILENT, Duration.ofSeconds(1));
    List<SessionEvent.AgentSpeechStarted> responses = said(t, SpeechKind.RESPONSE);
    assertThat(responses).hasSize(1);
    assertThat(responses.getFirst().text()).isEqualTo("Hello, travel desk.");
    assertThat(responses.getFirst().atNanos()).isLessThan(100 * MS);
    assertThat(t.all(SessionEvent.LatencyBreakdown.class))
        .as("a greeting answers no turn")
        .isEmpty();
    assertThat(inner.conversations()).as("the agent itself was not asked").isEmpty();
  }

  @Test
  void theGreetingIsTheFirstAgentTurnAndSeesTheCall() {
    List<CallInfo> greeted = new ArrayList<>();
    List<Conversation> asked = new ArrayList<>();
    Agent agent =
        new Agent() {
          @Override
          public String name() {
            return "greeter";
          }

          @Override
          public boolean greets() {
            return true;
          }

          @Override
          public void greet(CallInfo call, Reply reply) {
            greeted.add(call);
            reply.text("Welcome back, " + call.parameters().get("tier") + " member.");
          }

          @Override
          public void respond(Conversation conversation, Reply reply) {
            asked.add(conversation);
            reply.text("Sure.");
          }
        };
    ScriptedAudio script =
        ScriptedAudio.builder().silence(2500).say("book a table", 900).silence(300).build();
    EmbeddedSession session =
        EmbeddedSession.builder().agent(agent).call(TWILIO_CALL, CallControl.none()).build(script);
    Timeline t = session.play(script, Duration.ofSeconds(3));
    assertThat(greeted).containsExactly(TWILIO_CALL);
    assertThat(said(t, SpeechKind.RESPONSE).getFirst().text())
        .isEqualTo("Welcome back, gold member.");
    assertThat(asked).hasSize(1);
    Conversation conversation = asked.getFirst();
    assertThat(conversation.sessionId())
        .as("every conversation carries the call id")
        .isEqualTo("call-1");
    assertThat(conversation.turns().getFirst())
        .isEqualTo(
            new Conversation.Turn.Agent(
                "Welcome back, gold member.", "Welcome back, gold member.", false));
  }

  @Test
  void theCallerCanInterruptTheGreeting() {
    ScriptedAudio script =
        ScriptedAudio.builder().silence(800).say("wait I need help now", 1200).silence(300).build();
    Timeline t =
        EmbeddedSession.builder()
            .agent(
                new GreetingAgent(
                    FakeAgent.saying("Okay."),
                    "Hello and welcome to the travel desk, where we can help you book flights,"
                        + " hotels, cars and trains for any trip you have in mind today."))
            .build(script)
            .play(script, Duration.ofSeconds(4));
    assertThat(t.all(SessionEvent.AgentInterrupted.class)).hasSize(1);
    assertThat(said(t, SpeechKind.RESPONSE).getLast().text()).isEqualTo("Okay.");
  }

  private static FakeToolAgent ending(String goodbye) {
    return FakeToolAgent.of(
        List.of(CallTools.endCall(), CallTools.transferCall(List.of("+14155550123"))),
        (conversation, reply) -> {
          String said = conversation.lastUserText();
          if (said.contains("agent")) {
            reply.text("Putting you through now.");
            reply.call(new ToolCall("t1", "transfer_call", "{\"target\":\"+14155550123\"}"));
          } else if (said.contains("bye")) {
            reply.text(goodbye);
            reply.call(new ToolCall("e1", "end_call", "{\"reason\":\"caller done\"}"));
          } else {
            reply.text("Sure.");
          }
        });
  }

  @Test
  void endCallHangsUpOnceTheGoodbyeHasBeenHeard() {
    RecordingCarrier carrier = new RecordingCarrier();
    ScriptedAudio script =
        ScriptedAudio.builder().silence(300).say("that is all bye", 900).silence(300).build();
    EmbeddedSession session =
        EmbeddedSession.builder()
            .agent(ending("Goodbye, and thanks for calling."))
            .call(TWILIO_CALL, carrier)
            .build(script);
    Timeline t = session.play(script, Duration.ofSeconds(5));
    assertThat(carrier.actions).containsExactly("hang up");
    assertThat(session.ended()).isTrue();
    SessionEvent.AgentSpeechEnded goodbye = t.all(SessionEvent.AgentSpeechEnded.class).getLast();
    assertThat(goodbye.interrupted()).isFalse();
    assertThat(goodbye.text()).isEqualTo("Goodbye, and thanks for calling.");
    SessionEvent.SessionEnded end = t.all(SessionEvent.SessionEnded.class).getFirst();
    assertThat(end.reason()).isEqualTo("agent ended the call");
    assertThat(end.atNanos())
        .as("not before the last of the goodbye left the client's buffer")
        .isGreaterThanOrEqualTo(goodbye.atNanos() + 300 * MS);
  }

  @Test
  void interruptingTheGoodbyeKeepsTheCall() {
    RecordingCarrier carrier = new RecordingCarrier();
    ScriptedAudio script =
        ScriptedAudio.builder()
            .silence(300)
            .say("that is all bye", 900)
            .silence(1400)
            .say("wait one more thing please", 1500)
            .silence(300)
            .build();
    EmbeddedSession session =
        EmbeddedSession.builder()
            .agent(
                ending(
                    "Goodbye then, it was a pleasure to help you with your booking today, and"
                        + " we hope to hear from you again very soon for your next trip."))
            .call(TWILIO_CALL, carrier)
            .build(script);
    Timeline t = session.play(script, Duration.ofSeconds(6));
    assertThat(t.all(SessionEvent.AgentInterrupted.class)).hasSize(1);
    assertThat(carrier.actions).isEmpty();
    assertThat(session.ended()).isFalse();
    assertThat(said(t, SpeechKind.RESPONSE).getLast().text()).isEqualTo("Sure.");
  }

  @Test
  void transferCallMovesTheCallAfterTheReply() {
    RecordingCarrier carrier = new RecordingCarrier();
    ScriptedAudio script =
        ScriptedAudio.builder().silence(300).say("give me an agent", 900).silence(300).build();
    EmbeddedSession session =
        EmbeddedSession.builder().agent(ending("Bye.")).call(TWILIO_CALL, carrier).build(script);
    Timeline t = session.play(script, Duration.ofSeconds(5));
    assertThat(carrier.actions).containsExactly("transfer +14155550123");
    assertThat(t.all(SessionEvent.SessionEnded.class).getFirst().reason())
        .isEqualTo("transferred to +14155550123");
    assertThat(t.all(SessionEvent.ToolCallEnded.class).getFirst().status())
        .isEqualTo(ToolStatus.OK);
  }

  @Test
  void aRefusedTransferKeepsTheCallAndTellsTheAgent() {
    RecordingCarrier carrier = new RecordingCarrier();
    carrier.refuseTransfers = true;
    FakeToolAgent agent = ending("Bye.");
    ScriptedAudio script =
        ScriptedAudio.builder()
            .silence(300)
            .say("give me an agent", 900)
            .silence(6000)
            .say("hello", 600)
            .silence(300)
            .build();
    EmbeddedSession session =
        EmbeddedSession.builder().agent(agent).call(TWILIO_CALL, carrier).build(script);
    Timeline t = session.play(script, Duration.ofSeconds(4));
    assertThat(session.ended()).isFalse();
    assertThat(t.all(SessionEvent.ServiceFailed.class))
        .anySatisfy(f -> assertThat(f.message()).contains("busy line"));
    Conversation last = agent.conversations().getLast();
    assertThat(last.turns())
        .anySatisfy(
            turn ->
                assertThat(turn)
                    .isInstanceOfSatisfying(
                        Conversation.Turn.Tool.class,
                        tool -> {
                          assertThat(tool.name()).isEqualTo("transfer_call");
                          assertThat(tool.status()).isEqualTo(ToolStatus.FAILED);
                        }));
  }

  @Test
  void aTransferTargetOutsideTheListIsRefusedBeforeAnythingHappens() {
    RecordingCarrier carrier = new RecordingCarrier();
    FakeToolAgent agent =
        FakeToolAgent.of(
            List.of(CallTools.transferCall(List.of("+14155550123"))),
            (conversation, reply) -> {
              reply.call(new ToolCall("t1", "transfer_call", "{\"target\":\"+19005550000\"}"));
              reply.text("I cannot do that.");
            });
    ScriptedAudio script =
        ScriptedAudio.builder().silence(300).say("call my friend", 900).silence(300).build();
    Timeline t =
        EmbeddedSession.builder()
            .agent(agent)
            .call(TWILIO_CALL, carrier)
            .build(script)
            .play(script, Duration.ofSeconds(4));
    assertThat(carrier.actions).isEmpty();
    assertThat(t.all(SessionEvent.ToolCallEnded.class).getFirst().status())
        .isEqualTo(ToolStatus.FAILED);
  }

  @Test
  void aSlowLookupAtCallStartIsMaskedLikeAnyTool() {
    FakeTool lookup =
        FakeTool.readOnly("lookup_caller", Duration.ofSeconds(3))
            .answering(args -> "{\"name\":\"Ada\"}");
    Agent agent =
        new Agent() {
          @Override
          public String name() {
            return "looking-up";
          }

          @Override
          public List<dev.parley.core.tool.Tool> tools() {
            return List.of(lookup);
          }

          @Override
          public boolean greets() {
            return true;
          }

          @Override
          public void greet(CallInfo call, Reply reply) throws InterruptedException {
            reply.call(new ToolCall("l1", "lookup_caller", "{}"));
            reply.text("Hello Ada, welcome back.");
          }

          @Override
          public void respond(Conversation conversation, Reply reply) {
            reply.text("Sure.");
          }
        };
    ScriptedAudio silent = ScriptedAudio.builder().silence(6000).build();
    Timeline t =
        EmbeddedSession.builder()
            .agent(agent)
            .latency(AgentSuite.LATENCY)
            .build(silent)
            .play(silent, Duration.ofSeconds(1));
    List<SessionEvent.AgentSpeechStarted> fillers = said(t, SpeechKind.FILLER);
    List<SessionEvent.AgentSpeechStarted> responses = said(t, SpeechKind.RESPONSE);
    assertThat(fillers).as("the caller is not left in silence while the lookup runs").isNotEmpty();
    assertThat(responses)
        .singleElement()
        .satisfies(r -> assertThat(r.text()).isEqualTo("Hello Ada, welcome back."));
    assertThat(fillers.getFirst().atNanos()).isLessThan(responses.getFirst().atNanos());
    assertThat(responses.getFirst().atNanos()).isGreaterThanOrEqualTo(3_000 * MS);
  }
}
