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
import dev.parley.core.speech.EnergyVad;
import dev.parley.core.speech.OracleRecognizer;
import dev.parley.core.speech.PlaceholderVoice;
import dev.parley.core.spi.Agent;
import dev.parley.core.spi.Conversation;
import dev.parley.core.spi.SpeechRecognizer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A session without a recogniser ({@code --stt none}) hands no audio to a recogniser thread, yet
 * ends turns and answers them as before: the flush at each utterance end still gives an (empty)
 * final.
 */
class NoRecognizerTest {
  private static final int FRAME = SessionCore.FRAME_SAMPLES;
  private static final long FRAME_NANOS = SessionCore.FRAME_NANOS;

  /** Wraps a recogniser's streams and counts what the session gives them. */
  private static final class Counting implements SpeechRecognizer {
    final SpeechRecognizer inner;
    final AtomicInteger pushes = new AtomicInteger();
    final AtomicInteger flushes = new AtomicInteger();

    Counting(SpeechRecognizer inner) {
      this.inner = inner;
    }

    @Override
    public String name() {
      return inner.name();
    }

    @Override
    public boolean hearsAudio() {
      return inner.hearsAudio();
    }

    @Override
    public Stream open(Options options, Listener listener) {
      Stream stream = inner.open(options, listener);
      return new Stream() {
        @Override
        public void push(short[] samples, int offset, int length) throws InterruptedException {
          pushes.incrementAndGet();
          stream.push(samples, offset, length);
        }

        @Override
        public void flush() throws InterruptedException {
          flushes.incrementAndGet();
          stream.flush();
        }

        @Override
        public void close() {
          stream.close();
        }
      };
    }
  }

  private static final Agent ANSWERER =
      new Agent() {
        @Override
        public String name() {
          return "answerer";
        }

        @Override
        public void respond(Conversation conversation, Reply reply) {
          reply.text("Sure.");
        }
      };

  private static List<SessionEvent> call(Counting recognizer) {
    ManualClock clock = new ManualClock(1_000_000_000L);
    List<SessionEvent> events = new ArrayList<>();
    VirtualSession session =
        new VirtualSession(
            clock,
            Components.builder()
                .vad(new EnergyVad())
                .recognizer(recognizer)
                .synthesizer(new PlaceholderVoice())
                .agent(ANSWERER)
                .build(),
            SessionConfig.defaults(),
            ModelledLatency.none(),
            events::add,
            new AudioOutput() {
              @Override
              public void play(long atNanos, short[] samples, int offset, int length) {}

              @Override
              public void clear() {}
            });
    short[] voice = new short[FRAME];
    for (int i = 0; i < FRAME; i++) {
      voice[i] = (short) (8000 * Math.sin(2 * Math.PI * 150 * i / 16_000.0));
    }
    short[] silence = new short[FRAME];
    for (int frame = 1; frame <= 250; frame++) { // 1 s of speech, then 4 s of silence
      session.advanceTo(1_000_000_000L + frame * FRAME_NANOS);
      session.feed(frame <= 50 ? voice : silence, 0, FRAME);
    }
    session.hangup("done");
    return events;
  }

  @Test
  void noneGetsNoAudioButTheTurnIsStillAnswered() {
    Counting none = new Counting(SpeechRecognizer.none());

    List<SessionEvent> events = call(none);

    assertThat(none.pushes).hasValue(0);
    assertThat(none.flushes.get()).isPositive();
    assertThat(events).anyMatch(SessionEvent.UserTurnEnded.class::isInstance);
    assertThat(events).anyMatch(SessionEvent.AgentSpeechStarted.class::isInstance);
  }

  @Test
  void aRecognizerThatHearsGetsEveryFrame() {
    Counting hearing = new Counting(new OracleRecognizer(List.of(), 0));

    call(hearing);

    assertThat(hearing.pushes).hasValue(250);
  }
}
