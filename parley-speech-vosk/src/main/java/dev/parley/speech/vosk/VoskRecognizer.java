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
package dev.parley.speech.vosk;

import dev.parley.core.spi.ProviderException;
import dev.parley.core.spi.SpeechRecognizer;
import java.io.IOException;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vosk.Model;

/**
 * Streaming speech recognition with Vosk (Kaldi) on a model directory the user supplies: one loaded
 * model shared by every session of the process, and a Kaldi recogniser per stream.
 *
 * <p><b>Streaming.</b> Each push is decoded at once ({@code acceptWaveForm}); partial results come
 * every 200 ms of audio while the hypothesis changes; {@code flush} gives the final words with
 * Vosk's times ({@code setWords(true)}), in milliseconds from the stream's first sample. See {@link
 * VoskStream}.
 *
 * <p><b>Phrase hints restrict, they do not bias.</b> Vosk's only vocabulary control is a grammar
 * ({@code new Recognizer(model, rate, grammarJson)}): when {@link Options#phraseHints()} is not
 * empty, the stream recognises <em>only</em> those phrases, plus {@code [unk]} for anything else,
 * which is dropped from the results. That suits menus and form filling ("yes", "no", "window
 * seat"), not open conversation: open a stream without hints for that. Phrases are lower-cased and
 * stripped of punctuation; words missing from the model's vocabulary are ignored by Vosk with a
 * warning, and digits are not words ("ten", not "10"). Only models with a dynamic graph ({@code
 * graph/HCLr.fst} and {@code Gr.fst}, as the small models have) support grammars; with a static
 * {@code HCLG.fst} graph Vosk warns and ignores the grammar, so hints then do nothing.
 *
 * <p><b>Language</b> is the model's: {@link Options#language()} is not checked against it, since a
 * Vosk model directory does not say which language it holds.
 *
 * <p>Thread-safe. Close the engine after its streams; Vosk counts references to the model, so a
 * stream still open keeps it alive.
 */
public final class VoskRecognizer implements SpeechRecognizer, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(VoskRecognizer.class);

  private final VoskModelDirectory directory;
  private final Model model;
  private boolean closed;
  private boolean warnedStaticGraph;

  /**
   * Loads the model in {@code modelDirectory}.
   *
   * @throws ProviderException of kind {@code UNAVAILABLE} if the directory is missing, is not a
   *     Vosk model or Vosk cannot load it, or the native library cannot be loaded; the message
   *     names the directory and where to get a model
   */
  public VoskRecognizer(Path modelDirectory) {
    this(VoskModelDirectory.at(modelDirectory));
  }

  /** Loads a model directory that has been found and checked. */
  public VoskRecognizer(VoskModelDirectory directory) {
    this.directory = directory;
    VoskNative.load();
    try {
      this.model = new Model(directory.directory().toString());
    } catch (IOException e) {
      throw VoskModelDirectory.unusable(
          directory.directory(),
          "Vosk could not load it (Kaldi's reason is on standard error); a file may be damaged or"
              + " truncated, or the model made for another Vosk version");
    }
  }

  /**
   * Loads the model named by {@code $PARLEY_VOSK_MODEL}, or the first {@code vosk-model-*}
   * directory in the Parley models directory (see {@link VoskModelDirectory}).
   *
   * @throws ProviderException of kind {@code UNAVAILABLE}, naming where the model was expected and
   *     where to download one
   */
  public static VoskRecognizer load() {
    return new VoskRecognizer(VoskModelDirectory.locate());
  }

  @Override
  public String name() {
    return "vosk";
  }

  /** The model directory this engine runs. */
  public VoskModelDirectory model() {
    return directory;
  }

  /**
   * Opens a stream with its own recogniser, restricted to the phrase hints if there are any.
   *
   * @throws ProviderException of kind {@code UNAVAILABLE} if Vosk cannot create the recogniser
   */
  @Override
  public synchronized Stream open(Options options, Listener listener) {
    if (closed) {
      throw new IllegalStateException("the Vosk recogniser is closed");
    }
    String grammar = VoskJson.grammar(options.phraseHints());
    if (grammar != null && !directory.supportsGrammar() && !warnedStaticGraph) {
      warnedStaticGraph = true;
      LOG.warn(
          "The Vosk model {} has a static graph (graph/HCLG.fst), so Vosk ignores the phrase"
              + " hints; use a model with graph/HCLr.fst and Gr.fst to restrict recognition to them",
          directory.directory());
    }
    return new VoskStream(new NativeDecoder(model, grammar), listener);
  }

  /** Drops the engine's reference to the model, once; open streams keep theirs. */
  @Override
  public synchronized void close() {
    if (!closed) {
      closed = true;
      model.close();
    }
  }

  @Override
  public String toString() {
    return "VoskRecognizer[" + directory + "]";
  }
}
