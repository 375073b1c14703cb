package dev.parley.benchmarks;

import dev.parley.core.audio.WavReader;
import java.io.IOException;
import java.nio.file.Path;

/** The recorded speech the benchmarks feed, read once per benchmark run. */
final class Samples {
  /** Sample rate of session audio: what the VAD, the recogniser and the ring take. */
  static final int SESSION_RATE = 16_000;

  private Samples() {}

  /**
   * The JFK sample (11 s of real speech) as 16 kHz mono PCM16, from {@code samples/jfk.wav} under
   * the working directory, or the file named by the {@code parley.sample} system property.
   */
  static short[] jfk() throws IOException {
    return WavReader.read(Path.of(System.getProperty("parley.sample", "samples/jfk.wav")))
        .toSessionAudio();
  }
}
