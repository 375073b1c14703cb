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

import dev.parley.core.audio.AudioRing;
import dev.parley.core.audio.G711;
import dev.parley.core.audio.Resampler;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The per-frame audio path of a session loop, one 20 ms frame per operation: resampling a 48 kHz
 * (browser) or 8 kHz (telephone) frame to 16 kHz, a G.711 μ-law decode and re-encode of a telephone
 * frame, and a write and read of one 16 kHz frame through the session's ring.
 *
 * <p>Each benchmark walks through the JFK sample frame by frame, converted in setup to the rate it
 * needs, so the filters see real speech. The path must allocate nothing per frame: run with {@code
 * -prof gc} and read {@code gc.alloc.rate.norm}, which should be 0 B/op.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class AudioBenchmark {
  private static final int FRAME_16K = 320;
  private static final int FRAME_48K = 960;
  private static final int FRAME_8K = 160;

  private short[] speech48k = new short[0];
  private short[] speech8k = new short[0];
  private short[] speech16k = new short[0];
  private byte[] muLaw8k = new byte[0];

  private final Resampler from48k = new Resampler(48_000, Samples.SESSION_RATE);
  private final Resampler from8k = new Resampler(8_000, Samples.SESSION_RATE);
  private final AudioRing ring = new AudioRing(1 << 14);

  // Both ratios are whole, so a 20 ms frame in is exactly one 20 ms frame out.
  private final short[] resampled = new short[FRAME_16K];
  private final short[] decoded = new short[FRAME_8K];
  private final byte[] encoded = new byte[FRAME_8K];
  private final short[] read = new short[FRAME_16K];

  private int frame48k;
  private int frame8k;
  private int frameMuLaw;
  private int frame16k;

  @Setup
  public void setUp() throws IOException {
    speech16k = Samples.jfk();
    speech48k = Resampler.resample(speech16k, Samples.SESSION_RATE, 48_000);
    speech8k = Resampler.resample(speech16k, Samples.SESSION_RATE, 8_000);
    muLaw8k = new byte[speech8k.length];
    G711.encodeMuLaw(speech8k, 0, speech8k.length, muLaw8k, 0);
  }

  @Benchmark
  public int resample48kTo16k() {
    int at = frame48k;
    frame48k = next(at, FRAME_48K, speech48k.length);
    return from48k.process(speech48k, at, FRAME_48K, resampled, 0);
  }

  @Benchmark
  public int resample8kTo16k() {
    int at = frame8k;
    frame8k = next(at, FRAME_8K, speech8k.length);
    return from8k.process(speech8k, at, FRAME_8K, resampled, 0);
  }

  @Benchmark
  public byte muLawDecodeEncode() {
    int at = frameMuLaw;
    frameMuLaw = next(at, FRAME_8K, muLaw8k.length);
    G711.decodeMuLaw(muLaw8k, at, FRAME_8K, decoded, 0);
    G711.encodeMuLaw(decoded, 0, FRAME_8K, encoded, 0);
    return encoded[FRAME_8K - 1];
  }

  @Benchmark
  public short ringWriteRead() {
    int at = frame16k;
    frame16k = next(at, FRAME_16K, speech16k.length);
    long end = ring.write(speech16k, at, FRAME_16K);
    ring.read(end - FRAME_16K, read, 0, FRAME_16K);
    return read[FRAME_16K - 1];
  }

  /** The start of the frame after the one at {@code at}, wrapping before a partial frame. */
  private static int next(int at, int frame, int length) {
    int following = at + frame;
    return following + frame > length ? 0 : following;
  }
}
