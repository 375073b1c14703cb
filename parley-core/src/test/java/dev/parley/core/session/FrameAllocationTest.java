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
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.opentest4j.TestAbortedException;

/**
 * The per-frame path of a session allocates nothing: a frame of caller audio (ring, recogniser
 * hand-off, VAD window, prosody, segmenter, turn policy) and a playout tick, counted on the calling
 * thread's allocation counter across many frames once the session is warm. Turn edges (events,
 * decisions, the reply) allocate by design and are kept out of the measured stretch.
 */
class FrameAllocationTest {
  private static final int FRAME = SessionCore.FRAME_SAMPLES;
  private static final long FRAME_NANOS = SessionCore.FRAME_NANOS;
  private static final int WARM_UP_FRAMES = 3_000;
  private static final int MEASURED_FRAMES = 2_000;

  /**
   * Allowance for one-off allocation that is not the session's: when the JIT deoptimises a method
   * it rebuilds the objects escape analysis had removed, a few dozen bytes at a random frame. Any
   * real per-frame allocation costs at least 16 bytes a frame, 32 KB over the measured stretch.
   */
  private static final long ONE_OFF_BYTES = 1_000;

  private static final @Nullable MethodHandle ALLOCATED_BYTES = allocationCounter();

  /** A VAD whose answer the test sets: a fixed cost, so only the session's own work is counted. */
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

  /** An agent with a long answer, so the playout has minutes of audio to tick through. */
  private static final Agent TALKER =
      new Agent() {
        @Override
        public String name() {
          return "talker";
        }

        @Override
        public void respond(Conversation conversation, Reply reply) {
          reply.text("Let me tell you about your booking. ".repeat(100));
        }
      };

  private final ScriptedVad vad = new ScriptedVad();
  private final ManualClock clock = new ManualClock();
  private final List<SessionEvent> events = new ArrayList<>();
  private final short[] voice = voice(FRAME * 500);
  private final short[] silence = new short[FRAME];
  private final VirtualSession session =
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
          AudioOutput.discard());
  private long frames;

  @Test
  void aFrameOfUserSpeechAllocatesNothing() {
    vad.probability = 0.9f;
    run(true, WARM_UP_FRAMES);
    int eventsBefore = events.size();
    long before = allocatedBytes();
    run(true, MEASURED_FRAMES);
    long allocated = allocatedBytes() - before;

    assertThat(events.subList(eventsBefore, events.size())).isEmpty();
    assertThat(events).anyMatch(SessionEvent.UserSpeechStarted.class::isInstance);
    assertThat(allocated)
        .as("bytes over %d frames of user speech", MEASURED_FRAMES)
        .isLessThan(ONE_OFF_BYTES);
  }

  @Test
  void aPlayoutTickWhileTheUserListensAllocatesNothing() {
    vad.probability = 0.9f;
    run(true, 100); // two seconds of speech, then silence ends the turn and the agent answers
    vad.probability = 0f;
    run(false, WARM_UP_FRAMES);
    assertThat(events).anyMatch(SessionEvent.AgentSpeechStarted.class::isInstance);
    int eventsBefore = events.size();
    long before = allocatedBytes();
    run(false, MEASURED_FRAMES);
    long allocated = allocatedBytes() - before;

    assertThat(events.subList(eventsBefore, events.size())).isEmpty();
    assertThat(allocated)
        .as("bytes over %d frames of agent speech", MEASURED_FRAMES)
        .isLessThan(ONE_OFF_BYTES);
  }

  private void run(boolean speaking, int count) {
    for (int i = 0; i < count; i++) {
      frames++;
      session.advanceTo(frames * FRAME_NANOS);
      if (speaking) {
        session.feed(voice, (int) (frames % 500) * FRAME, FRAME);
      } else {
        session.feed(silence, 0, FRAME);
      }
    }
  }

  /** A voice-like buzz with a wandering pitch, so the prosody tracker finds pitch and syllables. */
  private static short[] voice(int samples) {
    short[] out = new short[samples];
    double phase = 0;
    for (int i = 0; i < samples; i++) {
      double t = i / 16_000.0;
      double hz = 140 + 30 * Math.sin(2 * Math.PI * 0.7 * t);
      phase += 2 * Math.PI * hz / 16_000.0;
      double envelope = 0.5 + 0.5 * Math.sin(2 * Math.PI * 4 * t);
      out[i] = (short) (8000 * envelope * (Math.sin(phase) + 0.4 * Math.sin(2 * phase)));
    }
    return out;
  }

  private static long allocatedBytes() {
    MethodHandle counter = ALLOCATED_BYTES;
    if (counter == null) {
      throw new TestAbortedException("this JVM does not count allocated bytes per thread");
    }
    try {
      return (long) counter.invokeExact();
    } catch (Throwable e) {
      throw new AssertionError("cannot read the allocation counter", e);
    }
  }

  private static @Nullable MethodHandle allocationCounter() {
    try {
      Class<?> type = Class.forName("com.sun.management.ThreadMXBean");
      Object bean = ManagementFactory.getThreadMXBean();
      if (!type.isInstance(bean)) {
        return null;
      }
      return MethodHandles.publicLookup()
          .findVirtual(type, "getCurrentThreadAllocatedBytes", MethodType.methodType(long.class))
          .bindTo(bean);
    } catch (ReflectiveOperationException e) {
      return null;
    }
  }
}
