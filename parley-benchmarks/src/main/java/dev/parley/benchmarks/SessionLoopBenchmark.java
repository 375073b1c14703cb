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
package dev.parley.benchmarks;

import dev.parley.core.agent.EchoAgent;
import dev.parley.core.audio.WavReader;
import dev.parley.core.clock.ManualClock;
import dev.parley.core.session.AudioOutput;
import dev.parley.core.session.Components;
import dev.parley.core.session.ModelledLatency;
import dev.parley.core.session.SessionConfig;
import dev.parley.core.session.VirtualSession;
import dev.parley.core.speech.EnergyVad;
import dev.parley.core.speech.OracleRecognizer;
import dev.parley.core.speech.PlaceholderVoice;
import dev.parley.core.spi.VoiceActivityDetector;
import dev.parley.speech.silero.SileroVad;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What one 20 ms frame costs a session's loop, one frame per operation: the caller's audio into the
 * ring, the hand-off to the recogniser's worker, the VAD window, prosody, the segmenter and turn
 * policy, then everything due on the clock, a playout tick included while the agent speaks.
 *
 * <p>Both benchmarks drive a {@link VirtualSession} (the loop of {@code parley converse}) with
 * {@code samples/booking.wav}, 25 s of a caller with real pauses and turns, frame by frame on its
 * manual clock; workers run inline, so their cost is counted too, and a frame's cost is that of the
 * session and its providers on one thread.
 *
 * <ul>
 *   <li>{@code userSpeechFrame}: the steady state of a caller talking. The VAD is a fixed-cost fake
 *       that always says speech, so no turn ever ends and only the per-frame path runs (prosody and
 *       the turn policy see the real recording). Run with {@code -prof gc}: it allocates 0 B/op.
 *   <li>{@code conversationFrame}: the whole call, looped with 4 s of silence after each pass, with
 *       a real VAD ({@code energy}, or {@code silero} to include inference), the echo agent and the
 *       placeholder voice, so turns end, the agent answers and its reply plays out. The per-frame
 *       path allocates nothing; what {@code -prof gc} shows here is the turn edges (events, the
 *       agent's reply text, the synthesised audio) spread over the frames.
 * </ul>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class SessionLoopBenchmark {
  private static final int FRAME = 320;
  private static final long FRAME_NANOS = 20_000_000L;
  private static final int RATE = 16_000;

  /**
   * A session on a manual clock and the recording it is fed, one frame per call of {@link #next}.
   */
  abstract static class Call {
    short[] audio = new short[0];
    ManualClock clock = new ManualClock();
    VirtualSession session = newSession(new EnergyVad());
    long frames;
    int position;
    long played;

    /** Reads the booking call and appends {@code silenceSeconds} of silence. */
    void load(int silenceSeconds) throws IOException {
      short[] call =
          WavReader.read(Path.of(System.getProperty("parley.call", "samples/booking.wav")))
              .toSessionAudio();
      int length = (call.length + silenceSeconds * RATE) / FRAME * FRAME;
      audio = java.util.Arrays.copyOf(call, length);
    }

    VirtualSession newSession(VoiceActivityDetector vad) {
      clock = new ManualClock();
      AudioOutput output =
          new AudioOutput() {
            @Override
            public void play(long atNanos, short[] samples, int offset, int length) {
              played += length;
            }

            @Override
            public void clear() {}
          };
      return new VirtualSession(
          clock,
          Components.builder()
              .vad(vad)
              .recognizer(new OracleRecognizer(List.of(), 100))
              .synthesizer(new PlaceholderVoice())
              .agent(new EchoAgent())
              .build(),
          SessionConfig.defaults(),
          ModelledLatency.none(),
          event -> {},
          output);
    }

    long next() {
      frames++;
      session.advanceTo(frames * FRAME_NANOS);
      session.feed(audio, position, FRAME);
      position += FRAME;
      if (position == audio.length) {
        position = 0;
      }
      return played;
    }

    @TearDown
    public void tearDown() {
      session.close();
    }
  }

  /** A caller who never stops talking, as far as the fixed-cost fake VAD is concerned. */
  @State(Scope.Thread)
  public static class Talking extends Call {
    @Setup
    public void setUp() throws IOException {
      load(0);
      session = newSession(new AlwaysSpeechFakeVad());
    }
  }

  /** The booking call on a loop, answered. */
  @State(Scope.Thread)
  public static class Conversation extends Call {
    /** {@code energy}: the per-frame path and no inference; {@code silero}: with inference. */
    @Param({"energy", "silero"})
    public String vad = "energy";

    private VoiceActivityDetector detector = new EnergyVad();

    @Setup
    public void setUp() throws IOException {
      load(4);
      detector = vad.equals("silero") ? SileroVad.load() : new EnergyVad();
      session = newSession(detector);
    }

    @Override
    @TearDown
    public void tearDown() {
      super.tearDown();
      if (detector instanceof SileroVad silero) {
        silero.close();
      }
    }
  }

  /** One frame of a caller talking: the per-frame path alone. */
  @Benchmark
  public long userSpeechFrame(Talking call) {
    return call.next();
  }

  /** One frame of a whole conversation, turn edges and playout included. */
  @Benchmark
  public long conversationFrame(Conversation call) {
    return call.next();
  }

  /**
   * A fake VAD of fixed, negligible cost that calls every window speech, so the benchmark measures
   * the session rather than a detector and never leaves the user's turn.
   */
  static final class AlwaysSpeechFakeVad implements VoiceActivityDetector {
    @Override
    public String name() {
      return "always-speech-fake";
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
          return 0.9f;
        }

        @Override
        public void reset() {}

        @Override
        public void close() {}
      };
    }
  }
}
