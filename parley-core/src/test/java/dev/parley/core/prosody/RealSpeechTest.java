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

import static dev.parley.core.prosody.Voices.FRAME;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The trackers on recorded adult speech, with Parley's energy VAD deciding what is speech.
 *
 * <p>The reference medians come from Praat 6.3.07 ({@code To Pitch: 0, 60, 400}, the
 * autocorrelation method, on the whole file), an independent and widely trusted pitch tracker. The
 * syllable counts come from the transcripts shipped with the clips.
 */
class RealSpeechTest {
  /** One clip measured as a single turn. */
  private record Measured(UserAffect affect, double voicedFraction, double nuclei) {}

  private static Measured measure(String name, short[] audio) {
    boolean[] speech = Voices.energyVad(audio);
    ProsodyTracker tracker = new ProsodyTracker();
    tracker.startTurn();
    int speechFrames = 0;
    int voicedFrames = 0;
    for (int f = 0; f < speech.length; f++) {
      tracker.accept(audio, f * FRAME, speech[f], f * ProsodyTracker.FRAME_NANOS);
      speechFrames += speech[f] ? 1 : 0;
      voicedFrames += tracker.voiced() ? 1 : 0;
    }
    UserAffect affect = tracker.endTurn();
    double nuclei =
        affect.syllablesPerSecond() * (affect.speakingMillis() - affect.pauseMillis()) / 1000.0;
    Measured measured = new Measured(affect, (double) voicedFrames / speechFrames, nuclei);
    System.out.printf(
        Locale.ROOT,
        "%s: median %.1f Hz, range %.1f st, voiced %.2f of speech, %.0f nuclei, %.2f syl/s,"
            + " final slope %+.1f st/s%n  %s%n",
        name,
        affect.pitchHz(),
        affect.pitchRangeSemitones(),
        measured.voicedFraction(),
        nuclei,
        affect.syllablesPerSecond(),
        affect.finalSlopeSemitonesPerSecond(),
        affect.describe());
    return measured;
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    // clip, Praat median F0 in Hz, syllables in the transcript
    "goforward.raw, 115.6, 6", // go forward ten meters
    "cards/001.wav, 110.6, 3", // ten of clubs
    "cards/005.wav, 99.1, 10", // eight of spades four of clubs seven of hearts
    "tidigits/dhd.2934z.raw, 127.2, 6", // two nine three four zero
    "librivox/sense_and_sensibility_01_austen_64kb-0870.wav, 99.9, 31",
    "librivox/sense_and_sensibility_01_austen_64kb-0920.wav, 102.1, 28",
  })
  void pocketsphinxSpeakersHavePlausiblePitchVoicingAndRate(
      String clip, double praatMedianHz, int syllables) {
    Measured m = measure(clip, Voices.pocketsphinx(clip));
    UserAffect affect = m.affect();
    assertThat(affect.pitchHz()).isBetween(80.0, 300.0);
    assertThat(affect.pitchHz()).isCloseTo(praatMedianHz, within(0.05 * praatMedianHz));
    assertThat(m.voicedFraction()).isBetween(0.3, 0.9);
    assertThat(affect.syllablesPerSecond()).isBetween(2.0, 7.0);
    assertThat(m.nuclei()).isCloseTo(syllables, within(0.35 * syllables));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"numbers.raw, 105.7", "something.raw, 106.5"})
  void pocketsphinxClipsWithoutTranscriptsHavePlausiblePitch(String clip, double praatMedianHz) {
    Measured m = measure(clip, Voices.pocketsphinx(clip));
    assertThat(m.affect().pitchHz()).isCloseTo(praatMedianHz, within(0.05 * praatMedianHz));
    assertThat(m.voicedFraction()).isBetween(0.3, 0.9);
  }

  /**
   * JFK orating outdoors speaks high: Praat puts the median at 237.7 Hz (10th–90th percentile
   * 187.6–282.8 Hz, 7.1 semitones), well above his conversational voice. The recording carries 60
   * Hz mains hum between the words, which the energy VAD calls speech; the background gate keeps it
   * out of the range. "And so, my fellow Americans: ask not what your country can do for you — ask
   * what you can do for your country" is 29 syllables.
   */
  @Test
  void jfkIsMeasuredLikePraatMeasuresHim() {
    Measured m = measure("samples/jfk.wav", Voices.jfk());
    UserAffect affect = m.affect();
    assertThat(affect.pitchHz()).isBetween(220.0, 260.0);
    assertThat(affect.pitchRangeSemitones()).isBetween(5.0, 9.0);
    assertThat(m.voicedFraction()).isBetween(0.3, 0.9);
    assertThat(affect.syllablesPerSecond()).isBetween(2.0, 7.0);
    assertThat(m.nuclei()).isCloseTo(29, within(0.35 * 29));
  }
}
