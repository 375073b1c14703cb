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
import dev.parley.core.clock.MediaClock;
import dev.parley.core.speech.EnergyVad;
import dev.parley.core.speech.PlaceholderVoice;
import dev.parley.core.spi.Agent;
import dev.parley.core.spi.Conversation;
import dev.parley.core.spi.SpeechRecognizer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * What a session does with its recogniser stream besides audio: it passes on what the agent expects
 * to hear next, and it closes the stream when the call ends, on the recogniser's worker, without
 * waiting for a garbage collector (issue 17: a live call's PocketSphinx decoder, about 90 MB of
 * native memory, outlived its call).
 */
class RecognizerStreamLifecycleTest {
  private static final int FRAME = SessionCore.FRAME_SAMPLES;
  private static final long FRAME_NANOS = SessionCore.FRAME_NANOS;

  /** A recogniser whose streams record what the session asks of them; hears no words. */
  private static final class Recording implements SpeechRecognizer {
    final List<String> expected = new CopyOnWriteArrayList<>();
    final List<Options> opened = new CopyOnWriteArrayList<>();

    /** One latch per stream opened, counted down when it is closed. */
    final List<CountDownLatch> closed = new CopyOnWriteArrayList<>();

    @Override
    public String name() {
      return "recording";
    }

    @Override
    public Stream open(Options options, Listener listener) {
      opened.add(options);
      CountDownLatch closing = new CountDownLatch(1);
      closed.add(closing);
      return new Stream() {
        @Override
        public void push(short[] samples, int offset, int length) {}

        @Override
        public void flush() {
          listener.finalResult(List.of());
        }

        @Override
        public void expect(String slot) {
          expected.add(slot);
        }

        @Override
        public void close() {
          closing.countDown();
        }
      };
    }
  }

  /** Asks for a city, as a desk agent would. */
  private static final Agent ASKS_FOR_A_CITY =
      new Agent() {
        @Override
        public String name() {
          return "asks-for-a-city";
        }

        @Override
        public List<SpeechRecognizer.Expectation> expectations() {
          return List.of(
              new SpeechRecognizer.Expectation(
                  SpeechRecognizer.Expectation.CITY, List.of("boston", "new york")));
        }

        @Override
        public void respond(Conversation conversation, Reply reply) {
          reply.expect(SpeechRecognizer.Expectation.CITY);
          reply.text("Where are you flying to?");
        }
      };

  private static Components components(SpeechRecognizer recognizer, Agent agent) {
    return Components.builder()
        .vad(new EnergyVad())
        .recognizer(recognizer)
        .recognizerOptions(new SpeechRecognizer.Options(List.of(), "en-US", agent.expectations()))
        .synthesizer(new PlaceholderVoice())
        .agent(agent)
        .build();
  }

  private static final AudioOutput SILENT_LINE =
      new AudioOutput() {
        @Override
        public void play(long atNanos, short[] samples, int offset, int length) {}

        @Override
        public void clear() {}
      };

  @Nested
  class Expectations {
    @Test
    void theSlotAReplyAsksForReachesTheStreamBeforeTheNextAnswer() {
      Recording recognizer = new Recording();
      ManualClock clock = new ManualClock(1_000_000_000L);
      try (VirtualSession session =
          new VirtualSession(
              clock,
              components(recognizer, ASKS_FOR_A_CITY),
              SessionConfig.defaults(),
              ModelledLatency.none(),
              event -> {},
              SILENT_LINE)) {
        short[] voice = new short[FRAME];
        for (int i = 0; i < FRAME; i++) {
          voice[i] = (short) (8000 * Math.sin(2 * Math.PI * 150 * i / 16_000.0));
        }
        short[] silence = new short[FRAME];
        for (int frame = 1; frame <= 250; frame++) { // 1 s of speech, then 4 s of silence
          session.advanceTo(1_000_000_000L + frame * FRAME_NANOS);
          session.feed(frame <= 50 ? voice : silence, 0, FRAME);
        }
      }

      assertThat(recognizer.opened)
          .singleElement()
          .satisfies(options -> assertThat(options.expectation("city")).isPresent());
      assertThat(recognizer.expected).containsExactly(SpeechRecognizer.Expectation.CITY);
    }
  }

  @Nested
  class AtTheEndOfALiveCall {
    @Test
    void everyStreamIsClosedWithoutAGarbageCollection() throws Exception {
      int calls = 20;
      Recording recognizer = new Recording();
      for (int i = 0; i < calls; i++) {
        LiveSession session =
            LiveSession.start(
                "call-" + i,
                MediaClock.system(),
                components(recognizer, ASKS_FOR_A_CITY),
                SessionConfig.defaults(),
                event -> {},
                SILENT_LINE);
        session.hangup("done");
        assertThat(session.await(Duration.ofSeconds(10))).isTrue();
      }

      // A call that ends before its stream opened has none to close; every opened one is closed.
      assertThat(recognizer.closed).isNotEmpty();
      for (CountDownLatch stream : recognizer.closed) {
        assertThat(stream.await(10, TimeUnit.SECONDS)).isTrue();
      }
    }
  }
}
