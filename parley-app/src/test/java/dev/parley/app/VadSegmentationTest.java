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
package dev.parley.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.parley.app.VadSegmentation.Segment;
import dev.parley.app.VadSegmentation.Settings;
import dev.parley.core.audio.WavReader;
import dev.parley.core.spi.ProviderException;
import dev.parley.speech.silero.SileroVad;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.opentest4j.TestAbortedException;

class VadSegmentationTest {
  /** 32 ms windows, as Silero's at 16 kHz. */
  private static final int WINDOW = 512;

  private static float[] windows(String pattern) {
    // One character per 32 ms window: '#' 0.9, '+' 0.4 (between the thresholds), '.' 0.1.
    float[] p = new float[pattern.length()];
    for (int i = 0; i < p.length; i++) {
      p[i] =
          switch (pattern.charAt(i)) {
            case '#' -> 0.9f;
            case '+' -> 0.4f;
            default -> 0.1f;
          };
    }
    return p;
  }

  private static List<Segment> segment(String pattern, Settings settings) {
    return VadSegmentation.segments(
        windows(pattern), WINDOW, (long) pattern.length() * WINDOW, settings);
  }

  private static final Settings BARE = new Settings(0.5, 0.35, 0, 0, 0);

  @Nested
  class Edges {
    @Test
    void speechStartsAtTheFirstWindowOverTheThresholdAndEndsAtTheFirstUnderTheStop() {
      assertThat(segment("..####..", BARE)).containsExactly(new Segment(64, 192));
    }

    @Test
    void windowsBetweenTheThresholdsNeitherStartNorEndSpeech() {
      assertThat(segment("++##++..", BARE)).containsExactly(new Segment(64, 192));
    }

    @Test
    void speechRunningToTheEndEndsWithTheRecording() {
      assertThat(segment("...#####", BARE)).containsExactly(new Segment(96, 256));
    }
  }

  @Nested
  class Durations {
    @Test
    void aGapShorterThanTheMinimumSilenceDoesNotSplitASegment() {
      Settings bridge = new Settings(0.5, 0.35, 0, 100, 0);
      // Silence is timed from its first window to the start of the current one, as Silero does:
      // two silent windows reach 32 ms, five reach 128 ms.
      assertThat(segment("###..###......", bridge)).containsExactly(new Segment(0, 256));
      assertThat(segment("###.....###......", bridge))
          .containsExactly(new Segment(0, 96), new Segment(256, 352));
    }

    @Test
    void segmentsNoLongerThanTheMinimumSpeechAreDropped() {
      Settings min = new Settings(0.5, 0.35, 100, 0, 0);
      assertThat(segment("..###.....####....", min)).containsExactly(new Segment(320, 448));
    }
  }

  @Nested
  class Padding {
    @Test
    void eachSegmentGrowsByThePaddingWithinTheRecording() {
      Settings pad = new Settings(0.5, 0.35, 0, 0, 30);
      assertThat(segment("###.......###.....", pad))
          .containsExactly(new Segment(0, 126), new Segment(290, 446));
    }

    @Test
    void segmentsCloserThanTwiceThePaddingMeetHalfwayInTheGap() {
      Settings pad = new Settings(0.5, 0.35, 0, 0, 40);
      assertThat(segment("..###.###..", pad))
          .containsExactly(new Segment(24, 176), new Segment(176, 328));
    }
  }

  @Test
  void settingsThatCannotWorkAreRefused() {
    assertThatThrownBy(() -> new Settings(0.5, 0.6, 0, 0, 0))
        .hasMessageContaining("stop threshold");
    assertThatThrownBy(() -> new Settings(1.5, 0.3, 0, 0, 0)).hasMessageContaining("threshold");
    assertThatThrownBy(() -> new Settings(0.5, 0.3, -1, 0, 0)).hasMessageContaining("negative");
  }

  @Test
  void frameAccuracyCountsTenMillisecondFramesOnWhichBothAgree() {
    List<Segment> truth = List.of(new Segment(100, 500));
    assertThat(VadSegmentation.frameAccuracy(truth, truth, 1000)).isEqualTo(1.0);
    assertThat(VadSegmentation.frameAccuracy(List.of(new Segment(200, 500)), truth, 1000))
        .isCloseTo(0.9, within(1e-9));
    assertThat(VadSegmentation.frameAccuracy(List.of(), truth, 1000)).isCloseTo(0.6, within(1e-9));
  }

  /**
   * Frame accuracy of {@code parley vad}'s settings on real speech: ten recordings of two speakers
   * from Debian's pocketsphinx-testdata (five LibriVox sentences, five card names), labelled by
   * PocketSphinx's word segmentation (an HMM recogniser on MFCCs, so the labels owe nothing to the
   * Silero network being scored). Numbers and how they compare are in docs/vad.md.
   */
  @Nested
  class OnRealSpeech {
    private static final Path DATA = Path.of("/usr/share/pocketsphinx/test/data");

    private static final List<String> CLIPS =
        List.of(
            "librivox/sense_and_sensibility_01_austen_64kb-0870",
            "librivox/sense_and_sensibility_01_austen_64kb-0880",
            "librivox/sense_and_sensibility_01_austen_64kb-0890",
            "librivox/sense_and_sensibility_01_austen_64kb-0920",
            "librivox/sense_and_sensibility_01_austen_64kb-0930",
            "cards/001",
            "cards/002",
            "cards/003",
            "cards/004",
            "cards/005");

    private static SileroVad silero() {
      try {
        return SileroVad.load();
      } catch (ProviderException e) {
        throw missing("Silero VAD: " + e.getMessage());
      }
    }

    private static TestAbortedException missing(String what) {
      String message = what + " (install with bin/setup)";
      if (Boolean.parseBoolean(System.getenv("PARLEY_REQUIRE_MODELS"))) {
        throw new AssertionError(message);
      }
      return new TestAbortedException(message);
    }

    /** Pooled frame accuracy of {@code settings} over every clip, weighted by length. */
    private static double pooled(SileroVad vad, Settings settings, List<String> clips)
        throws IOException, Exception {
      long agree = 0;
      long frames = 0;
      for (String clip : clips) {
        Path wav = DATA.resolve(clip + ".wav");
        if (!Files.isRegularFile(wav)) {
          throw missing("real speech " + wav);
        }
        short[] audio = WavReader.read(wav).toSessionAudio();
        String name = clip.substring(clip.indexOf('/') + 1);
        Path labels =
            Path.of(VadSegmentationTest.class.getResource("vad/" + name + ".words.json").toURI());
        List<Segment> truth = VadCommand.readReference(labels);
        List<Segment> found =
            VadSegmentation.segments(
                VadCommand.probabilities(vad, audio), vad.windowSamples(), audio.length, settings);
        long n = audio.length / 160;
        frames += n;
        agree += Math.round(VadSegmentation.frameAccuracy(found, truth, audio.length / 16L) * n);
      }
      return agree / (double) frames;
    }

    @Test
    void sileroDefaultsReachNinetyPercentOfFramesAndBeatTheTurnSettings() throws Exception {
      try (SileroVad vad = silero()) {
        double segmentation = pooled(vad, Settings.silero(), CLIPS);
        // The session's turn settings (0.5 / 0.35, 200 ms silence, no padding): what parley vad
        // printed before it had settings of its own.
        double turn = pooled(vad, new Settings(0.5, 0.35, 100, 200, 0), CLIPS);
        System.out.printf(
            Locale.ROOT,
            "parley vad frame accuracy on 10 real clips: %.3f (turn settings %.3f)%n",
            segmentation,
            turn);
        assertThat(segmentation).isGreaterThanOrEqualTo(0.90);
        assertThat(segmentation).isGreaterThan(turn);
      }
    }

    @Test
    void onCleanReadSpeechWithSilenceAroundItTheEdgesAreWithinAFewFrames() throws Exception {
      List<String> librivox = new ArrayList<>(CLIPS.subList(0, 5));
      try (SileroVad vad = silero()) {
        assertThat(pooled(vad, Settings.silero(), librivox)).isGreaterThanOrEqualTo(0.94);
      }
    }
  }
}
