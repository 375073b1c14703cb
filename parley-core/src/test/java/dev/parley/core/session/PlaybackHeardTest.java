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
package dev.parley.core.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.clock.ManualClock;
import dev.parley.core.event.SessionEvent;
import dev.parley.core.speech.OracleRecognizer;
import dev.parley.core.speech.PlaceholderVoice;
import dev.parley.core.spi.Agent;
import dev.parley.core.spi.Conversation;
import dev.parley.core.spi.VoiceActivityDetector;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Heard text on barge-in follows the transport's playback confirmations (telephony marks), which
 * echo the {@code atNanos} the session gave its audio output: session-relative times. The session
 * starts at a clock reading far from zero, as a live one does, so a confusion of session-relative
 * and absolute times cannot pass unseen.
 */
class PlaybackHeardTest {
  private static final int FRAME = SessionCore.FRAME_SAMPLES;
  private static final long FRAME_NANOS = SessionCore.FRAME_NANOS;
  private static final long ORIGIN_NANOS = 9_876_543_210_123L;

  /** A VAD whose answer the test sets. */
  private static final class ScriptedVad implements VoiceActivityDetector {
    float probability;

    @Override
    public String name() {
      return "scripted";
    }

    @Override
    public int windowSamples() {
      return 512;
    }

    @Override
    public Stream open() {
      return new Stream() {
        @Override
        public float speechProbability(short[] samples, int offset) {
          return probability;
        }

        @Override
        public void reset() {}

        @Override
        public void close() {}
      };
    }
  }

  private static final Agent TALKER =
      new Agent() {
        @Override
        public String name() {
          return "talker";
        }

        @Override
        public void respond(Conversation conversation, Reply reply) {
          reply.text("Let me tell you all about your booking to Boston on Friday morning.");
        }
      };

  /** One session on a manual clock that records when each agent frame was played. */
  private static final class Call {
    final ScriptedVad vad = new ScriptedVad();
    final ManualClock clock = new ManualClock(ORIGIN_NANOS);
    final List<SessionEvent> events = new ArrayList<>();
    final List<Long> playedAtNanos = new ArrayList<>();
    final short[] voice = new short[FRAME];
    final short[] silence = new short[FRAME];
    final VirtualSession session;
    long frames;

    Call() {
      for (int i = 0; i < FRAME; i++) {
        voice[i] = (short) (8000 * Math.sin(2 * Math.PI * 150 * i / 16_000.0));
      }
      AudioOutput output =
          new AudioOutput() {
            @Override
            public void play(long atNanos, short[] samples, int offset, int length) {
              playedAtNanos.add(atNanos);
            }

            @Override
            public void clear() {}
          };
      session =
          new VirtualSession(
              clock,
              Components.builder()
                  .vad(vad)
                  .recognizer(new OracleRecognizer(List.of(), 100))
                  .synthesizer(new PlaceholderVoice())
                  .agent(TALKER)
                  .build(),
              SessionConfig.defaults(),
              ModelledLatency.none(),
              events::add,
              output);
    }

    /**
     * The user asks, the agent answers for {@code agentFrames} frames, then the user talks over.
     */
    void askListenAndBargeIn(int agentFrames, Runnable beforeBargeIn) {
      vad.probability = 0.9f;
      run(true, 100);
      vad.probability = 0f;
      while (playedAtNanos.size() < agentFrames) {
        run(false, 1);
        assertThat(frames).as("the agent answers").isLessThan(1_000);
      }
      beforeBargeIn.run();
      vad.probability = 0.9f;
      for (int i = 0; i < 200 && interrupted().isEmpty(); i++) {
        run(true, 1);
      }
    }

    List<SessionEvent.AgentInterrupted> interrupted() {
      return events.stream()
          .filter(SessionEvent.AgentInterrupted.class::isInstance)
          .map(SessionEvent.AgentInterrupted.class::cast)
          .toList();
    }

    private void run(boolean speaking, int count) {
      for (int i = 0; i < count; i++) {
        frames++;
        session.advanceTo(ORIGIN_NANOS + frames * FRAME_NANOS);
        session.feed(speaking ? voice : silence, 0, FRAME);
      }
    }
  }

  @Test
  void theAudioOutputsTimesAreSessionRelative() {
    Call call = new Call();
    call.askListenAndBargeIn(10, () -> {});

    assertThat(call.playedAtNanos).isNotEmpty();
    assertThat(call.playedAtNanos.getFirst()).isBetween(0L, 60_000_000_000L);
    assertThat(call.playedAtNanos.getFirst() % FRAME_NANOS).isZero();
  }

  @Test
  void markEchoesOfEveryFrameSentHearWhatWasSent() {
    Call unmarked = new Call();
    unmarked.askListenAndBargeIn(40, () -> {});
    Call marked = new Call();
    marked.askListenAndBargeIn(
        40,
        () -> {
          for (long at : marked.playedAtNanos) {
            marked.session.heard(at + FRAME_NANOS);
          }
        });

    String sent = unmarked.interrupted().getFirst().heardText();
    assertThat(sent).isNotEmpty();
    assertThat(marked.playedAtNanos).isEqualTo(unmarked.playedAtNanos);
    // The frames played after the last echo and before the pause were not confirmed: at most the
    // onset delay's worth of words is missing.
    assertThat(sent).startsWith(marked.interrupted().getFirst().heardText());
    assertThat(marked.interrupted().getFirst().heardText()).isNotEmpty();
  }

  @Test
  void regressionHeardTextFollowsSessionRelativeMarksNotAbsoluteTimes() {
    // Marks confirm the first 30 frames (600 ms) only; the agent went on to send many more.
    Call call = new Call();
    call.askListenAndBargeIn(
        60, () -> call.session.heard(call.playedAtNanos.get(29) + FRAME_NANOS));
    Call unmarked = new Call();
    unmarked.askListenAndBargeIn(60, () -> {});

    String heard = call.interrupted().getFirst().heardText();
    String sent = unmarked.interrupted().getFirst().heardText();
    assertThat(heard).as("600 ms of the reply were confirmed heard").isNotEmpty();
    assertThat(sent).startsWith(heard);
    assertThat(heard.split(" ").length).isLessThan(sent.split(" ").length);
  }
}
