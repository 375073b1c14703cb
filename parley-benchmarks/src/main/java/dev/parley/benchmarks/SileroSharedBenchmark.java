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
 * How many Silero windows a process can run per second when 1, 2, 4 or 8 session loops share ONE
 * engine (one ONNX Runtime session), each caller with a stream of its own: the VAD capacity of a
 * server, since every session needs 31.25 windows a second (512 samples at 16 kHz).
 *
 * <p>Throughput is summed over the threads. On this 2-core machine it should rise from one caller
 * to two and then stay flat: more callers than cores only queue for a core, and a flat line (rather
 * than a fall) shows the shared session neither serialises its callers nor thrashes under them.
 * Divide by 31.25 for the sessions' worth of VAD the process can carry with nothing else running.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
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
