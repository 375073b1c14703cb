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

import dev.parley.core.spi.SpeechRecognizer;
import dev.parley.speech.sphinx.SphinxRecognizer;
import java.io.IOException;
import java.util.List;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * The real-time factor of PocketSphinx streaming recognition: the JFK sample (11 s) pushed in 20 ms
 * chunks, as a session's recogniser worker receives it, and flushed into a final result. Divide the
 * time per operation by the sample's duration for the real-time factor.
 *
 * <p>One stream serves the whole run, as one stream serves a whole call: opening a decoder reads
 * the models (about 0.3 s), which a call pays once and this benchmark leaves out. Each operation
 * starts and ends its own utterances; the decoder's adaptive state (its running feature
 * normalisation) carries over from one to the next, as it does within a call. The run fails if the
 * recogniser never produces a word, so a broken model cannot pass for a fast one. PocketSphinx
 * decodes on the pushing thread, so {@link CpuTimeProfiler} shows its whole cost.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 8)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class SphinxBenchmark {
  /** Samples per push: one 20 ms transport frame at 16 kHz. */
  static final int CHUNK = 320;

  private short[] speech = new short[0];
  private int words;
  private SpeechRecognizer.@Nullable Stream stream;

  @Setup
  public void setUp() throws IOException {
    speech = Samples.jfk();
    stream =
        SphinxRecognizer.loadDefault()
            .open(
                SpeechRecognizer.Options.defaults(),
                new SpeechRecognizer.Listener() {
                  @Override
                  public void partial(String text) {}

                  @Override
                  public void finalResult(List<SpeechRecognizer.Word> result) {
                    words = result.size();
                  }
                });
  }

  @TearDown
  public void tearDown() {
    stream().close();
    if (words == 0) {
      throw new IllegalStateException("PocketSphinx recognised no words in the sample");
    }
  }

  @Benchmark
  public int recognizeElevenSeconds() throws InterruptedException {
    SpeechRecognizer.Stream s = stream();
    for (int at = 0; at < speech.length; at += CHUNK) {
      s.push(speech, at, Math.min(CHUNK, speech.length - at));
    }
    s.flush();
    return words;
  }

  private SpeechRecognizer.Stream stream() {
    SpeechRecognizer.Stream s = stream;
    if (s == null) {
      throw new IllegalStateException("stream not set up");
    }
    return s;
  }
}
