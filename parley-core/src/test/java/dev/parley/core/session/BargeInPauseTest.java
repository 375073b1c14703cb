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
import dev.parley.core.spi.Agent;
import dev.parley.core.spi.Conversation;
import dev.parley.core.spi.SpeechSynthesizer;
import dev.parley.core.spi.VoiceActivityDetector;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Issue 16 item 5: a reply pauses on the first window of sound under it, fades out in one frame
 * instead of clicking, clears the transport on the next tick, and resumes from the paused sample
 * (or, when a clear dropped audio the caller had not heard, from what the marks confirmed). On the
 * manual clock; the agent's voice counts samples, so every frame sent says where in the reply it
 * was.
 */
class BargeInPauseTest {
  private static final int FRAME = SessionCore.FRAME_SAMPLES;
  private static final long FRAME_NANOS = SessionCore.FRAME_NANOS;
  private static final long ORIGIN_NANOS = 5_000_000_000_000L;

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

  /** A voice whose n-th sample of a reply is n (from 1): the audio says where it is. */
  private static final class CountingVoice implements SpeechSynthesizer {
    @Override
    public String name() {
      return "counting";
    }

    @Override
    public int sampleRate() {
      return 16_000;
    }

    @Override
    public Stream open(Listener listener) {
      return new Stream() {
        int next = 1;

        @Override
        public void push(String text) {
          for (String word : text.strip().split("\\s+")) {
            short[] block = new short[1600]; // 100 ms a word
            for (int i = 0; i < block.length; i++) {
              block[i] = (short) next++;
            }
            listener.text(word);
            listener.audio(block, 0, block.length);
          }
        }

        @Override
        public void flush() {}

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
          reply.text("one two three four five six seven eight nine ten eleven twelve thirteen");
        }
      };

  /** Something the session sent its transport. */
  private sealed interface Sent {}

  private record Audio(long atNanos, short[] samples) implements Sent {
    int lastSample() {
      return samples[samples.length - 1];
    }

    boolean faded() {
      return samples[0] != 0 && samples[ReplyPause.FADE_SAMPLES] == 0;
    }
  }

  private record Clear(long atNanos) implements Sent {}

  private static final class Call {
    final ScriptedVad vad = new ScriptedVad();
    final ManualClock clock = new ManualClock(ORIGIN_NANOS);
    final List<SessionEvent> events = new ArrayList<>();
    final List<Sent> sent = new ArrayList<>();
    final VirtualSession session;
    final short[] voice = new short[FRAME];
    long frames;
    long lastPlayNanos;

    Call() {
      this(SessionConfig.defaults());
    }

    Call(SessionConfig config) {
      for (int i = 0; i < FRAME; i++) {
        voice[i] = (short) (8000 * Math.sin(2 * Math.PI * 150 * i / 16_000.0));
      }
      AudioOutput output =
          new AudioOutput() {
            @Override
            public void play(long atNanos, short[] samples, int offset, int length) {
              lastPlayNanos = atNanos;
              sent.add(new Audio(atNanos, java.util.Arrays.copyOfRange(samples, offset, length)));
            }

            @Override
            public void clear() {
              sent.add(new Clear(lastPlayNanos));
            }
          };
      session =
          new VirtualSession(
              clock,
              Components.builder()
                  .vad(vad)
                  .recognizer(new OracleRecognizer(List.of(), 100))
                  .synthesizer(new CountingVoice())
                  .agent(TALKER)
                  .build(),
              config,
              ModelledLatency.none(),
              events::add,
              output);
    }

    /** The user asks; the agent answers until it has sent {@code agentFrames} frames. */
    void askAndListen(int agentFrames) {
      vad.probability = 0.9f;
      run(100);
      vad.probability = 0f;
      while (audio().size() < agentFrames) {
        run(1);
        assertThat(frames).as("the agent answers").isLessThan(1_000);
      }
    }

    /** Feeds {@code count} frames of caller audio, one 20 ms step of the clock each. */
    void run(int count) {
      for (int i = 0; i < count; i++) {
        frames++;
        session.advanceTo(ORIGIN_NANOS + frames * FRAME_NANOS);
        session.feed(vad.probability > 0 ? voice : new short[FRAME], 0, FRAME);
      }
    }

    /** Session-relative now. */
    long now() {
      return frames * FRAME_NANOS;
    }

    List<Audio> audio() {
      return sent.stream().filter(Audio.class::isInstance).map(Audio.class::cast).toList();
    }

    List<Sent> sentSince(int index) {
      return List.copyOf(sent.subList(index, sent.size()));
    }

    <T extends SessionEvent> List<T> all(Class<T> type) {
      return events.stream().filter(type::isInstance).map(type::cast).toList();
    }
  }

  private static int fadeIndex(List<? extends Sent> sent) {
    for (int i = 0; i < sent.size(); i++) {
      if (sent.get(i) instanceof Audio a && a.faded()) {
        return i;
      }
    }
    throw new AssertionError("no faded frame in " + sent.size() + " sent");
  }

  @Test
  void theReplyStopsWithAFadeWithinAFrameOfTheFirstWindowOfSpeechAndTheClearFollows() {
    Call call = new Call();
    call.askAndListen(20);
    int before = call.sent.size();
    call.vad.probability = 0.9f;
    call.run(1); // the caller's voice begins; a 512-sample window completes within two frames
    long onset = call.now() - FRAME_NANOS;
    call.run(9);

    List<Sent> after = call.sentSince(before);
    int fadeAt = fadeIndex(after);
    assertThat(fadeAt).as("the window completes in the first or second frame").isBetween(0, 1);
    Audio fade = (Audio) after.get(fadeAt);
    assertThat(fade.atNanos() + ReplyPause.FADE_SAMPLES * SessionCore.SAMPLE_NANOS - onset)
        .as("agent audio ends within 150 ms of the onset")
        .isLessThanOrEqualTo(150_000_000L);
    assertThat(after.get(fadeAt + 1)).as("the clear follows the fade").isInstanceOf(Clear.class);
    Clear clear = (Clear) after.get(fadeAt + 1);
    assertThat(clear.atNanos() - fade.atNanos()).isLessThanOrEqualTo(150_000_000L);
    assertThat(after.subList(fadeAt + 2, after.size())).as("nothing more while paused").isEmpty();
    assertThat(call.all(SessionEvent.AgentInterrupted.class)).isEmpty();
  }

  @Test
  void aClickPausesAndTheReplyResumesFromThePausedSampleWithAFadeIn() {
    Call call = new Call();
    call.askAndListen(20);
    int before = call.sent.size();
    call.vad.probability = 0.9f;
    call.run(1); // one window of sound: shorter than the 100 ms speech needs
    call.vad.probability = 0f;
    call.run(40);

    assertThat(call.all(SessionEvent.AgentResumed.class)).hasSize(1);
    assertThat(call.all(SessionEvent.UserSpeechStarted.class)).hasSize(1); // the question only
    List<Audio> all = call.audio();
    int fadeAt = fadeIndex(List.copyOf(all));
    assertThat(fadeAt).isBetween(before, before + 1);
    // Every whole frame after the fade continues the reply from the sample it paused at.
    int last = all.get(fadeAt - 1).lastSample();
    List<Audio> resumed = all.subList(fadeAt, all.size());
    for (Audio frame : resumed.subList(1, resumed.size())) {
      if (frame.lastSample() == 0) {
        break; // the reply ended
      }
      assertThat(frame.lastSample()).as("no sample skipped or repeated").isEqualTo(last + FRAME);
      last = frame.lastSample();
    }
    Audio fadeIn = resumed.get(1);
    assertThat(Math.abs(fadeIn.samples()[0]))
        .as("the first frame back fades in")
        .isLessThan(Math.abs(fadeIn.samples()[FRAME - 1]) / 10);
  }

  @Test
  void afterAClearTheReplyGoesBackToWhatTheMarksConfirmedHeard() {
    // Speech must last 200 ms here, so that sound long enough for the clear is still a click.
    Call call =
        new Call(SessionConfig.defaults().withVad(new SessionConfig.Vad(0.5, 0.35, 200, 200)));
    call.askAndListen(30);
    List<Audio> played = call.audio();
    // The phone confirms all but the last five frames sent: those were in its buffer.
    Audio confirmed = played.get(played.size() - 6);
    call.session.heard(confirmed.atNanos() + FRAME_NANOS);
    int before = call.sent.size();
    call.vad.probability = 0.9f;
    call.run(6); // long enough for the fade and the clear, too short to be speech (200 ms)
    call.vad.probability = 0f;
    call.run(10);

    List<Sent> after = call.sentSince(before);
    int fadeAt = fadeIndex(after);
    assertThat(after.get(fadeAt + 1)).isInstanceOf(Clear.class);
    Audio firstBack = (Audio) after.get(fadeAt + 2);
    assertThat(firstBack.lastSample())
        .as("the reply goes on right after the last frame the caller heard")
        .isEqualTo(confirmed.lastSample() + FRAME);
  }

  @Test
  void anInterruptionAfterThePauseHearsNothingOfTheFadedFrame() {
    Call call = new Call();
    call.askAndListen(25); // 25 frames: five words of 100 ms
    call.vad.probability = 0.9f;
    call.run(120); // speech that goes on past the backchannel limit interrupts

    SessionEvent.AgentInterrupted interrupted =
        call.all(SessionEvent.AgentInterrupted.class).getFirst();
    assertThat(interrupted.heardText()).isEqualTo("one two three four five");
  }
}
