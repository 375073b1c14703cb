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
package dev.parley.speech.piper;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.parley.core.spi.ProviderException;
import dev.parley.core.spi.SpeechSynthesizer;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Speaks with a Piper voice the user supplies, a sentence at a time, on ONNX Runtime.
 *
 * <pre>
 *  push(text) ─▶ SentenceSplitter ─▶ sentence ─▶ espeak-ng (separate process) ─▶ IPA
 *     ─▶ PhonemeIds (^ _ p _ p _ … $) ─▶ VITS: input [1,N], input_lengths [1], scales [3]
 *     ─▶ float audio at the voice's rate ─▶ PCM16 ─▶ listener: text(word) · audio(20 ms) · …
 * </pre>
 *
 * <p><b>Streaming.</b> Each sentence is synthesised as soon as its end arrives (see {@link
 * SentenceSplitter}) and delivered on the pushing thread in blocks of 20 ms; a VITS model makes a
 * whole sentence at once, so the first audio waits for the first sentence's phonemisation (a
 * process start, about 15 ms here) and inference, whose cost depends on the voice and the CPU and
 * has not been measured here (no real voice can be fetched on the development machine). Sentences
 * after the first are preceded by {@value #SENTENCE_PAUSE_MILLIS} ms of silence, as Piper does.
 *
 * <p><b>Audio.</b> Each sentence is scaled so its peak is full scale, as Piper does when it writes
 * 16-bit audio; the model's {@code scales} input takes the voice config's noise_scale, length_scale
 * and noise_w. A model with several speakers gets speaker 0 ({@code sid}).
 *
 * <p><b>Word timing.</b> The model gives no alignment, so before each word the stream calls {@link
 * Listener#text} at the point of the sentence's audio proportional to the letters before it: an
 * estimate. The announcements of a stream that runs to the end of {@code flush} concatenate to
 * exactly the text pushed.
 *
 * <p><b>Cancellation.</b> An interrupted thread stops between blocks, before a sentence, or while
 * waiting for espeak-ng (whose process is then killed); {@link Stream#close()} from another thread
 * also asks ONNX Runtime to abandon a run in progress.
 *
 * <p>The engine is thread-safe and shared: one ONNX session for every stream. Close it after its
 * streams.
 */
public final class PiperSynthesizer implements SpeechSynthesizer, AutoCloseable {
  /** Silence before each sentence after the first (Piper's {@code sentence_silence}). */
  static final int SENTENCE_PAUSE_MILLIS = 200;

  private static final Logger LOG = LoggerFactory.getLogger(PiperSynthesizer.class);

  private final PiperVoice voice;
  private final Phonemizer phonemizer;
  private final OrtEnvironment environment;
  private final OrtSession session;
  private final boolean takesSpeaker;
  private final Set<String> reportedMissing = ConcurrentHashMap.newKeySet();

  PiperSynthesizer(PiperVoice voice, Phonemizer phonemizer) {
    this.voice = voice;
    this.phonemizer = phonemizer;
    this.environment = OrtEnvironment.getEnvironment();
    OrtSession created;
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
      options.setIntraOpNumThreads(Math.max(1, Math.min(4, availableProcessors())));
      options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
      created = environment.createSession(voice.model().toString(), options);
    } catch (OrtException | UnsatisfiedLinkError e) {
      throw new ProviderException(
          ProviderException.Kind.UNAVAILABLE,
          "ONNX Runtime cannot load the Piper voice model "
              + voice.model()
              + " ("
              + e.getMessage()
              + "). Is it a Piper voice's .onnx file? Download voices from "
              + PiperVoice.DOWNLOAD_PAGE
              + ".",
          e);
    }
    try {
      Set<String> inputs = created.getInputNames();
      if (!inputs.containsAll(Set.of("input", "input_lengths", "scales"))) {
        throw new ProviderException(
            ProviderException.Kind.UNAVAILABLE,
            "The model "
                + voice.model()
                + " is not a Piper voice: it takes "
                + inputs
                + ", not input, input_lengths and scales");
      }
      this.takesSpeaker = inputs.contains("sid");
    } catch (RuntimeException e) {
      closeQuietly(created, e);
      throw e;
    }
    this.session = created;
  }

  private static int availableProcessors() {
    return Runtime.getRuntime().availableProcessors();
  }

  /**
   * Loads the voice whose model is {@code model} (with its {@code .onnx.json} beside it).
   *
   * @throws ProviderException of kind {@code UNAVAILABLE} naming the files expected and where to
   *     get a voice, if they are missing or unusable, or if espeak-ng is not installed
   */
  public static PiperSynthesizer load(Path model) {
    return load(PiperVoice.at(model));
  }

  /**
   * Loads the voice named by {@code $PARLEY_PIPER_VOICE}, or the first voice in the Parley models
   * directory (see {@link PiperVoice}).
   *
   * @throws ProviderException of kind {@code UNAVAILABLE} naming the files expected and where to
   *     get a voice
   */
  public static PiperSynthesizer load() {
    return load(PiperVoice.locate());
  }

  /** Loads a voice that has been read, phonemising with the espeak-ng on the PATH. */
  public static PiperSynthesizer load(PiperVoice voice) {
    EspeakPhonemizer espeak = new EspeakPhonemizer("espeak-ng", voice.espeakVoice());
    espeak.check();
    return new PiperSynthesizer(voice, espeak);
  }

  @Override
  public String name() {
    return "piper-" + voice.name();
  }

  @Override
  public int sampleRate() {
    return voice.sampleRate();
  }

  /** The voice this engine speaks with. */
  public PiperVoice voice() {
    return voice;
  }

  @Override
  public Stream open(Listener listener) {
    return new PiperStream(this, listener);
  }

  /** Releases the ONNX session. Streams must not be used afterwards. */
  @Override
  public void close() {
    try {
      session.close();
    } catch (OrtException e) {
      throw new ProviderException(ProviderException.Kind.FATAL, "closing the Piper session", e);
    }
  }

  String phonemes(String sentence) throws InterruptedException {
    return phonemizer.phonemes(sentence);
  }

  /**
   * Runs the model on one sentence's phonemes and returns its audio as PCM16, or an empty array if
   * there is nothing to say.
   */
  short[] synthesize(String phonemes, OrtSession.RunOptions run) {
    PhonemeIds.Result ids = voice.phonemeIds().ids(phonemes);
    for (String missing : ids.missing()) {
      if (reportedMissing.add(missing)) {
        LOG.warn(
            "Piper voice {} has no id for the phoneme \"{}\" (U+{}); it is skipped",
            voice.name(),
            missing,
            Integer.toHexString(missing.codePointAt(0)));
      }
    }
    if (ids.phonemes() == 0) {
      return new short[0];
    }
    long[] input = ids.ids();
    Map<String, OnnxTensor> inputs = new HashMap<>();
    try {
      inputs.put(
          "input",
          OnnxTensor.createTensor(
              environment, LongBuffer.wrap(input), new long[] {1, input.length}));
      inputs.put(
          "input_lengths",
          OnnxTensor.createTensor(
              environment, LongBuffer.wrap(new long[] {input.length}), new long[] {1}));
      inputs.put(
          "scales",
          OnnxTensor.createTensor(environment, FloatBuffer.wrap(voice.scales()), new long[] {3}));
      if (takesSpeaker) {
        inputs.put(
            "sid",
            OnnxTensor.createTensor(environment, LongBuffer.wrap(new long[] {0}), new long[] {1}));
      }
      try (OrtSession.Result result = session.run(inputs, run)) {
        if (!(result.get(0) instanceof OnnxTensor audio)) {
          throw new ProviderException(
              ProviderException.Kind.FATAL, "the Piper model's first output is not a tensor");
        }
        return pcm(audio.getFloatBuffer());
      }
    } catch (OrtException e) {
      throw new ProviderException(
          ProviderException.Kind.FATAL, "Piper inference failed: " + e.getMessage(), e);
    } finally {
      for (OnnxTensor tensor : inputs.values()) {
        tensor.close();
      }
    }
  }

  /** Float audio to PCM16, scaled so the peak is full scale, as Piper writes it. */
  static short[] pcm(FloatBuffer audio) {
    float peak = 0.01f;
    for (int i = audio.position(); i < audio.limit(); i++) {
      peak = Math.max(peak, Math.abs(audio.get(i)));
    }
    float scale = 32767f / peak;
    short[] samples = new short[audio.remaining()];
    for (int i = 0; i < samples.length; i++) {
      float value = audio.get(audio.position() + i) * scale;
      samples[i] = (short) Math.max(-32768f, Math.min(32767f, value));
    }
    return samples;
  }

  private static void closeQuietly(OrtSession session, Throwable primary) {
    try {
      session.close();
    } catch (OrtException e) {
      primary.addSuppressed(e);
    }
  }

  @Override
  public String toString() {
    return "PiperSynthesizer[" + voice + "]";
  }
}
