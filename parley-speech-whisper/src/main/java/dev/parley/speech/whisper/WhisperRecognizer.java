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
package dev.parley.speech.whisper;

import dev.parley.core.spi.ProviderException;
import dev.parley.core.spi.SpeechRecognizer;
import io.github.givimad.whisperjni.WhisperContext;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Speech recognition with whisper.cpp (through whisper-jni) on a ggml model the user supplies: one
 * loaded model shared by every session of the process, and a decoder state per stream.
 *
 * <p><b>Not streaming.</b> Whisper transcribes a whole utterance at once, so a stream buffers what
 * is pushed and transcribes it on {@code flush} (or when 30 s have piled up without one), and
 * reports <em>final results only</em>: {@link Listener#partial} is never called. A session that
 * needs interim text for barge-in or early turn decisions should use a streaming recogniser (Vosk,
 * PocketSphinx) for that. Decoding costs a whole encoder pass per utterance, however short; how
 * long that takes depends on the model and the CPU and has not been measured here, because no real
 * model can be fetched on the development machine.
 *
 * <p><b>Word times</b> are whisper.cpp's segment times shared among the segment's words by length
 * (whisper-jni exposes no per-token times), in milliseconds from the stream's first sample.
 *
 * <p><b>Phrase hints</b> become Whisper's initial prompt ("Glossary: Boston, window seat."), the
 * usual way to make it spell domain words as given. It biases, it does not restrict.
 *
 * <p><b>Language.</b> The primary subtag of {@link Options#language()} is passed to Whisper; an
 * English-only model ({@code *.en}) rejects other languages when a stream is opened, and a language
 * Whisper does not know is rejected rather than handed to native code.
 *
 * <p><b>Cancellation</b> lands before or after a decode, never inside it: whisper-jni exposes no
 * abort callback, so an interrupted thread finishes the decode in progress first.
 *
 * <p>Thread-safe. {@link #close} frees the model once its last stream is closed.
 */
public final class WhisperRecognizer implements SpeechRecognizer, AutoCloseable {
  /** Whisper's language codes (whisper.cpp's table, large-v3 included). */
  static final Set<String> LANGUAGES =
      Set.of(
          "en", "zh", "de", "es", "ru", "ko", "fr", "ja", "pt", "tr", "pl", "ca", "nl", "ar", "sv",
          "it", "id", "hi", "fi", "vi", "he", "uk", "el", "ms", "cs", "ro", "da", "hu", "ta", "no",
          "th", "ur", "hr", "bg", "lt", "la", "mi", "ml", "cy", "sk", "te", "fa", "lv", "bn", "sr",
          "az", "sl", "kn", "et", "mk", "br", "eu", "is", "hy", "ne", "mn", "bs", "kk", "sq", "sw",
          "gl", "mr", "pa", "si", "km", "sn", "yo", "so", "af", "oc", "ka", "be", "tg", "sd", "gu",
          "am", "yi", "lo", "uz", "fo", "ht", "ps", "tk", "nn", "mt", "sa", "lb", "my", "bo", "tl",
          "mg", "as", "tt", "haw", "ln", "ha", "ba", "jw", "su", "yue");

  /** BCP 47 subtags Whisper spells differently. */
  private static final Map<String, String> ALIASES =
      Map.of("nb", "no", "jv", "jw", "iw", "he", "in", "id", "fil", "tl");

  private final WhisperNative whisper;
  private final WhisperModelFile model;
  private final WhisperContext context;
  private final int threads;
  private int openStreams;
  private boolean closed;
  private boolean freed;

  /**
   * Loads the model at {@code modelFile}.
   *
   * @throws ProviderException of kind {@code UNAVAILABLE} if the file is missing or not a usable
   *     whisper.cpp model, or the native library cannot be loaded; the message names the file and
   *     where to get a model
   */
  public WhisperRecognizer(Path modelFile) {
    this(WhisperModelFile.at(modelFile));
  }

  /** Loads a model that has been found and checked. */
  public WhisperRecognizer(WhisperModelFile model) {
    this.model = model;
    this.whisper = WhisperNative.load();
    this.context = whisper.loadModel(model);
    this.threads = Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));
  }

  /**
   * Loads the model named by {@code $PARLEY_WHISPER_MODEL}, or the first {@code ggml-*.bin} in the
   * Parley models directory (see {@link WhisperModelFile}).
   *
   * @throws ProviderException of kind {@code UNAVAILABLE}, naming where the model was expected and
   *     where to download one
   */
  public static WhisperRecognizer load() {
    return new WhisperRecognizer(WhisperModelFile.locate());
  }

  @Override
  public String name() {
    return "whisper-" + model.sizeName() + (model.multilingual() ? "" : ".en");
  }

  /** The model this engine runs. */
  public WhisperModelFile model() {
    return model;
  }

  /**
   * Opens a stream with its own decoder state.
   *
   * @throws ProviderException {@code REJECTED} for a language the model cannot transcribe, {@code
   *     UNAVAILABLE} if whisper.cpp cannot allocate the state
   */
  @Override
  public Stream open(Options options, Listener listener) {
    String language = whisperLanguage(options.language());
    if (!model.multilingual() && !language.equals("en")) {
      throw new ProviderException(
          ProviderException.Kind.REJECTED,
          "The Whisper model "
              + model.file().getFileName()
              + " is English-only; use a multilingual model (without .en) for "
              + options.language());
    }
    synchronized (this) {
      if (closed) {
        throw new IllegalStateException("the Whisper recogniser is closed");
      }
      openStreams++;
    }
    try {
      Transcriber transcriber =
          new NativeTranscriber(whisper, context, language, prompt(options.phraseHints()), threads);
      return new WhisperStream(transcriber, listener, this::streamClosed);
    } catch (RuntimeException e) {
      streamClosed();
      throw e;
    }
  }

  /** Whisper's code for a BCP 47 tag: its primary subtag, lower case, with Whisper's spellings. */
  static String whisperLanguage(String tag) {
    String primary = tag.split("[-_]", 2)[0].toLowerCase(Locale.ROOT);
    String code = ALIASES.getOrDefault(primary, primary);
    if (!LANGUAGES.contains(code)) {
      throw new ProviderException(
          ProviderException.Kind.REJECTED, "Whisper does not transcribe the language " + tag);
    }
    return code;
  }

  /** The initial prompt that carries the phrase hints, or {@code null} without hints. */
  static @Nullable String prompt(List<String> hints) {
    StringBuilder prompt = new StringBuilder();
    for (String hint : hints) {
      String phrase = hint.strip();
      if (!phrase.isEmpty()) {
        prompt.append(prompt.isEmpty() ? "Glossary: " : ", ").append(phrase);
      }
    }
    return prompt.isEmpty() ? null : prompt.append('.').toString();
  }

  private void streamClosed() {
    synchronized (this) {
      openStreams--;
      freeIfDone();
    }
  }

  /**
   * Frees the model now, or when its last open stream closes: freeing it under a decoding stream
   * would crash the process.
   */
  @Override
  public synchronized void close() {
    closed = true;
    freeIfDone();
  }

  private void freeIfDone() {
    if (closed && openStreams == 0 && !freed) {
      freed = true;
      whisper.free(context);
    }
  }

  @Override
  public String toString() {
    return "WhisperRecognizer[" + model + "]";
  }
}
