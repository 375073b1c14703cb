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
import dev.parley.core.spi.SpeechRecognizer;
import dev.parley.core.spi.VoiceActivityDetector;
import dev.parley.speech.flite.FliteSynthesizer;
import dev.parley.speech.silero.SileroVad;
import dev.parley.speech.sphinx.SphinxRecognizer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * How long a whole 60-second call takes offline, the way {@code parley converse} runs it: real
 * speech (the JFK sample, looped with pauses into a minute), the echo agent, on the virtual clock,
 * with the speech stack under test.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 5)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class CallBenchmark {
  private static final int RATE = 16_000;

  /**
   * {@code energy} and {@code silero}: that VAD with an oracle transcript and the placeholder
   * voice; {@code embedded}: the whole offline stack of {@code parley converse} (Silero,
   * PocketSphinx, Flite).
   */
  @Param({"energy", "silero", "embedded"})
  public String stack = "energy";

  private short[] call = new short[0];
  private List<SpeechRecognizer.Word> words = List.of();
  private VoiceActivityDetector detector = new EnergyVad();

  @Setup
  public void setUp() throws IOException {
    short[] speech =
        WavReader.read(Path.of(System.getProperty("parley.sample", "samples/jfk.wav")))
            .toSessionAudio();
    call = new short[60 * RATE];
    List<SpeechRecognizer.Word> timed = new ArrayList<>();
    int at = 0;
    while (at + speech.length <= call.length) {
      System.arraycopy(speech, 0, call, at, speech.length);
      long ms = at / 16;
      // One word a second keeps the oracle busy without claiming a real alignment.
      for (long w = 0; w + 1000 <= speech.length / 16; w += 1000) {
        timed.add(new SpeechRecognizer.Word("word", ms + w, ms + w + 600));
      }
      at += speech.length + 3 * RATE; // three seconds for the agent to answer
    }
    words = timed;
    detector = stack.equals("energy") ? new EnergyVad() : SileroVad.load();
  }

  @Benchmark
  public long sixtySecondCall() {
    boolean embedded = stack.equals("embedded");
    Components components =
        Components.builder()
            .vad(detector)
            .recognizer(
                embedded ? SphinxRecognizer.loadDefault() : new OracleRecognizer(words, 100))
            .synthesizer(embedded ? FliteSynthesizer.load() : new PlaceholderVoice())
            .agent(new EchoAgent())
            .build();
    long[] played = {0};
    AudioOutput output =
        new AudioOutput() {
          @Override
          public void play(long atNanos, short[] samples, int offset, int length) {
            played[0] += length;
          }

          @Override
          public void clear() {}
        };
    ManualClock clock = new ManualClock();
    try (VirtualSession session =
        new VirtualSession(
            clock,
            components,
            SessionConfig.defaults(),
            ModelledLatency.none(),
            event -> {},
            output)) {
      short[] frame = new short[320];
      for (int k = 0; k * 320 < call.length; k++) {
        System.arraycopy(call, k * 320, frame, 0, 320);
        session.advanceTo((k + 1) * 20_000_000L);
        session.feed(frame, 0, 320);
      }
    }
    return played[0];
  }
}
