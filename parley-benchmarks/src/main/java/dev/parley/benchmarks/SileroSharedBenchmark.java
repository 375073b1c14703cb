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

import dev.parley.core.spi.VoiceActivityDetector;
import dev.parley.speech.silero.SileroVad;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What a Silero window costs when 1, 2, 4 or 8 session loops call ONE engine (one ONNX Runtime
 * session) at once, each with a stream of its own: the VAD capacity of a server, since every
 * session needs 31.25 windows a second (512 samples at 16 kHz).
 *
 * <p>The score is wall time per window per thread; with more threads than the machine's two cores
 * it grows with the queue for a core, so read {@code -prof dev.parley.benchmarks.CpuTimeProfiler}:
 * CPU time per window that stays flat from one caller to eight shows the shared session neither
 * serialises its callers nor burns CPU contending for itself. Two cores divided by that CPU time,
 * divided by 31.25, is the sessions' worth of VAD a process can carry with nothing else running.
 * Callers that wait for a run have their windows batched into the next one ({@link SileroVad});
 * {@link #eightCallersEightEngines} is the same load with no batching possible.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class SileroSharedBenchmark {
  /** The one engine of the process. */
  @State(Scope.Benchmark)
  public static class Engine {
    final SileroVad vad = SileroVad.load();
    short[] speech = new short[0];

    @Setup
    public void setUp() throws IOException {
      speech = Samples.jfk();
    }

    @TearDown
    public void tearDown() {
      vad.close();
    }
  }

  /** One session's stream and its place in the speech. */
  @State(Scope.Thread)
  public static class Caller {
    VoiceActivityDetector.@Nullable Stream stream;
    int position;

    @TearDown
    public void tearDown() {
      if (stream != null) {
        stream.close();
      }
    }
  }

  @Benchmark
  @Threads(1)
  public float oneCaller(Engine engine, Caller caller) {
    return next(engine, caller);
  }

  @Benchmark
  @Threads(2)
  public float twoCallers(Engine engine, Caller caller) {
    return next(engine, caller);
  }

  @Benchmark
  @Threads(4)
  public float fourCallers(Engine engine, Caller caller) {
    return next(engine, caller);
  }

  @Benchmark
  @Threads(8)
  public float eightCallers(Engine engine, Caller caller) {
    return next(engine, caller);
  }

  /**
   * The control for batching: eight callers with an engine each, so every window runs alone, in the
   * same run as {@link #eightCallers}.
   */
  @Benchmark
  @Threads(8)
  public float eightCallersEightEngines(OwnEngine own, Caller caller) {
    return next(own.engine, own.engine.vad, caller);
  }

  /** An engine of one caller's own: its windows never share a run. */
  @State(Scope.Thread)
  public static class OwnEngine {
    final Engine engine = new Engine();

    @Setup
    public void setUp() throws IOException {
      engine.setUp();
    }

    @TearDown
    public void tearDown() {
      engine.tearDown();
    }
  }

  private static float next(Engine engine, Caller caller) {
    return next(engine, engine.vad, caller);
  }

  private static float next(Engine engine, SileroVad vad, Caller caller) {
    VoiceActivityDetector.Stream stream = caller.stream;
    if (stream == null) {
      stream = vad.open();
      caller.stream = stream;
    }
    if (caller.position + SileroVad.WINDOW_SAMPLES > engine.speech.length) {
      caller.position = 0;
      stream.reset();
    }
    float probability = stream.speechProbability(engine.speech, caller.position);
    caller.position += SileroVad.WINDOW_SAMPLES;
    return probability;
  }
}
