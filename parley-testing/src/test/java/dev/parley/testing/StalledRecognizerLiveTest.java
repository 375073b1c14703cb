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
import dev.parley.core.session.AudioOutput;
import dev.parley.core.session.Components;
import dev.parley.core.session.LiveSession;
import dev.parley.core.session.SessionConfig;
import dev.parley.core.spi.SpeechRecognizer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Issue 17 item 4 for the recogniser, live on the system clock: a flush that hangs is found at the
 * stall limit, reported, interrupted and the stream reopened; the turn it hung on is still answered
 * (without words), and the next turn is recognised. Waits on latches, never on sleeps.
 */
class StalledRecognizerLiveTest {
  private static final long MS = 1_000_000L;

  @Test
  void aHungFlushIsInterruptedTheStreamReopenedAndTheNextTurnRecognised() throws Exception {
    ScriptedAudio utterance =
        ScriptedAudio.builder().silence(200).say("hello there", 800).silence(400).build();
    FakeStallingRecognizer recognizer =
        new FakeStallingRecognizer(
            1, List.of(new SpeechRecognizer.Word("thanks", 0, 300)), MediaClock.system());
    List<SessionEvent> events = new CopyOnWriteArrayList<>();
    CountDownLatch failed = new CountDownLatch(1);
    CountDownLatch secondTurn = new CountDownLatch(2);
    LiveSession session =
        LiveSession.start(
            "stalled-stt",
            MediaClock.system(),
            Components.builder()
                .vad(new FakeVad())
                .recognizer(recognizer)
                .synthesizer(new FakeSynthesizer(50, 16_000))
                .agent(FakeAgent.replying(said -> "You said " + said + "."))
                .build(),
            SessionConfig.defaults(),
            event -> {
              events.add(event);
              if (event instanceof SessionEvent.ServiceFailed) {
                failed.countDown();
              }
              if (event instanceof SessionEvent.UserTurnEnded) {
                secondTurn.countDown();
              }
            },
            AudioOutput.discard());
    try {
      speak(session, utterance.samples());
      assertThat(failed.await(20, TimeUnit.SECONDS)).as("the stall was reported").isTrue();
      speak(session, utterance.samples());
      assertThat(secondTurn.await(20, TimeUnit.SECONDS)).as("the next turn ended").isTrue();
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
    assertThat(stall.component()).isEqualTo("stt");
    assertThat(recognizer.interrupted()).as("the hung flush was interrupted").isEqualTo(1);
    // The limit is 5 s from the flush; the flush starts a moment after the session asked for it.
    assertThat(recognizer.lastStallNanos()).isBetween(4800 * MS, 5100 * MS);
    assertThat(recognizer.opened()).as("the stream was reopened").isEqualTo(2);
    assertThat(
            events.stream()
                .filter(SessionEvent.UserTurnEnded.class::isInstance)
                .map(e -> ((SessionEvent.UserTurnEnded) e).text())
                .toList())
        .containsExactly("", "thanks");
    assertThat(events.stream().filter(SessionEvent.SessionEnded.class::isInstance).count())
        .isEqualTo(1); // only the hang-up
  }

  /** Offers {@code audio} in real time, 20 ms a frame, as a transport does. */
  private static void speak(LiveSession session, short[] audio) throws InterruptedException {
    Pacer pacer = new Pacer(MediaClock.system());
    long start = MediaClock.system().nanos();
    for (int at = 0, k = 0; at < audio.length; at += 320, k++) {
      pacer.awaitUntil(start + k * 20_000_000L);
      session.offerAudio(audio, at, Math.min(320, audio.length - at));
    }
  }
}
