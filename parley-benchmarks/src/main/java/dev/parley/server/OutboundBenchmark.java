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
package dev.parley.server;

import dev.parley.core.agent.EchoAgent;
import dev.parley.core.clock.ManualClock;
import dev.parley.core.event.SessionEvent;
import dev.parley.core.session.AudioOutput;
import dev.parley.core.session.Components;
import dev.parley.core.session.LiveSession;
import dev.parley.core.session.SessionConfig;
import dev.parley.core.speech.EnergyVad;
import dev.parley.core.speech.OracleRecognizer;
import dev.parley.core.speech.PlaceholderVoice;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A call's outbound path, one 20 ms frame of agent audio per operation: the session loop's {@code
 * AudioOutput.play} into the call's outbound queue, and the call's writer thread taking it and
 * handing it to the transport (a peer that only counts, so the queue and its hand-off are what is
 * measured). The operation waits until the writer has taken its frame, so nothing is dropped.
 *
 * <p>Run with {@code -prof gc}: {@code gc.alloc.rate.norm} is what one frame costs in garbage.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class OutboundBenchmark {
  private final short[] frame = new short[320];
  private final java.util.concurrent.atomic.AtomicLong written =
      new java.util.concurrent.atomic.AtomicLong();
  private long offered;
  private long atNanos;
  private @Nullable LiveSession session;
  private @Nullable Call call;
  private AudioOutput output = AudioOutput.discard();

  @Setup(Level.Trial)
  public void setUp() {
    for (int i = 0; i < frame.length; i++) {
      frame[i] = (short) (2000 * Math.sin(2 * Math.PI * 440 * i / 16_000.0));
    }
    Call.Peer peer =
        new Call.Peer() {
          @Override
          public void audio(long at, short[] samples) {
            written.incrementAndGet();
          }

          @Override
          public void clear() {}

          @Override
          public void event(SessionEvent event) {}

          @Override
          public void error(String code, String message) {}

          @Override
          public void close(int code, String reason) {}
        };
    ServerMetrics metrics = new ServerMetrics(() -> 1);
    ManualClock clock = new ManualClock();
    Call call = new Call("bench", "ws", peer, 50, clock, metrics, () -> {});
    this.call = call;
    LiveSession session =
        LiveSession.start(
            "bench",
            clock,
            Components.builder()
                .vad(new EnergyVad())
                .recognizer(new OracleRecognizer(List.of(), 100))
                .synthesizer(new PlaceholderVoice())
                .agent(new EchoAgent())
                .build(),
            SessionConfig.defaults(),
            event -> {},
            AudioOutput.discard());
    this.session = session;
    call.attach(new CallSession.Cascaded(session));
    output = call.output();
  }

  @TearDown(Level.Trial)
  public void tearDown() throws InterruptedException {
    Call c = call;
    LiveSession s = session;
    if (c != null && s != null) {
      c.end("benchmark over", CloseCodes.NORMAL);
      s.close();
      c.await(Duration.ofSeconds(5));
    }
  }

  @Benchmark
  public long playOneFrame() {
    output.play(atNanos, frame, 0, frame.length);
    atNanos += 20_000_000L;
    offered++;
    while (written.get() < offered) {
      Thread.onSpinWait();
    }
    return offered;
  }
}
