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
 * What one Silero VAD window (512 samples, 32 ms of 16 kHz speech) costs the session loop, alone
 * and with two callers sharing one engine, as every session of a process does.
 *
 * <p>Each benchmark thread has its own stream, opened on its first window and fed the JFK sample
 * window after window in order (so the recurrent state sees real, contiguous speech), reset when
 * the sample wraps. The engine, and so its single ONNX Runtime session, is shared by all threads,
 * except in the control that gives each thread an engine of its own: on two cores, two callers slow
 * each other down through the CPU alone, and only the difference between the two-thread benchmarks
 * is the price of sharing the session.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class SileroBenchmark {
  /** A loaded model and the speech its callers read. */
  public abstract static class Engine {
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

  /** One engine for every thread, as one process serves all its sessions. */
  @State(Scope.Benchmark)
  public static class SharedEngine extends Engine {}

  /** An engine per thread: the control that shows what sharing one ONNX session costs. */
  @State(Scope.Thread)
  public static class OwnEngine extends Engine {}

  /** One caller's stream and its place in the speech; one per benchmark thread. */
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

  /** One window on one thread: the cost on a session loop when no other session is detecting. */
  @Benchmark
  public float window(SharedEngine engine, Caller caller) {
    return next(engine, caller);
  }

  /**
   * One window on each of two threads at once through the same engine: per-window time when two
   * sessions' loops detect concurrently on this 2-core machine.
   */
  @Benchmark
  @Threads(2)
  public float windowTwoCallersOneEngine(SharedEngine engine, Caller caller) {
    return next(engine, caller);
  }

  /**
   * As {@link #windowTwoCallersOneEngine} with an engine per thread: if the shared ONNX session
   * serialised its callers, this would be faster.
   */
  @Benchmark
  @Threads(2)
  public float windowTwoCallersTwoEngines(OwnEngine engine, Caller caller) {
    return next(engine, caller);
  }

  private static float next(Engine engine, Caller caller) {
    VoiceActivityDetector.Stream stream = caller.stream;
    if (stream == null) {
      stream = engine.vad.open();
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
