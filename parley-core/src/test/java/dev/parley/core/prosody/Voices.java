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
package dev.parley.core.prosody;

import dev.parley.core.audio.AudioClip;
import dev.parley.core.audio.WavReader;
import dev.parley.core.speech.EnergyVad;
import dev.parley.core.spi.VoiceActivityDetector;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.function.DoubleUnaryOperator;
import org.jspecify.annotations.Nullable;
import org.opentest4j.TestAbortedException;

/**
 * Synthetic voices, real recordings and the measurements the prosody tests make: the test-side
 * vocabulary of this package.
 */
final class Voices {
  static final int RATE = 16_000;
  static final int FRAME = 320;

  /** Debian's pocketsphinx-testdata: real 16 kHz speech from several adult speakers. */
  static final Path POCKETSPHINX = Path.of("/usr/share/pocketsphinx/test/data");

  /** The repository's real-speech sample, relative to the module directory Maven runs tests in. */
  static final Path JFK = Path.of("../samples/jfk.wav");

  /**
   * HotSpot's per-thread allocation counter bound to the platform bean, looked up by name because
   * {@code com.sun.management} has no portable equivalent (the same pattern as the audio tests'
   * helper, which is package-private there). Bound once, since the lookup itself allocates.
   */
  private static final @Nullable MethodHandle ALLOCATED_BYTES = allocationCounter();

  private Voices() {}

  /** A pure tone of {@code hz} at {@code amplitude} of full scale. */
  static short[] sine(double hz, double amplitude, int samples) {
    return voice(t -> hz, amplitude, samples, false);
  }

  /**
   * A glottal-pulse-like voice: a Rosenberg pulse train (40% opening, 16% closing) differentiated
   * as the lips radiate it, so every harmonic is present and falls off like a real vowel source.
   * {@code hzAt} gives F0 as a function of time in seconds.
   */
  static short[] pulses(DoubleUnaryOperator hzAt, double amplitude, int samples) {
    return voice(hzAt, amplitude, samples, true);
  }

  static short[] pulses(double hz, double amplitude, int samples) {
    return pulses(t -> hz, amplitude, samples);
  }

  /** F0 gliding from {@code fromHz} to {@code toHz} over {@code seconds}, evenly in semitones. */
  static DoubleUnaryOperator glide(double fromHz, double toHz, double seconds) {
    return t -> fromHz * Math.pow(toHz / fromHz, Math.min(t, seconds) / seconds);
  }

  private static short[] voice(
      DoubleUnaryOperator hzAt, double amplitude, int samples, boolean glottal) {
    double[] y = new double[samples];
    double phase = 0;
    double previous = 0;
    double peak = 0;
    for (int i = 0; i < samples; i++) {
      double g = glottal ? rosenberg(phase) : Math.sin(2 * Math.PI * phase);
      y[i] = glottal ? g - previous : g;
      previous = g;
      peak = Math.max(peak, Math.abs(y[i]));
      phase += hzAt.applyAsDouble((double) i / RATE) / RATE;
      phase -= Math.floor(phase);
    }
    short[] out = new short[samples];
    for (int i = 0; i < samples; i++) {
      out[i] = (short) Math.round(amplitude * 32767 * y[i] / peak);
    }
    return out;
  }

  private static double rosenberg(double phase) {
    double open = 0.4;
    double closing = 0.16;
    if (phase < open) {
      return 0.5 * (1 - Math.cos(Math.PI * phase / open));
    }
    if (phase < open + closing) {
      return Math.cos(Math.PI * (phase - open) / (2 * closing));
    }
    return 0;
  }

  /**
   * A train of voiced bursts, {@code perSecond} of them a second for {@code seconds}: each burst is
   * a glottal pulse train under a raised-cosine envelope filling {@code 60%} of its period, the
   * rest silent, as a crude string of syllables whose vowels are the bursts. {@code hzAt} gives F0
   * against time in seconds from the start of the train.
   */
  static short[] syllables(
      DoubleUnaryOperator hzAt, double perSecond, double seconds, double amplitude) {
    short[] voice = pulses(hzAt, amplitude, samples(seconds));
    double period = RATE / perSecond;
    double burst = 0.6 * period;
    for (int i = 0; i < voice.length; i++) {
      double within = i % period;
      double envelope = within < burst ? 0.5 * (1 - Math.cos(2 * Math.PI * within / burst)) : 0;
      voice[i] = (short) Math.round(voice[i] * envelope);
    }
    return voice;
  }

  /** F0 swinging {@code semitones} either side of {@code hz} at {@code perSecond} cycles. */
  static DoubleUnaryOperator intonation(double hz, double semitones, double perSecond) {
    return t -> hz * Math.pow(2, semitones * Math.sin(2 * Math.PI * perSecond * t) / 12);
  }

  /** Gaussian white noise at the given RMS fraction of full scale. */
  static short[] noise(double rms, int samples, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    short[] out = new short[samples];
    for (int i = 0; i < samples; i++) {
      double g = gaussian(random);
      out[i] = (short) Math.clamp(Math.round(rms * 32767 * g), -32768, 32767);
    }
    return out;
  }

  private static double gaussian(SplittableRandom random) {
    double u = random.nextDouble();
    double v = random.nextDouble();
    return Math.sqrt(-2 * Math.log(1 - u)) * Math.cos(2 * Math.PI * v);
  }

  /** Adds {@code b} into {@code a} sample by sample, clipping. */
  static short[] mix(short[] a, short[] b) {
    short[] out = new short[a.length];
    for (int i = 0; i < a.length; i++) {
      out[i] = (short) Math.clamp(a[i] + (i < b.length ? b[i] : 0), -32768, 32767);
    }
    return out;
  }

  static short[] concat(short[]... parts) {
    int n = 0;
    for (short[] p : parts) {
      n += p.length;
    }
    short[] out = new short[n];
    int at = 0;
    for (short[] p : parts) {
      System.arraycopy(p, 0, out, at, p.length);
      at += p.length;
    }
    return out;
  }

  static short[] silence(double seconds) {
    return new short[samples(seconds)];
  }

  static int samples(double seconds) {
    return (int) Math.round(seconds * RATE);
  }

  /** The 16 kHz speech of a pocketsphinx-testdata clip, or a skip (failure if required). */
  static short[] pocketsphinx(String name) {
    Path file = POCKETSPHINX.resolve(name);
    if (!Files.isRegularFile(file)) {
      throw missing(
          "real-speech clip "
              + file
              + " is missing: install it with `apt-get install -y pocketsphinx-testdata`");
    }
    try {
      if (name.endsWith(".wav")) {
        return pcm16(WavReader.read(file));
      }
      ByteBuffer raw = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
      short[] out = new short[raw.remaining() / 2];
      raw.asShortBuffer().get(out);
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The repository's JFK sample as session audio, or a skip (failure if required). */
  static short[] jfk() {
    if (!Files.isRegularFile(JFK)) {
      throw missing(JFK.toAbsolutePath().normalize() + " is missing: run from parley-core");
    }
    try {
      return pcm16(WavReader.read(JFK));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static short[] pcm16(AudioClip clip) {
    if (clip.sampleRate() != RATE || clip.channels() != 1) {
      throw new IllegalArgumentException("expected 16 kHz mono, got " + clip);
    }
    float[] f = clip.samples();
    short[] out = new short[f.length];
    for (int i = 0; i < f.length; i++) {
      out[i] = (short) Math.clamp(Math.round(f[i] * 32768.0), -32768, 32767);
    }
    return out;
  }

  /** Skips the test, or returns the failure to throw when {@code PARLEY_REQUIRE_MODELS=true}. */
  private static AssertionError missing(String message) {
    if (!Boolean.parseBoolean(System.getenv("PARLEY_REQUIRE_MODELS"))) {
      throw new TestAbortedException(message);
    }
    return new AssertionError(message);
  }

  /** Audio with the VAD verdict for each of its frames, built from segments. */
  // Test fixtures built once and never modified: the arrays are handed out as they are.
  @SuppressWarnings("ArrayRecordComponent")
  record Script(short[] audio, boolean[] speech) {
    /** Segments in order, each a whole number of frames, with the verdict for all its frames. */
    static Script of(Segment... segments) {
      short[][] parts = new short[segments.length][];
      int frames = 0;
      for (int i = 0; i < segments.length; i++) {
        parts[i] = segments[i].audio();
        if (parts[i].length % FRAME != 0) {
          throw new IllegalArgumentException("segment " + i + " is not whole frames");
        }
        frames += parts[i].length / FRAME;
      }
      boolean[] speech = new boolean[frames];
      int at = 0;
      for (Segment segment : segments) {
        int n = segment.audio().length / FRAME;
        java.util.Arrays.fill(speech, at, at + n, segment.speech());
        at += n;
      }
      return new Script(concat(parts), speech);
    }

    /** Runs the script as one turn from {@code startNanos} and returns the ended turn. */
    UserAffect turn(ProsodyTracker tracker, long startNanos) {
      return Voices.turn(tracker, audio, speech, startNanos);
    }

    long nanos() {
      return speech.length * ProsodyTracker.FRAME_NANOS;
    }
  }

  /** A stretch of audio and whether the VAD calls it speech. */
  @SuppressWarnings("ArrayRecordComponent")
  record Segment(short[] audio, boolean speech) {}

  static Segment speech(short[] audio) {
    return new Segment(audio, true);
  }

  static Segment quiet(double seconds) {
    return new Segment(silence(seconds), false);
  }

  /** The VAD's verdict on each whole frame of {@code audio}, from Parley's energy VAD. */
  static boolean[] energyVad(short[] audio) {
    VoiceActivityDetector.Stream vad = new EnergyVad().open();
    boolean[] speech = new boolean[audio.length / FRAME];
    for (int f = 0; f < speech.length; f++) {
      speech[f] = vad.speechProbability(audio, f * FRAME) >= 0.5f;
    }
    return speech;
  }

  /** A VAD verdict that every frame is speech. */
  static boolean[] allSpeech(short[] audio) {
    boolean[] speech = new boolean[audio.length / FRAME];
    java.util.Arrays.fill(speech, true);
    return speech;
  }

  /**
   * Feeds every whole frame of {@code audio} to {@code tracker} inside one turn starting at {@code
   * startNanos}, and returns the ended turn's summary.
   */
  static UserAffect turn(ProsodyTracker tracker, short[] audio, boolean[] speech, long startNanos) {
    tracker.startTurn();
    feed(tracker, audio, speech, startNanos);
    return tracker.endTurn();
  }

  static void feed(ProsodyTracker tracker, short[] audio, boolean[] speech, long startNanos) {
    for (int f = 0; f < audio.length / FRAME; f++) {
      tracker.accept(audio, f * FRAME, speech[f], startNanos + f * ProsodyTracker.FRAME_NANOS);
    }
  }

  /** The bytes the calling thread has allocated so far; skips the test if the JVM cannot say. */
  static long allocatedBytes() {
    MethodHandle counter = ALLOCATED_BYTES;
    if (counter == null) {
      throw new TestAbortedException("this JVM does not count allocated bytes per thread");
    }
    try {
      return (long) counter.invokeExact();
    } catch (Throwable e) {
      throw new AssertionError("cannot read the allocation counter", e);
    }
  }

  private static @Nullable MethodHandle allocationCounter() {
    try {
      Class<?> type = Class.forName("com.sun.management.ThreadMXBean");
      Object bean = ManagementFactory.getThreadMXBean();
      if (!type.isInstance(bean)) {
        return null;
      }
      return MethodHandles.publicLookup()
          .findVirtual(type, "getCurrentThreadAllocatedBytes", MethodType.methodType(long.class))
          .bindTo(bean);
    } catch (ReflectiveOperationException e) {
      return null;
    }
  }
}
