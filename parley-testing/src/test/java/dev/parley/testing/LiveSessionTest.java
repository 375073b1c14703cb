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

import dev.parley.core.clock.ManualClock;
import dev.parley.core.clock.MediaClock;
import dev.parley.core.event.SessionEvent;
import dev.parley.core.session.AudioOutput;
import dev.parley.core.session.Components;
import dev.parley.core.session.LiveSession;
import dev.parley.core.session.SessionConfig;
import dev.parley.core.speech.OracleRecognizer;
import dev.parley.core.spi.VoiceActivityDetector;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The live driver on real threads and the system clock; waits on latches, never on sleeps. */
class LiveSessionTest {
  private static final ScriptedAudio CALL =
      ScriptedAudio.builder().silence(200).say("hello there", 800).silence(300).build();

  private static Components components(VoiceActivityDetector vad) {
    return components(vad, CALL);
  }

  private static Components components(VoiceActivityDetector vad, ScriptedAudio call) {
    return Components.builder()
        .vad(vad)
        .recognizer(new OracleRecognizer(call.words(), 50))
        .synthesizer(new FakeSynthesizer(100, 16_000))
        .agent(FakeAgent.replying(said -> "You said " + said))
        .build();
  }

  @Test
  void aLiveCallIsAnsweredAndPlayedOut() throws Exception {
    List<SessionEvent> events = new CopyOnWriteArrayList<>();
    CountDownLatch answered = new CountDownLatch(1);
    AtomicInteger playedFrames = new AtomicInteger();
    AudioOutput output =
        new AudioOutput() {
          @Override
          public void play(long atNanos, short[] samples, int offset, int length) {
            playedFrames.incrementAndGet();
          }

          @Override
          public void clear() {}
        };
    LiveSession session =
        LiveSession.start(
            "live-test",
            MediaClock.system(),
            components(new FakeVad()),
            SessionConfig.defaults(),
            event -> {
              events.add(event);
              if (event instanceof SessionEvent.AgentSpeechEnded) {
                answered.countDown();
              }
            },
            output);
    short[] audio = CALL.samples();
    for (int at = 0; at < audio.length; at += 320) {
      assertThat(session.offerAudio(audio, at, 320)).isTrue();
    }
    assertThat(answered.await(20, TimeUnit.SECONDS)).as("agent finished speaking").isTrue();
    session.hangup("test over");
    assertThat(session.await(Duration.ofSeconds(10))).isTrue();

    assertThat(session.failure()).isNull();
    assertThat(events.stream().map(e -> e.getClass().getSimpleName()))
        .containsSubsequence(
            "UserSpeechStarted",
            "UserSpeechEnded",
            "UserTurnEnded",
            "AgentSpeechStarted",
            "AgentSpeechEnded",
            "SessionEnded");
    // "You said hello there": four words of 100 ms each.
    assertThat(playedFrames.get()).isEqualTo(20);
    assertThat(session.droppedFrames()).isZero();
  }

  @Test
  void callerAudioIsDroppedAndCountedWhenTheLoopFallsBehind() throws Exception {
    StallingVad stalling = new StallingVad();
    stalling.stallNextWindow();
    SessionConfig config = SessionConfig.defaults();
    LiveSession session =
        LiveSession.start(
            "stall-test",
            MediaClock.system(),
            components(stalling),
            config,
            event -> {},
            AudioOutput.discard());
    short[] frame = new short[320];
    session.offerAudio(frame, 0, 320);
    stalling.awaitStalled();
    int offered = config.inboxCapacity() + 50;
    int accepted = 0;
    for (int i = 0; i < offered; i++) {
      if (session.offerAudio(frame, 0, 320)) {
        accepted++;
      }
    }
    assertThat(accepted).isLessThanOrEqualTo(config.inboxCapacity());
    assertThat(session.droppedFrames()).isEqualTo(offered - accepted);
    stalling.release();
    session.hangup("test over");
    assertThat(session.await(Duration.ofSeconds(10))).isTrue();
    assertThat(session.failure()).isNull();
  }

  /**
   * A loop that falls behind (here: the VAD stalls in the caller's pause while the caller goes on
   * talking, and the clock runs past the turn's deadline) hears the queued audio before the timer:
   * the caller's continuation resumes the turn instead of ending it on a silence already broken.
   */
  @Test
  void audioQueuedBeforeATimerIsDueIsHeardBeforeItFires() throws Exception {
    ScriptedAudio call =
        ScriptedAudio.builder()
            .silence(200)
            .say("i would like to", 800)
            .silence(600)
            .say("book a flight", 800)
            .silence(300)
            .build();
    CountDownLatch paused = new CountDownLatch(1);
    StallingVad stallable = new StallingVad();
    List<SessionEvent> events = new CopyOnWriteArrayList<>();
    CountDownLatch decided = new CountDownLatch(1);
    ManualClock clock = new ManualClock();
    LiveSession session =
        LiveSession.start(
            "backlog-test",
            clock,
            components(stallable, call),
            SessionConfig.defaults(),
            event -> {
              events.add(event);
              if (event instanceof SessionEvent.UserSpeechEnded) {
                paused.countDown();
              }
              if (event instanceof SessionEvent.UserTurnEnded
                  || (event instanceof SessionEvent.UserSpeechStarted && paused.getCount() == 0)) {
                decided.countDown();
              }
            },
            AudioOutput.discard());
    short[] audio = call.samples();
    int speechEnds = 16 * (200 + 800);
    int pauseEnds = 16 * (200 + 800 + 600);
    int at = 0;
    // The first words on a running clock; then the clock stands still, so that no turn timer can
    // come due in the pause while the VAD hears it and the caller goes on.
    for (; at < speechEnds; at += 320) {
      clock.advance(Duration.ofMillis(20));
      assertThat(session.offerAudio(audio, at, 320)).isTrue();
    }
    for (; at < pauseEnds && paused.getCount() > 0; at += 320) {
      assertThat(session.offerAudio(audio, at, 320)).isTrue();
      if (at > 16 * 1400) {
        assertThat(paused.await(10, TimeUnit.SECONDS)).as("the VAD heard the pause").isTrue();
      }
    }
    assertThat(paused.await(10, TimeUnit.SECONDS)).as("the VAD heard the pause").isTrue();
    // The loop stalls on the next window while the caller goes on (their audio queues, stamped
    // before any deadline); then time runs far past every deadline before the loop catches up.
    stallable.stallNextWindow();
    assertThat(session.offerAudio(audio, at, 320)).isTrue();
    at += 320;
    stallable.awaitStalled();
    for (; at + 320 <= 16 * (200 + 800 + 600 + 400); at += 320) {
      assertThat(session.offerAudio(audio, at, 320)).isTrue();
    }
    clock.advance(Duration.ofSeconds(20));
    stallable.release();

    assertThat(decided.await(10, TimeUnit.SECONDS)).isTrue();
    List<SessionEvent> decisive =
        events.stream()
            .filter(
                e ->
                    e instanceof SessionEvent.UserTurnEnded
                        || e instanceof SessionEvent.UserSpeechStarted)
            .toList();
    assertThat(decisive)
        .as("the caller goes on before any turn ends: %s", events)
        .hasSizeGreaterThanOrEqualTo(2);
    assertThat(decisive.get(1)).isInstanceOf(SessionEvent.UserSpeechStarted.class);
    session.hangup("test over");
    assertThat(session.await(Duration.ofSeconds(10))).isTrue();
    assertThat(session.failure()).isNull();
  }

  /**
   * {@link FakeVad} that can be made to block in its next window until released, as a loop whose
   * VAD (or carrier thread) stalls would.
   */
  private static final class StallingVad implements VoiceActivityDetector {
    private final VoiceActivityDetector fake = new FakeVad();
    private final AtomicBoolean armed = new AtomicBoolean();
    private final CountDownLatch entered = new CountDownLatch(1);
    private final CountDownLatch released = new CountDownLatch(1);

    void stallNextWindow() {
      armed.set(true);
    }

    void awaitStalled() throws InterruptedException {
      assertThat(entered.await(10, TimeUnit.SECONDS)).as("the VAD stalled").isTrue();
    }

    void release() {
      released.countDown();
    }

    @Override
    public String name() {
      return "stalling";
    }

    @Override
    public int windowSamples() {
      return fake.windowSamples();
    }

    @Override
    public Stream open() {
      Stream inner = fake.open();
      return new Stream() {
        @Override
        public float speechProbability(short[] samples, int offset) {
          if (armed.compareAndSet(true, false)) {
            entered.countDown();
            try {
              released.await();
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          }
          return inner.speechProbability(samples, offset);
        }

        @Override
        public void reset() {
          inner.reset();
        }

        @Override
        public void close() {
          inner.close();
        }
      };
    }
  }
}
