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
package dev.parley.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.agent.GreetingAgent;
import dev.parley.core.clock.MediaClock;
import dev.parley.core.event.SessionEvent;
import dev.parley.core.session.Components;
import dev.parley.core.speech.OracleRecognizer;
import dev.parley.core.spi.Agent;
import dev.parley.core.spi.CallInfo;
import dev.parley.core.spi.Conversation;
import dev.parley.core.tool.CallTools;
import dev.parley.core.tool.ToolCall;
import dev.parley.testing.FakeAgent;
import dev.parley.testing.FakeSynthesizer;
import dev.parley.testing.FakeToolAgent;
import dev.parley.testing.FakeVad;
import dev.parley.testing.ScriptedAudio;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Calls as a carrier sees them, over loopback: the greeting a silent caller hears, the call's
 * information reaching the agent, {@code end_call} and {@code transfer_call} through loopback fakes
 * of Twilio's and Telnyx's REST APIs that check credentials and parameters, and two concurrent
 * calls that never see each other's words. Waits on futures and latches, never on sleeps.
 */
class CallsTest {
  private static final MediaClock CLOCK = MediaClock.system();

  private static Components components(Agent agent, ScriptedAudio caller) {
    return Components.builder()
        .vad(new FakeVad())
        .recognizer(new OracleRecognizer(caller.words(), 100))
        .synthesizer(new FakeSynthesizer(250, 16_000))
        .agent(agent)
        .build();
  }

  @Test
  void aSilentTwilioCallerHearsTheGreetingWithinOneSecond() throws Exception {
    List<CallInfo> greeted = new CopyOnWriteArrayList<>();
    Agent greeter =
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
            reply.text("Hello, thanks for calling the travel desk.");
          }

          @Override
          public void respond(Conversation conversation, Reply reply) {
            reply.text("Okay.");
          }
        };
    ScriptedAudio silence = ScriptedAudio.builder().silence(100).build();
    try (ParleyServer server =
            Fixtures.server(Fixtures.config().build(), components(greeter, silence), m -> {});
        MediaStreamClient phone =
            MediaStreamClient.connect(server, MediaStreamClient.Provider.TWILIO)) {
      long startNanos = CLOCK.nanos();
      phone.begin();
      long firstAudioNanos = phone.firstMediaNanos.get(10, TimeUnit.SECONDS);
      assertThat(Duration.ofNanos(firstAudioNanos - startNanos))
          .as("the greeting's first audio after the start message")
          .isLessThan(Duration.ofSeconds(1));
      assertThat(greeted).hasSize(1);
      CallInfo call = greeted.getFirst();
      assertThat(call.transport()).isEqualTo("twilio");
      assertThat(call.callId()).isNotBlank();
      assertThat(call.carrierId(CallInfo.TWILIO_CALL_SID)).contains("CA-test");
      assertThat(call.carrierId(CallInfo.TWILIO_ACCOUNT_SID)).contains("AC-test");
      assertThat(call.carrierId(CallInfo.TWILIO_STREAM_SID)).contains(phone.streamId);
      assertThat(call.parameters()).containsEntry("customer", "42");
      assertThat(server.host().call(call.callId()).orElseThrow().info())
          .as("Parley's id names the call, and the call knows what the agent knows")
          .isEqualTo(call);
    }
  }

  @Test
  void aTextGreetingIsSpokenOnTelnyxToo() throws Exception {
    ScriptedAudio silence = ScriptedAudio.builder().silence(100).build();
    try (ParleyServer server =
            Fixtures.server(
                Fixtures.config().build(),
                components(new GreetingAgent(FakeAgent.saying("Okay."), "Hello there."), silence),
                m -> {});
        MediaStreamClient phone =
            MediaStreamClient.connect(server, MediaStreamClient.Provider.TELNYX)) {
      phone.begin();
      assertThat(phone.firstMediaNanos.get(10, TimeUnit.SECONDS)).isPositive();
    }
  }

  private static final ScriptedAudio GOODBYE =
      ScriptedAudio.builder().silence(300).say("that is all thanks bye", 1500).silence(600).build();

  private static FakeToolAgent controlling(ToolCall call, String line) {
    return FakeToolAgent.of(
        List.of(CallTools.endCall(), CallTools.transferCall(List.of("+14155550123"))),
        (conversation, reply) -> {
          reply.text(line);
          reply.call(call);
        });
  }

  /** Every call's end, by call id, as the host's watchers see it. */
  private static final class Ends implements CallHost.Watcher {
    final Map<String, String> reasons = new ConcurrentHashMap<>();
    final List<SessionEvent.ServiceFailed> failures = new CopyOnWriteArrayList<>();
    final CountDownLatch ended = new CountDownLatch(1);
    final CountDownLatch failed = new CountDownLatch(1);

    @Override
    public void event(String callId, SessionEvent event) {
      if (event instanceof SessionEvent.SessionEnded end) {
        reasons.put(callId, end.reason());
        ended.countDown();
      } else if (event instanceof SessionEvent.ServiceFailed failure) {
        failures.add(failure);
        failed.countDown();
      }
    }
  }

  @Test
  void endCallHangsUpThroughTwilioAfterTheGoodbye() throws Exception {
    try (FakeTwilioApi twilio = new FakeTwilioApi("AC-test", "twilio-secret", "CA-test");
        ParleyServer server =
            Fixtures.server(
                Fixtures.config().build(),
                components(
                    controlling(new ToolCall("e1", "end_call", "{}"), "Goodbye, take care."),
                    GOODBYE),
                m -> {})) {
      server
          .host()
          .carrierApis(
              new CarrierApis(
                  twilio.url(), "AC-test", "twilio-secret", CarrierApis.none().telnyxUrl(), ""));
      Ends ends = new Ends();
      server.host().watch(ends);
      try (MediaStreamClient phone =
          MediaStreamClient.connect(server, MediaStreamClient.Provider.TWILIO)) {
        phone.begin();
        phone.speak(GOODBYE);
        assertThat(ends.ended.await(20, TimeUnit.SECONDS)).as("the agent ended the call").isTrue();
        assertThat(phone.closed.get(10, TimeUnit.SECONDS)).isEqualTo(1000);
        assertThat(phone.mediaMessages.get()).as("the goodbye was sent").isPositive();
      }
      assertThat(ends.reasons.values()).containsExactly("agent ended the call");
      assertThat(ends.failures).isEmpty();
      assertThat(twilio.received).hasSize(1);
      FakeCarrierApi.Received update = twilio.received.getFirst();
      assertThat(update.path()).isEqualTo("/2010-04-01/Accounts/AC-test/Calls/CA-test.json");
      assertThat(FakeTwilioApi.form(update.body()))
          .containsEntry("Twiml", "<Response><Hangup/></Response>");
    }
  }

  @Test
  void refusedTwilioCredentialsAreReportedAndTheCallStillEnds() throws Exception {
    try (FakeTwilioApi twilio = new FakeTwilioApi("AC-test", "the-real-secret", "CA-test");
        ParleyServer server =
            Fixtures.server(
                Fixtures.config().build(),
                components(controlling(new ToolCall("e1", "end_call", "{}"), "Bye."), GOODBYE),
                m -> {})) {
      server
          .host()
          .carrierApis(
              new CarrierApis(
                  twilio.url(), "AC-test", "a-wrong-secret", CarrierApis.none().telnyxUrl(), ""));
      Ends ends = new Ends();
      server.host().watch(ends);
      try (MediaStreamClient phone =
          MediaStreamClient.connect(server, MediaStreamClient.Provider.TWILIO)) {
        phone.begin();
        phone.speak(GOODBYE);
        assertThat(ends.ended.await(20, TimeUnit.SECONDS)).isTrue();
        phone.closed.get(10, TimeUnit.SECONDS);
      }
      assertThat(twilio.received).hasSize(1);
      assertThat(ends.failures)
          .singleElement()
          .satisfies(f -> assertThat(f.message()).contains("HTTP 401"));
      assertThat(ends.reasons.values()).containsExactly("agent ended the call");
    }
  }

  @Test
  void transferCallMovesTheCallThroughTelnyxCallControl() throws Exception {
    try (FakeTelnyxApi telnyx = new FakeTelnyxApi("KEY-test", "CA-test");
        ParleyServer server =
            Fixtures.server(
                Fixtures.config().build(),
                components(
                    controlling(
                        new ToolCall("t1", "transfer_call", "{\"target\":\"+14155550123\"}"),
                        "Putting you through to a colleague."),
                    GOODBYE),
                m -> {})) {
      server
          .host()
          .carrierApis(
              new CarrierApis(CarrierApis.none().twilioUrl(), "", "", telnyx.url(), "KEY-test"));
      Ends ends = new Ends();
      server.host().watch(ends);
      try (MediaStreamClient phone =
          MediaStreamClient.connect(server, MediaStreamClient.Provider.TELNYX)) {
        phone.begin();
        phone.speak(GOODBYE);
        assertThat(ends.ended.await(20, TimeUnit.SECONDS)).isTrue();
        phone.closed.get(10, TimeUnit.SECONDS);
      }
      assertThat(ends.reasons.values()).containsExactly("transferred to +14155550123");
      assertThat(telnyx.received).hasSize(1);
      FakeCarrierApi.Received transfer = telnyx.received.getFirst();
      assertThat(transfer.path()).isEqualTo("/v2/calls/CA-test/actions/transfer");
      assertThat(transfer.authorization()).isEqualTo("Bearer KEY-test");
      assertThat(transfer.body()).contains("\"to\":\"+14155550123\"").contains("\"command_id\"");
    }
  }

  @Test
  void twoConcurrentCallsNeverSeeEachOthersWords() throws Exception {
    // An agent with memory outside the conversation, keyed by the conversation's id as a
    // LangChain4j ChatMemory is: before calls carried their id, every call shared one memory.
    Map<String, List<String>> memory = new ConcurrentHashMap<>();
    CountDownLatch answered = new CountDownLatch(2);
    Agent remembering =
        new Agent() {
          @Override
          public String name() {
            return "remembering";
          }

          @Override
          public void respond(Conversation conversation, Reply reply) {
            List<String> mine =
                memory.computeIfAbsent(conversation.sessionId(), k -> new CopyOnWriteArrayList<>());
            mine.add(conversation.lastUserText());
            reply.text("I have heard " + String.join(" and ", mine) + ".");
            answered.countDown();
          }
        };
    ScriptedAudio silence = ScriptedAudio.builder().silence(100).build();
    try (ParleyServer server =
            Fixtures.server(Fixtures.config().build(), components(remembering, silence), m -> {});
        MediaStreamClient first =
            MediaStreamClient.connect(server, MediaStreamClient.Provider.TWILIO);
        MediaStreamClient second =
            MediaStreamClient.connect(server, MediaStreamClient.Provider.TWILIO)) {
      first.begin();
      second.begin();
      first.dtmf('4');
      second.dtmf('7');
      assertThat(answered.await(20, TimeUnit.SECONDS)).as("both calls were answered").isTrue();
    }
    assertThat(memory).hasSize(2);
    assertThat(memory.keySet()).doesNotContain("", "default");
    assertThat(memory.values()).containsExactlyInAnyOrder(List.of("[DTMF 4]"), List.of("[DTMF 7]"));
  }

  @Test
  void carrierCredentialsComeFromTheEnvironmentAndAreNeverPrinted() {
    CarrierApis apis =
        CarrierApis.fromEnvironment(
            Map.of(
                "TWILIO_ACCOUNT_SID", "AC1",
                "TWILIO_AUTH_TOKEN", "s3cret-token",
                "TELNYX_API_KEY", "KEY-s3cret",
                "PARLEY_TELNYX_API_URL", "http://127.0.0.1:9"));
    assertThat(apis.twilioUser()).isEqualTo("AC1");
    assertThat(apis.twilioSecret()).isEqualTo("s3cret-token");
    assertThat(apis.telnyxUrl()).isEqualTo(URI.create("http://127.0.0.1:9"));
    assertThat(apis.twilioUrl()).isEqualTo(URI.create("https://api.twilio.com"));
    assertThat(apis.toString()).doesNotContain("s3cret");
  }

  @Test
  void onAudioSocketATransferIsRefusedAndEndCallHangsUp() throws Exception {
    FakeToolAgent agent =
        FakeToolAgent.of(
            List.of(CallTools.endCall(), CallTools.transferCall()),
            (conversation, reply) -> {
              if (conversation.lastUserText().contains("1")) {
                reply.text("Let me put you through.");
                reply.call(new ToolCall("t1", "transfer_call", "{\"target\":\"+14155550123\"}"));
              } else {
                reply.text("Goodbye.");
                reply.call(new ToolCall("e1", "end_call", "{}"));
              }
            });
    ScriptedAudio silence = ScriptedAudio.builder().silence(100).build();
    try (ParleyServer server =
        Fixtures.server(
            Fixtures.config().audioSocketPort(0).build(), components(agent, silence), m -> {})) {
      Ends ends = new Ends();
      server.host().watch(ends);
      try (AudioSocketClient asterisk = AudioSocketClient.call(server.audioSocketPort())) {
        asterisk.sendDtmf('1');
        // The transfer cannot happen on AudioSocket: the call goes on, and says so.
        assertThat(ends.failed.await(20, TimeUnit.SECONDS)).isTrue();
        assertThat(ends.failures)
            .singleElement()
            .satisfies(f -> assertThat(f.message()).contains("cannot transfer"));
        assertThat(ends.reasons).isEmpty();
        asterisk.sendDtmf('2');
        assertThat(asterisk.awaitClosed(20)).isEqualTo(AudioSocketCodec.KIND_HANGUP);
        assertThat(ends.reasons.values()).containsExactly("agent ended the call");
      }
      assertThat(agent.conversations().getFirst().sessionId())
          .as("an AudioSocket call has Parley's id")
          .isNotBlank();
    }
  }
}
