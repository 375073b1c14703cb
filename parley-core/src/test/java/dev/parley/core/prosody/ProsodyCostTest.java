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
import static dev.parley.core.prosody.Voices.quiet;
import static dev.parley.core.prosody.Voices.speech;
import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.clock.MediaClock;
import dev.parley.core.prosody.Voices.Script;
import java.util.Arrays;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** What a frame costs the session loop: no allocation, and the time, printed but not asserted. */
class ProsodyCostTest {
  private static final int WARM_UP_FRAMES = 20_000;
  private static final int MEASURED_FRAMES = 10_000;

  /** Speech with syllables, pitch movement and pauses, so every per-frame path runs. */
  private static final Script CALL =
      Script.of(
          speech(Voices.syllables(Voices.intonation(130, 3, 0.6), 4.5, 1.6, 0.2)),
          quiet(0.3),
          speech(
              Voices.mix(
                  Voices.pulses(Voices.glide(220, 150, 1.0), 0.2, Voices.samples(1.0)),
                  Voices.noise(0.01, Voices.samples(1.0), 9))),
          new Voices.Segment(Voices.noise(0.02, Voices.samples(0.4), 11), false));

  private static final int CALL_FRAMES = CALL.speech().length;

  private double sink;

  private void run(ProsodyTracker tracker, int fromFrame, int frames) {
    short[] audio = CALL.audio();
    boolean[] speech = CALL.speech();
    for (int n = fromFrame; n < fromFrame + frames; n++) {
      int f = n % CALL_FRAMES;
      tracker.accept(audio, f * FRAME, speech[f], n * ProsodyTracker.FRAME_NANOS);
      sink += tracker.finalPitchSlope();
    }
  }

  @Test
  void aFrameAllocatesNothing() {
    ProsodyTracker tracker = new ProsodyTracker();
    tracker.startTurn();
    run(tracker, 0, WARM_UP_FRAMES);
    long before = Voices.allocatedBytes();
    run(tracker, WARM_UP_FRAMES, MEASURED_FRAMES);
    long allocated = Voices.allocatedBytes() - before;
    System.out.printf(
        Locale.ROOT,
        "prosody: %d bytes allocated over %d frames (accept + finalPitchSlope)%n",
        allocated,
        MEASURED_FRAMES);
    assertThat(allocated).isZero();
    assertThat(sink).isFinite();
    assertThat(tracker.summary().voicedMillis()).isPositive();
  }

  @Test
  void printsTheCostOfAFrame() {
    MediaClock clock = MediaClock.system();
    ProsodyTracker tracker = new ProsodyTracker();
    tracker.startTurn();
    run(tracker, 0, WARM_UP_FRAMES);
    short[] audio = CALL.audio();
    boolean[] speech = CALL.speech();
    long[] all = new long[MEASURED_FRAMES];
    long[] speechOnly = new long[MEASURED_FRAMES];
    int speechCount = 0;
    for (int n = 0; n < MEASURED_FRAMES; n++) {
      int f = n % CALL_FRAMES;
      long start = clock.nanos();
      tracker.accept(
          audio, f * FRAME, speech[f], (WARM_UP_FRAMES + n) * ProsodyTracker.FRAME_NANOS);
      long took = clock.nanos() - start;
      all[n] = took;
      if (speech[f]) {
        speechOnly[speechCount++] = took;
      }
    }
    PitchTracker pitch = new PitchTracker();
    long[] pitchOnly = new long[MEASURED_FRAMES];
    for (int n = 0; n < WARM_UP_FRAMES + MEASURED_FRAMES; n++) {
      int f = n % CALL_FRAMES;
      long start = clock.nanos();
      sink += pitch.accept(audio, f * FRAME);
      if (n >= WARM_UP_FRAMES) {
        pitchOnly[n - WARM_UP_FRAMES] = clock.nanos() - start;
      }
    }
    System.out.printf(
        Locale.ROOT,
        "prosody per frame: median %.1f µs, p99 %.1f µs over all frames;"
            + " speech frames median %.1f µs, p99 %.1f µs; PitchTracker.accept median %.1f µs%n",
        percentile(all, all.length, 0.5),
        percentile(all, all.length, 0.99),
        percentile(speechOnly, speechCount, 0.5),
        percentile(speechOnly, speechCount, 0.99),
        percentile(pitchOnly, pitchOnly.length, 0.5));
    assertThat(speechCount).isPositive();
    assertThat(sink).isFinite();
  }

  private static double percentile(long[] nanos, int n, double p) {
    long[] sorted = Arrays.copyOf(nanos, n);
    Arrays.sort(sorted);
    return sorted[(int) Math.min(n - 1, Math.floor(p * n))] / 1000.0;
  }
}
