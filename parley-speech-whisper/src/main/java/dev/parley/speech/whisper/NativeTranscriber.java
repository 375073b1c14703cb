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
import io.github.givimad.whisperjni.WhisperContext;
import io.github.givimad.whisperjni.WhisperFullParams;
import io.github.givimad.whisperjni.WhisperJNI;
import io.github.givimad.whisperjni.WhisperSamplingStrategy;
import io.github.givimad.whisperjni.WhisperState;
import java.lang.ref.Cleaner;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A whisper.cpp decoder state of its own over the shared model: {@code whisper_full_with_state}
 * with greedy sampling, then the segments and their times (whisper.cpp counts them in 10 ms steps).
 *
 * <p>Owned by one stream. The state (the key/value caches and compute buffers: about 120 MB
 * measured even for the test's width-8 stand-in, since the buffers follow the 30 s window and the
 * vocabulary; more for real models) is freed by {@link #close}, or by a cleaner if the stream is
 * dropped without it.
 */
final class NativeTranscriber implements Transcriber {
  private static final Cleaner CLEANER = Cleaner.create();

  private final WhisperNative whisper;
  private final WhisperJNI jni;
  private final WhisperContext context;
  private final WhisperState state;
  private final WhisperFullParams params;
  private final Cleaner.Cleanable release;

  /**
   * Creates a decoder state for {@code context}.
   *
   * @param language a Whisper language code ("en", "de", …)
   * @param prompt text to condition the decoder on (the phrase hints), or {@code null}
   * @throws ProviderException of kind {@code UNAVAILABLE} if whisper.cpp cannot allocate the state
   */
  NativeTranscriber(
      WhisperNative whisper,
      WhisperContext context,
      String language,
      @Nullable String prompt,
      int threads) {
    this.whisper = whisper;
    this.jni = whisper.jni();
    this.context = context;
    WhisperState created = whisper.newState(context);
    if (created == null) {
      throw new ProviderException(
          ProviderException.Kind.UNAVAILABLE,
          "whisper.cpp could not allocate a decoder state (out of memory?)");
    }
    this.state = created;
    this.params = params(language, prompt, threads);
    this.release = CLEANER.register(this, () -> whisper.free(created));
  }

  static WhisperFullParams params(String language, @Nullable String prompt, int threads) {
    WhisperFullParams params = new WhisperFullParams(WhisperSamplingStrategy.GREEDY);
    params.nThreads = threads;
    params.language = language;
    params.translate = false;
    params.detectLanguage = false;
    // Each utterance stands alone: carrying the last one's text over lets a mistake repeat.
    params.noContext = true;
    params.singleSegment = false;
    params.noTimestamps = false;
    params.printProgress = false;
    params.printRealtime = false;
    params.printTimestamps = false;
    params.printSpecial = false;
    params.suppressBlank = true;
    params.suppressNonSpeechTokens = true;
    if (prompt != null) {
      params.initialPrompt = prompt;
    }
    return params;
  }

  @Override
  public List<Segment> transcribe(float[] audio, int length) {
    whisper.using().lock();
    try {
      int result = jni.fullWithState(context, state, params, audio, length);
      if (result != 0) {
        throw new ProviderException(
            ProviderException.Kind.FATAL, "whisper_full failed with code " + result);
      }
      int count = jni.fullNSegmentsFromState(state);
      List<Segment> segments = new ArrayList<>(count);
      for (int i = 0; i < count; i++) {
        String text = jni.fullGetSegmentTextFromState(state, i);
        long start = jni.fullGetSegmentTimestamp0FromState(state, i) * 10;
        long end = jni.fullGetSegmentTimestamp1FromState(state, i) * 10;
        segments.add(new Segment(text == null ? "" : text, start, end));
      }
      return segments;
    } finally {
      whisper.using().unlock();
    }
  }

  @Override
  public void close() {
    release.clean();
  }
}
