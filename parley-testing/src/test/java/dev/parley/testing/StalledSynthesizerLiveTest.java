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

import dev.parley.core.clock.MediaClock;
import dev.parley.core.clock.Pacer;
import dev.parley.core.event.SessionEvent;
import dev.parley.core.event.SpeechKind;
import dev.parley.core.session.AudioOutput;
import dev.parley.core.session.Components;
import dev.parley.core.session.LiveSession;
import dev.parley.core.session.SessionConfig;
import dev.parley.core.speech.OracleRecognizer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Issue 17 item 4 for the synthesiser, live on the system clock: a synthesiser that hangs on a
 * sentence is found at the stall limit, reported and interrupted; the reply is given up and the
 * next turn is spoken. Waits on latches, never on sleeps.
 */
class StalledSynthesizerLiveTest {
  private static final long MS = 1_000_000L;

  @Test
  void aHungSynthesizerIsFoundWithin4sAndTheNextReplyIsSpoken() throws Exception {
    ScriptedAudio call =
        ScriptedAudio.builder()
            .silence(200)
            .say("hello there", 800)
            .silence(600)
            .say("are you there", 900)
            .silence(600)
            .build();
    int secondTurnAt = (200 + 800 + 600) * 16;
    FakeStallingSynthesizer voice =
        new FakeStallingSynthesizer("hello", new FakeSynthesizer(50, 16_000), MediaClock.system());
    List<SessionEvent> events = new CopyOnWriteArrayList<>();
    CountDownLatch failed = new CountDownLatch(1);
    CountDownLatch spoken = new CountDownLatch(1);
    LiveSession session =
        LiveSession.start(
            "stalled-tts",
            MediaClock.system(),
            Components.builder()
                .vad(new FakeVad())
                .recognizer(new OracleRecognizer(call.words(), 50))
                .synthesizer(voice)
                .agent(FakeAgent.replying(said -> "You said " + said + "."))
                .build(),
            SessionConfig.defaults(),
            event -> {
              events.add(event);
              if (event instanceof SessionEvent.ServiceFailed) {
                failed.countDown();
              }
              if (event instanceof SessionEvent.AgentSpeechEnded ended
                  && ended.kind() == SpeechKind.RESPONSE) {
                spoken.countDown();
              }
            },
            AudioOutput.discard());
    try {
      short[] audio = call.samples();
      speak(session, audio, 0, secondTurnAt);
      assertThat(failed.await(20, TimeUnit.SECONDS)).as("the stall was reported").isTrue();
      speak(session, audio, secondTurnAt, audio.length);
      assertThat(spoken.await(20, TimeUnit.SECONDS)).as("the next reply was spoken").isTrue();
    } finally {
      session.hangup("test over");
      assertThat(session.await(Duration.ofSeconds(10))).isTrue();
    }
    assertThat(session.failure()).isNull();
    SessionEvent.ServiceFailed stall =
        events.stream()
            .filter(SessionEvent.ServiceFailed.class::isInstance)
            .map(SessionEvent.ServiceFailed.class::cast)
            .findFirst()
            .orElseThrow();
    assertThat(stall.component()).isEqualTo("tts");
    // The limit is 4 s from the sentence given; the push starts a moment after it was given.
    assertThat(voice.stallNanos()).isBetween(3800 * MS, 4100 * MS);
    assertThat(
            events.stream()
                .filter(SessionEvent.AgentSpeechEnded.class::isInstance)
                .map(e -> ((SessionEvent.AgentSpeechEnded) e).text())
                .toList())
        .containsExactly("You said are you there.");
    assertThat(events.stream().filter(SessionEvent.SessionEnded.class::isInstance).count())
        .isEqualTo(1); // only the hang-up
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
