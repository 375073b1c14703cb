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
package dev.parley.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.agent.demo.TravelDeskAgent;
import dev.parley.core.clock.MediaClock;
import dev.parley.core.clock.Pacer;
import dev.parley.core.clock.WallClock;
import dev.parley.core.event.SessionEvent;
import dev.parley.core.session.Components;
import dev.parley.core.session.SessionConfig;
import dev.parley.core.speech.OracleRecognizer;
import dev.parley.core.turn.BargeInPolicy;
import dev.parley.server.Call;
import dev.parley.server.CallHost;
import dev.parley.server.Observability;
import dev.parley.server.ParleyServer;
import dev.parley.server.ServerConfig;
import dev.parley.speech.cloud.FakeRealtime;
import dev.parley.speech.cloud.FakeReply;
import dev.parley.speech.cloud.FakeSpeechServer;
import dev.parley.testing.FakeAgent;
import dev.parley.testing.FakeSynthesizer;
import dev.parley.testing.FakeVad;
import dev.parley.testing.ScriptedAudio;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A served call whose agent is a speech-to-speech model: the call host runs it through Parley's
 * speech-to-speech session instead of the cascade, and the transport gets the model's audio and the
 * same session events.
 */
class ServeSpeechToSpeechTest {
  private static final String KEY = "rt-serve-key";
  private static final ScriptedAudio CALLER =
      ScriptedAudio.builder()
          .silence(300)
          .say("find me a flight from Chicago to Boston", 1200)
          .silence(600)
          .build();

  @Test
  void aServedCallWithASpeechModelRunsItsToolOnceAndSpeaksItsAudio() throws Exception {
    String arguments =
        "{\"from\":\"Chicago\",\"to\":\"Boston\",\"date\":\"2026-12-11\",\"passengers\":1}";
    FakeRealtime realtime =
        new FakeRealtime(
            List.of("find me a flight from Chicago to Boston"),
            List.of(
                List.of(
                    new FakeReply.Say("Let me look.", 400),
                    new FakeReply.Call("call_1", "search_flights", arguments)),
                List.of(new FakeReply.Say("There are three flights.", 600))));
    // The cascade is never used: a speech model answers every call.
    Components unused =
        Components.builder()
            .vad(new FakeVad())
            .recognizer(new OracleRecognizer(List.of(), 100))
            .synthesizer(new FakeSynthesizer(250, 16_000))
            .agent(FakeAgent.saying("the cascade answered"))
            .build();
    List<SessionEvent> events = new CopyOnWriteArrayList<>();
    AtomicInteger agentFrames = new AtomicInteger();
    CountDownLatch answered = new CountDownLatch(1);
    try (FakeSpeechServer fake = realtime.listen(KEY);
        ParleyServer server =
            ParleyServer.start(
                ServerConfig.builder().bind("127.0.0.1").port(0).build(),
                unused,
                SessionConfig.defaults(),
                MediaClock.system(),
                WallClock.system(),
                Observability.defaults(),
                m -> {})) {
      server
          .host()
          .speechModel(
              new CallHost.SpeechModel(
                  SpeechModels.create(
                      "openai-realtime:" + fake.uri() + "#gpt-realtime",
                      Map.of("OPENAI_API_KEY", KEY)),
                  SpeechModels.INSTRUCTIONS,
                  TravelDeskAgent.create(LocalDate.of(2026, 12, 7)).tools(),
                  BargeInPolicy.Settings.defaults(),
                  null));
      Call call =
          server
              .host()
              .reserve()
              .orElseThrow()
              .start(
                  "ws",
                  new Call.Peer() {
                    @Override
                    public void audio(long atNanos, short[] samples) {
                      agentFrames.incrementAndGet();
                    }

                    @Override
                    public void clear() {}

                    @Override
                    public void event(SessionEvent event) {
                      events.add(event);
                      if (event instanceof SessionEvent.AgentSpeechEnded ended
                          && ended.text().contains("three")) {
                        answered.countDown();
                      }
                    }

                    @Override
                    public void error(String code, String message) {}

                    @Override
                    public void close(int code, String reason) {}
                  });
      MediaClock clock = MediaClock.system();
      Pacer pacer = new Pacer(clock);
      short[] audio = CALLER.samples();
      long start = clock.nanos();
      for (int k = 0; k * 320 < audio.length; k++) {
        pacer.awaitUntil(start + k * 20_000_000L);
        call.audio(audio, k * 320, Math.min(320, audio.length - k * 320));
      }
      assertThat(answered.await(20, TimeUnit.SECONDS)).as("an answer in " + events).isTrue();
      call.end("test over", 1000);

      assertThat(realtime.of("conversation.item.create")).hasSize(1);
      assertThat(realtime.of("response.create")).hasSize(2);
    }
    assertThat(agentFrames.get()).isGreaterThan(20); // a second of the model's voice reached it
    assertThat(events)
        .filteredOn(SessionEvent.ToolCallEnded.class::isInstance)
        .singleElement()
        .satisfies(
            e -> assertThat(((SessionEvent.ToolCallEnded) e).name()).isEqualTo("search_flights"));
    assertThat(events).noneMatch(e -> e.toString().contains("the cascade answered"));
  }
}
