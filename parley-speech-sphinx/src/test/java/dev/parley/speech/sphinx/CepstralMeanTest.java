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
package dev.parley.speech.sphinx;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.spi.SpeechRecognizer;
import dev.parley.core.spi.SpeechRecognizer.Options;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * The fast cepstral mean on the real decoder: it finds the structures it writes, and a caller's
 * first words through a telephone line are heard better with it. Needs {@code bash
 * parley-speech-sphinx/setup.sh}.
 */
class CepstralMeanTest {
  private static final FrontEnd.Settings MEAN_ONLY =
      new FrontEnd.Settings(false, 1, false, 0, CepstralMean.PRIOR_FRAMES);

  @Test
  void debiansDecoderHasTheLayoutItWrites() {
    SphinxRecognizer engine = SphinxRecognizer.loadDefault(MEAN_ONLY, List.of());
    try (SpeechRecognizer.Stream stream = engine.open(Options.defaults(), new Recorder())) {
      assertThat(((SphinxStream) stream).adaptsCepstralMean()).isTrue();
    }
  }

  @Test
  void aPhoneCallersFirstUtteranceIsHeardBetterThanWithTheTrainingMean() throws Exception {
    // The tuning half's "go forward ten meters" and first LibriVox sentence, through the line.
    List<TestClips.Clip> clips = List.of(TestClips.goForward(), TestClips.librivox().getFirst());
    WordErrorRate slow = WordErrorRate.zero();
    WordErrorRate fast = WordErrorRate.zero();
    SphinxRecognizer plain = SphinxRecognizer.loadDefault(FrontEnd.Settings.OFF, List.of());
    SphinxRecognizer adapting = SphinxRecognizer.loadDefault(MEAN_ONLY, List.of());
    for (TestClips.Clip clip : clips) {
      TestClips.Clip phone =
          new TestClips.Clip(
              clip.id(), ChannelWordErrorTest.phoneLine(clip.samples()), clip.transcript());
      slow = slow.plus(SphinxRecognizerTest.transcribe(plain, Options.defaults(), phone).errors());
      fast =
          fast.plus(SphinxRecognizerTest.transcribe(adapting, Options.defaults(), phone).errors());
    }
    System.out.printf(
        Locale.ROOT, "phone line, first utterance: training mean %s, fast mean %s%n", slow, fast);
    assertThat(fast.rate()).isLessThan(slow.rate() - 0.2);
  }
}
