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
package dev.parley.embed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.core.audio.AudioFormat;
import dev.parley.core.audio.WavWriter;
import dev.parley.core.clock.MediaClock;
import dev.parley.core.clock.Pacer;
import dev.parley.core.event.SessionEvent;
import dev.parley.core.session.AudioOutput;
import dev.parley.core.session.LiveSession;
import dev.parley.core.speech.EnergyVad;
import dev.parley.core.speech.OracleRecognizer;
import dev.parley.core.speech.PlaceholderVoice;
import dev.parley.core.spi.SpeechRecognizer;
import dev.parley.server.ParleyServer;
import dev.parley.testing.FakeAgent;
import dev.parley.testing.FakeSynthesizer;
import dev.parley.testing.FakeVad;
import dev.parley.testing.ScriptedAudio;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The façade end to end: an offline call on the virtual clock, a server on loopback, a live session
 * on the application's own transport. The caller is synthetic and its words come from an oracle
 * recogniser (diagnostics, not recognition), so these tests show the wiring, not the models.
 */
class ParleyTest {
  private static final ScriptedAudio CALLER =
      ScriptedAudio.builder()
          .silence(300)
          .say("I would like to book a flight to Boston", 2000)
          .silence(300)
          .build();
  private static final String REPLY = "Sure, a flight to Boston.";

  private static Speech fakes() {
    return Speech.builder()
        .vad(new FakeVad())
        .recognizer(new OracleRecognizer(CALLER.words(), 100))
        .synthesizer(new FakeSynthesizer(250, 16_000))
        .build();
  }

  @Test
  void anOfflineCallHearsTheCallerAndAnswersOnTheVirtualClock() {
    FakeAgent agent = FakeAgent.saying(REPLY);
    Parley parley = Parley.builder().agent(agent).speech(fakes()).build();

    OfflineCall call = parley.call(CALLER.samples());

    assertThat(call.callerAudio()).isEqualTo(Duration.ofMillis(CALLER.durationMillis()));
    assertThat(call.agentSaid()).contains(REPLY);
    assertThat(agent.conversations()).isNotEmpty();
    assertThat(call.events())
        .filteredOn(SessionEvent.UserTurnEnded.class::isInstance)
        .map(e -> ((SessionEvent.UserTurnEnded) e).text())
        .containsExactly("I would like to book a flight to Boston");
    assertThat(call.agentAudio())
        .as("the agent's voice is in the recording")
        .isNotEqualTo(new short[call.agentAudio().length]);
  }

  @Test
  void theSameOfflineCallGivesTheSameTimelineEveryRun() {
    Parley parley = Parley.builder().agent(FakeAgent.saying(REPLY)).speech(fakes()).build();

    assertThat(parley.call(CALLER.samples()).events())
        .isEqualTo(parley.call(CALLER.samples()).events());
  }

  @Test
  void anOfflineCallReadsAWavRecordingAtAnyRate(@TempDir Path dir) throws Exception {
    short[] at16k = CALLER.samples();
    short[] at8k = new short[at16k.length / 2];
    for (int i = 0; i < at8k.length; i++) {
      at8k[i] = at16k[2 * i];
    }
    Path wav = dir.resolve("caller.wav");
    Files.write(
        wav, WavWriter.toBytes(new AudioFormat(8_000, 1, AudioFormat.Encoding.PCM16), at8k));
    Parley parley = Parley.builder().agent(FakeAgent.saying(REPLY)).speech(fakes()).build();

    assertThat(parley.call(wav).agentSaid()).contains(REPLY);
    Files.write(dir.resolve("bad.wav"), new byte[] {1, 2, 3});
    assertThatThrownBy(() -> parley.call(dir.resolve("bad.wav")))
        .isInstanceOf(java.io.IOException.class);
  }

  @Test
  void serveStartsAServerWhoseMetricsAlsoReachTheApplicationsRegistry() throws Exception {
    SimpleMeterRegistry appRegistry = new SimpleMeterRegistry();
    Parley parley =
        Parley.builder()
            .agent(FakeAgent.saying(REPLY))
            .speech(fakes())
            .port(0)
            .managementPort(0)
            .maxSessions(3)
            .drainGrace(Duration.ofSeconds(2))
            .meterRegistry(appRegistry)
            .build();

    try (ParleyServer server = parley.serve();
        HttpClient http = HttpClient.newHttpClient()) {
      HttpResponse<String> health =
          http.send(
              HttpRequest.newBuilder(server.managementUri().resolve("/health")).build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(health.statusCode()).isEqualTo(200);
      assertThat(server.host().ready()).isTrue();
      assertThat(parley.serverConfig().maxSessions()).isEqualTo(3);
      assertThat(appRegistry.find("parley.sessions.active").gauge()).isNotNull();
      assertThat(appRegistry.find("parley.frame.delay").timer()).isNotNull();
      // The JVM meters stay on Parley's own registry: the application has its own.
      assertThat(appRegistry.find("jvm.threads.live").gauge()).isNull();
      assertThat(server.metrics().scrape()).contains("parley_sessions_active");
    }
  }

  @Test
  void aSessionServesTheApplicationsOwnTransport() throws Exception {
    List<SessionEvent> events = new CopyOnWriteArrayList<>();
    AtomicInteger playedFrames = new AtomicInteger();
    CountDownLatch answered = new CountDownLatch(1);
    Parley parley = Parley.builder().agent(FakeAgent.saying(REPLY)).speech(fakes()).build();

    LiveSession session =
        parley.session(
            "app-call",
            new AudioOutput() {
              @Override
              public void play(long atNanos, short[] samples, int offset, int length) {
                playedFrames.incrementAndGet();
              }

              @Override
              public void clear() {}
            },
            event -> {
              events.add(event);
              if (event instanceof SessionEvent.AgentSpeechStarted) {
                answered.countDown();
              }
            });
    // A live transport delivers a frame every 20 ms; the caller's script is paced the same way.
    Pacer pacer = new Pacer(MediaClock.system());
    short[] audio = CALLER.samples();
    long start = MediaClock.system().nanos();
    for (int k = 0; k * 320 < audio.length || answered.getCount() > 0 && k < 500; k++) {
      pacer.awaitUntil(start + k * 20_000_000L);
      int from = Math.min(audio.length, k * 320);
      short[] frame = new short[320];
      System.arraycopy(audio, from, frame, 0, Math.min(320, audio.length - from));
      session.offerAudio(frame, 0, 320);
    }

    assertThat(answered.await(10, TimeUnit.SECONDS)).isTrue();
    session.hangup("done");
    assertThat(session.await(Duration.ofSeconds(10))).isTrue();
    assertThat(events)
        .filteredOn(SessionEvent.AgentSpeechStarted.class::isInstance)
        .map(e -> ((SessionEvent.AgentSpeechStarted) e).text())
        .contains(REPLY);
    assertThat(playedFrames.get()).isPositive();
    assertThat(events).anyMatch(SessionEvent.SessionEnded.class::isInstance);
  }

  @Test
  void theBuilderNeedsAnAgentAndRejectsSettingsOutOfRange() {
    assertThatThrownBy(() -> Parley.builder().speech(fakes()).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("agent");
    assertThatThrownBy(() -> Parley.builder().pacing(Duration.ofMillis(-1)))
        .hasMessageContaining("pacing");
    assertThatThrownBy(
            () ->
                Parley.builder()
                    .agent(FakeAgent.saying(REPLY))
                    .speech(fakes())
                    .maxSessions(0)
                    .build())
        .hasMessageContaining("maxSessions");
    assertThat(
            Parley.builder()
                .agent(FakeAgent.saying(REPLY))
                .speech(fakes())
                .pacing(Duration.ofMillis(250))
                .build()
                .sessionConfig()
                .pacingMillis())
        .isEqualTo(250);
  }

  @Test
  void theEmbeddedStackFallsBackAndSaysWhyRatherThanFail() {
    Speech speech = Speech.embedded();

    // On a machine with every model installed nothing falls back; on one without, each part
    // that fell back is named. Either way the stack is complete.
    assertThat(speech.vad()).isNotNull();
    assertThat(speech.recognizer()).isNotNull();
    assertThat(speech.synthesizer()).isNotNull();
    if (speech.vad() instanceof EnergyVad) {
      assertThat(speech.fallbacks()).anyMatch(f -> f.startsWith("Silero VAD unavailable"));
    }
    if (speech.synthesizer() instanceof PlaceholderVoice) {
      assertThat(speech.fallbacks()).anyMatch(f -> f.startsWith("Flite unavailable"));
    }
  }

  @Test
  void namedPartsAreCheckedAndUserModelsNeverFallBack() {
    List<String> notes = new ArrayList<>();
    assertThatThrownBy(() -> Speech.recognizer("kaldi", notes::add))
        .hasMessageContaining("unknown recogniser 'kaldi'")
        .hasMessageContaining(Speech.KNOWN_RECOGNIZERS);
    assertThatThrownBy(() -> Speech.vad("webrtc", notes::add)).hasMessageContaining("silero");
    assertThatThrownBy(() -> Speech.synthesizer("piper:", notes::add))
        .hasMessageContaining("needs a path");
    assertThatThrownBy(() -> Speech.recognizer("vosk:/no/such/model", notes::add))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("/no/such/model");
    assertThat(Speech.recognizer("none", notes::add)).isSameAs(SpeechRecognizer.none());
    assertThat(notes).isEmpty();
  }

  @Test
  void aCommaSeparatedListIsAFallbackChainAndCloudNamesAreKnown() {
    List<String> notes = new ArrayList<>();
    assertThat(Speech.recognizer("none, none", notes::add))
        .isInstanceOf(dev.parley.core.speech.FallbackRecognizer.class);
    assertThat(Speech.synthesizer("placeholder,placeholder", notes::add))
        .isInstanceOf(dev.parley.core.speech.FallbackSynthesizer.class);
    // A cloud voice needs its voice id: the error names the provider, not "unknown".
    assertThatThrownBy(() -> Speech.synthesizer("elevenlabs", notes::add))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("elevenlabs: ")
        .hasMessageNotContaining("unknown");
    assertThat(notes).isEmpty();
  }

  @Test
  void aStackIsComposedPartByPart() {
    Speech base = Speech.builder().build();
    PlaceholderVoice voice = new PlaceholderVoice();
    Speech composed = base.withSynthesizer(voice).withVad(new FakeVad());

    assertThat(composed.synthesizer()).isSameAs(voice);
    assertThat(composed.vad()).isInstanceOf(FakeVad.class);
    assertThat(base.vad()).isInstanceOf(EnergyVad.class);
    assertThat(composed.components(FakeAgent.saying(REPLY)).synthesizer()).isSameAs(voice);
  }
}
