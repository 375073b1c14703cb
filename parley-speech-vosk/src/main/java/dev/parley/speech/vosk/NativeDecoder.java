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
import java.lang.ref.Cleaner;
import org.jspecify.annotations.Nullable;
import org.vosk.Model;
import org.vosk.Recognizer;

/**
 * A Kaldi recogniser over the shared model, with word times switched on ({@code setWords}) and an
 * optional phrase grammar. Owned by one stream; freed by {@link #close}, or by a cleaner if the
 * stream is dropped without it.
 */
final class NativeDecoder implements Decoder {
  private static final Cleaner CLEANER = Cleaner.create();

  private final Recognizer recognizer;
  private final Cleaner.Cleanable release;

  /**
   * Creates a recogniser at 16 kHz.
   *
   * @param grammar a JSON array of phrases to restrict recognition to, or {@code null}
   * @throws ProviderException of kind {@code UNAVAILABLE} if Vosk cannot create it
   */
  NativeDecoder(Model model, @Nullable String grammar) {
    Recognizer created;
    try {
      created =
          grammar == null
              ? new Recognizer(model, VoskStream.SAMPLE_RATE)
              : new Recognizer(model, VoskStream.SAMPLE_RATE, grammar);
    } catch (java.io.IOException e) {
      throw failed(e);
    }
    // The grammar constructor does not check for NULL, and every later call would crash on it.
    if (created.getPointer() == null) {
      throw failed(null);
    }
    created.setWords(true);
    this.recognizer = created;
    this.release = CLEANER.register(this, created::close);
  }

  private static ProviderException failed(@Nullable Exception cause) {
    return new ProviderException(
        ProviderException.Kind.UNAVAILABLE,
        "Vosk could not create a recogniser (see its log on standard error)",
        cause);
  }

  @Override
  public boolean accept(short[] samples, int length) {
    return recognizer.acceptWaveForm(samples, length);
  }

  @Override
  public String partial() {
    return recognizer.getPartialResult();
  }

  @Override
  public String result() {
    return recognizer.getResult();
  }

  @Override
  public String finalResult() {
    return recognizer.getFinalResult();
  }

  @Override
  public void close() {
    release.clean();
  }
}
