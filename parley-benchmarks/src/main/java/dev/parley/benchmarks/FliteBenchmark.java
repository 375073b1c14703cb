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

import dev.parley.core.spi.SpeechSynthesizer;
import dev.parley.speech.flite.FliteSynthesizer;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * How long the agent's first sentence waits for its first 20 ms of Flite audio: from opening a
 * stream and pushing a ten-word sentence to the listener's first {@code audio} call.
 *
 * <p>The listener ends each invocation at that first block by throwing a preallocated exception
 * without a stack trace, so JMH's own timer measures exactly the first-audio latency and nothing
 * the stream would do after it. Flite synthesises a whole piece before delivering any of it, so the
 * sentence has been synthesised by then; delivering the remaining blocks is array slicing. Sampled
 * per invocation, so the percentiles show the tail a caller would hear.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class FliteBenchmark {
  static final String SENTENCE = "Your flight to Boston leaves at nine fifteen tomorrow morning.";

  private final FliteSynthesizer flite = FliteSynthesizer.load();
  private final FirstAudio firstAudio = new FirstAudio();
  private final SpeechSynthesizer.Listener stopAtFirstAudio =
      new SpeechSynthesizer.Listener() {
        @Override
        public void text(String spoken) {}

        @Override
        public void audio(short[] samples, int offset, int length) {
          firstAudio.length = length;
          throw firstAudio;
        }
      };

  @Benchmark
  public int timeToFirstAudio() throws InterruptedException {
    try (SpeechSynthesizer.Stream stream = flite.open(stopAtFirstAudio)) {
      stream.push(SENTENCE);
      // The chunker speaks a sentence as soon as its period arrives, so push reaches the first
      // block; flush keeps the measurement whole should the chunker ever wait for more text.
      stream.flush();
    } catch (FirstAudio reached) {
      return reached.length;
    }
    throw new IllegalStateException("Flite produced no audio for: " + SENTENCE);
  }

  /** Control flow, not an error: thrown once the first block arrives. */
  private static final class FirstAudio extends RuntimeException {
    private static final long serialVersionUID = 1L;

    int length;

    FirstAudio() {
      super("first audio block", null, false, false);
    }
  }
}
