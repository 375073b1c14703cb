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
package dev.parley.agent.openai;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.clock.MediaClock;
import dev.parley.core.clock.Pacer;
import dev.parley.core.event.SessionEvent;
import dev.parley.core.event.SpeechKind;
import dev.parley.core.session.AudioOutput;
import dev.parley.core.session.Components;
import dev.parley.core.session.LiveSession;
import dev.parley.core.session.SessionConfig;
import dev.parley.core.speech.OracleRecognizer;
import dev.parley.testing.FakeChatServer;
import dev.parley.testing.FakeChatServer.Ending;
import dev.parley.testing.FakeChatServer.Response;
import dev.parley.testing.FakeSynthesizer;
import dev.parley.testing.FakeVad;
import dev.parley.testing.ScriptedAudio;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Issue 17's "no dead line" done-when, in a live call on the system clock: an OpenAI-compatible
 * stream that stalls after its first words (the adapter's own idle limit is 20 s and more). The
 * caller must hear a filler within 2 s and an apology by 6 s, a {@code service_failed} must be
 * reported, and the next turn must be answered. Times are the session's media clock (its events and
 * the times it gave its audio output); the test waits on latches, never on sleeps.
 */
class StalledStreamLiveCallTest {
  private static final long MS = 1_000_000L;

  @Test
  void aStalledStreamGetsAFillerWithin2sAnApologyBy6sAndTheNextTurnIsAnswered() throws Exception {
    ScriptedAudio call =
        ScriptedAudio.builder()
            .silence(200)
            .say("when does the next train leave", 1500)
            .silence(600)
            .say("thank you", 700)
            .silence(600)
            .build();
    int secondTurnAt = (200 + 1500 + 600) * 16;
    List<SessionEvent> events = new CopyOnWriteArrayList<>();
    List<Long> audibleAtNanos = new CopyOnWriteArrayList<>();
    CountDownLatch firstReplyEnded = new CountDownLatch(1);
    CountDownLatch secondReplyEnded = new CountDownLatch(2);
    AudioOutput output =
        new AudioOutput() {
          @Override
          public void play(long atNanos, short[] samples, int offset, int length) {
            for (int i = offset; i < offset + length; i++) {
              if (samples[i] != 0) {
                audibleAtNanos.add(atNanos);
                return;
              }
            }
          }

          @Override
          public void clear() {}
        };
    try (FakeChatServer server =
        FakeChatServer.start(
            (request, i) ->
                i == 0
                    ? Response.stream("text.sse").endingAfter(4, Ending.STALL) // "Sure! The"
                    : Response.stream("text.sse"))) {
      OpenAiCompatibleAgent agent =
          OpenAiCompatibleAgent.builder(server.baseUrl(), "gpt-4o-mini").build();
      Components components =
          Components.builder()
              .vad(new FakeVad())
              .recognizer(new OracleRecognizer(call.words(), 50))
              .synthesizer(new FakeSynthesizer(100, 16_000))
              .agent(agent)
              .build();
      LiveSession session =
          LiveSession.start(
              "stall-test",
              MediaClock.system(),
              components,
              SessionConfig.defaults(),
              event -> {
                events.add(event);
                if (event instanceof SessionEvent.AgentSpeechEnded ended
                    && ended.kind() == SpeechKind.RESPONSE) {
                  firstReplyEnded.countDown();
                  secondReplyEnded.countDown();
                }
              },
              output);
      try {
        short[] audio = call.samples();
        speak(session, audio, 0, secondTurnAt);
        assertThat(firstReplyEnded.await(20, TimeUnit.SECONDS)).as("first reply ended").isTrue();
        speak(session, audio, secondTurnAt, audio.length);
        assertThat(secondReplyEnded.await(20, TimeUnit.SECONDS)).as("next turn answered").isTrue();
      } finally {
        session.hangup("test over");
        assertThat(session.await(Duration.ofSeconds(10))).isTrue();
      }
      assertThat(session.failure()).isNull();

      // The stall began with the first words: the first token, in the latency breakdown.
      long stallStart =
          events.stream()
              .filter(SessionEvent.LatencyBreakdown.class::isInstance)
              .map(SessionEvent.LatencyBreakdown.class::cast)
              .findFirst()
              .orElseThrow()
              .firstTokenNanos();
      SessionEvent.AgentSpeechStarted filler =
          events.stream()
              .filter(SessionEvent.AgentSpeechStarted.class::isInstance)
              .map(SessionEvent.AgentSpeechStarted.class::cast)
              .filter(s -> s.kind() == SpeechKind.FILLER)
              .findFirst()
              .orElseThrow();
      SessionEvent.ServiceFailed failed =
          events.stream()
              .filter(SessionEvent.ServiceFailed.class::isInstance)
              .map(SessionEvent.ServiceFailed.class::cast)
              .findFirst()
              .orElseThrow();
      long apologyAudible =
          audibleAtNanos.stream().filter(at -> at >= failed.atNanos()).findFirst().orElseThrow();
      List<String> replies =
          events.stream()
              .filter(SessionEvent.AgentSpeechEnded.class::isInstance)
              .map(SessionEvent.AgentSpeechEnded.class::cast)
              .filter(s -> s.kind() == SpeechKind.RESPONSE)
              .map(SessionEvent.AgentSpeechEnded::text)
              .toList();
      long turnEnd =
          events.stream()
              .filter(SessionEvent.UserTurnEnded.class::isInstance)
              .findFirst()
              .orElseThrow()
              .atNanos();
      System.out.printf(
          java.util.Locale.ROOT,
          "stalled stream: filler %d ms, service_failed %d ms, apology audible %d ms after the"
              + " last words (%d ms after the turn ended)%n",
          (filler.atNanos() - stallStart) / MS,
          (failed.atNanos() - stallStart) / MS,
          (apologyAudible - stallStart) / MS,
          (apologyAudible - turnEnd) / MS);

      // Heard within 2 s and by 6 s of the last words; a live loop on a busy machine may wake a
      // few milliseconds late.
      assertThat(filler.atNanos() - stallStart).isBetween(1900 * MS, 2030 * MS);
      assertThat(failed.component()).isEqualTo("agent");
      assertThat(apologyAudible - stallStart).isBetween(5900 * MS, 6030 * MS);
      assertThat(replies)
          .containsExactly(
              "Sure! " + SessionConfig.defaults().apology(),
              "Sure! The next train to Boston leaves at ten fifteen.");
      assertThat(server.requests()).hasSize(2);
      assertThat(server.awaitClientGone(Duration.ofSeconds(10)))
          .as("the stalled stream was closed")
          .isTrue();
    }
  }

  /** Offers {@code audio[from, to)} in real time, 20 ms a frame, as a transport does. */
  private static void speak(LiveSession session, short[] audio, int from, int to)
      throws InterruptedException {
    Pacer pacer = new Pacer(MediaClock.system());
    long start = MediaClock.system().nanos();
    for (int at = from, k = 0; at < to; at += 320, k++) {
      pacer.awaitUntil(start + k * 20_000_000L);
      session.offerAudio(audio, at, Math.min(320, to - at));
    }
  }
}
