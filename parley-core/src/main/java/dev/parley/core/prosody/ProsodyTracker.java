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

import java.util.Arrays;
import java.util.Objects;

/**
 * Follows the prosody of one user through a session: per 20 ms frame the level and pitch, per turn
 * the statistics summarised as a {@link UserAffect}, and across turns the speaker's baseline that
 * makes those statistics personal.
 *
 * <p>One per session, owned by the session loop and unsynchronised. {@link #accept} costs one
 * {@link PitchTracker} analysis on speech frames (a median of about 12 µs a frame in all, measured
 * by {@code ProsodyCostTest}) and allocates nothing; {@link #summary()} and {@link #endTurn()}
 * allocate only the returned record.
 *
 * <pre>
 *  frame ──▶ frame level, two 10 ms levels ──▶ loudness; syllable-nucleus peaks ──▶ rate
 *    └─(speech)─▶ PitchTracker ──▶ F0 ──▶ semitone histogram ──▶ median, range
 *                                    └──▶ ring of the last voiced frames ──▶ final slope
 *  VAD speech flag ──▶ gaps ≥ 200 ms between speech frames ──▶ pauses, hesitation
 *  endTurn ──▶ UserAffect against the baseline; then baseline ← exponential average of the turn
 * </pre>
 *
 * <p>Measures, in order of the {@code UserAffect} fields:
 *
 * <ul>
 *   <li><b>Pitch</b> of speech frames that YIN finds voiced, except background (see {@link
 *       #BACKGROUND_BELOW_LOUDEST_DB}), goes into a histogram of 0.2-semitone bins from 55 Hz,
 *       whose median and 10th–90th percentile range ignore the occasional octave error.
 *   <li><b>Loudness</b> is the mean RMS level in dBFS of those voiced frames (the vowels), which
 *       follows vocal effort better than a mean over consonants and breath.
 *   <li><b>Rate</b> counts syllable nuclei in the manner of de Jong &amp; Wempe (2009), simplified:
 *       peaks of the level in 10 ms steps that rise and then fall by {@link #NUCLEUS_DIP_DB} dB,
 *       lie within {@link #BACKGROUND_BELOW_LOUDEST_DB} dB of the turn's loudest frame, are voiced,
 *       and come at least {@link #NUCLEUS_MIN_SPACING_MILLIS} ms after the previous nucleus;
 *       divided by the speaking time without pauses (the articulation rate).
 *   <li><b>Pauses</b> are gaps of non-speech of at least {@link #PAUSE_MIN_MILLIS} ms between
 *       speech frames of the turn; a silence after the last speech is the end of the turn, not a
 *       pause.
 *   <li><b>Final slope</b> fits a line by least squares to the semitone pitch of voiced frames in
 *       the {@link #FINAL_SLOPE_MILLIS} ms ending at the last voiced frame, after dropping frames
 *       more than {@link #SLOPE_OUTLIER_SEMITONES} semitones from their median (octave errors).
 * </ul>
 *
 * <p>The baseline is an exponential average (weight {@link #BASELINE_WEIGHT} for the newest) of the
 * median pitch, range, loudness and rate of the speaker's earlier turns with at least {@link
 * #BASELINE_MIN_VOICED_MILLIS} ms voiced; the first such turn initialises it. Final lengthening is
 * not estimated.
 */
public final class ProsodyTracker {
  /** Frame duration in nanoseconds: 320 samples at 16 kHz. */
  public static final long FRAME_NANOS = 20_000_000;

  /**
   * Shortest silent gap counted as a pause, in ms. Shorter gaps are stop closures and VAD flicker;
   * pause research since Goldman-Eisler uses 200–250 ms as the threshold.
   */
  public static final long PAUSE_MIN_MILLIS = 200;

  /**
   * Length of the final pitch movement, in ms: about the last one or two syllables, where English
   * places the boundary tone that marks statement (fall) or question and continuation (rise).
   */
  public static final long FINAL_SLOPE_MILLIS = 400;

  /** Fewest voiced frames (100 ms) in the final window for a slope; with fewer it reads 0. */
  public static final int FINAL_SLOPE_MIN_FRAMES = 5;

  /**
   * Frames farther than this from the final window's median pitch are octave errors or creak and
   * are left out of the slope: a real final movement spans well under an octave in 400 ms.
   */
  public static final double SLOPE_OUTLIER_SEMITONES = 5.0;

  /**
   * The rise and fall in dB around a level peak for it to count as a syllable nucleus: the dip de
   * Jong &amp; Wempe use between syllables.
   */
  public static final double NUCLEUS_DIP_DB = 2.0;

  /**
   * The closest two syllable nuclei may be, in ms. A 10 ms window holds one or two glottal pulses
   * of a low or creaky voice, so the level can ripple by 2–3 dB inside one vowel, with false peaks
   * 10–30 ms apart; real nuclei of short read syllables ("of", "to") come as close as 60–100 ms. On
   * the real-speech clips 50 ms changes the counts by at most two, while 100 ms lost a quarter of
   * them.
   */
  public static final long NUCLEUS_MIN_SPACING_MILLIS = 50;

  /**
   * Frames more than this many dB below the turn's loudest speech frame are background (mains hum,
   * breath, a distant voice), not the speaker's voice: their pitch stays out of the statistics and
   * their level peaks are not syllables. This is de Jong &amp; Wempe's silence threshold, −25 dB
   * from the maximum, close to Praat's default of 0.03 of the peak amplitude; without it the 60 Hz
   * hum between the words of the JFK sample widens its pitch range from 7 to 27 semitones.
   */
  public static final double BACKGROUND_BELOW_LOUDEST_DB = 25.0;

  /**
   * The weight of the newest turn in the baseline. 0.25 lets the baseline settle within three or
   * four turns and follow a speaker who warms up, while a single agitated turn moves it only a
   * quarter of the way.
   */
  public static final double BASELINE_WEIGHT = 0.25;

  /**
   * Turns with less voiced speech than this, in ms, leave the baseline alone: "mhm" is not usual.
   */
  public static final long BASELINE_MIN_VOICED_MILLIS = 500;

  private static final int FRAME_SAMPLES = PitchTracker.FRAME_SAMPLES;
  private static final long FRAME_MILLIS = FRAME_NANOS / 1_000_000;

  /** Frames arriving later than this after the previous one mean lost audio: restart the window. */
  private static final long GAP_TOLERANCE_NANOS = FRAME_NANOS + FRAME_NANOS / 4;

  private static final double REFERENCE_HZ = 55.0;
  private static final double SEMITONES_PER_NEPER = 12 / Math.log(2);
  private static final double BIN_SEMITONES = 0.2;
  private static final int BINS = 180; // 36 semitones above 55 Hz reach 443 Hz
  private static final double SILENCE_DBFS = -120.0;
  private static final int SLOPE_RING = 32; // > FINAL_SLOPE_MILLIS / 20 ms
  private static final double NANOS_PER_SECOND = 1e9;

  private final PitchTracker pitch = new PitchTracker();

  // The latest frame.
  private long lastFrameStartNanos = Long.MIN_VALUE;
  private double levelDbfs = SILENCE_DBFS;
  private double firstHalfDbfs = SILENCE_DBFS;
  private double secondHalfDbfs = SILENCE_DBFS;
  private double pitchHz;
  private boolean voiced;

  // The turn in progress.
  private boolean inTurn;
  private long firstSpeechNanos = -1;
  private long lastSpeechEndNanos;
  private int voicedFrames;
  private int pauseCount;
  private long pauseNanos;
  private final int[] histogram = new int[BINS];
  private double voicedLevelSum;
  private double speechLevelSum;
  private int speechFrames;
  private double loudestDbfs;

  // Syllable-nucleus peak picker: hysteresis of NUCLEUS_DIP_DB on the frame level.
  private int nuclei;
  private boolean rising;
  private double valleyDbfs;
  private double peakDbfs;
  private boolean peakVoiced;
  private long peakNanos;
  private long lastNucleusNanos;

  // The latest voiced frames of the turn, for the final slope.
  private final float[] slopeSemitones = new float[SLOPE_RING];
  private final long[] slopeNanos = new long[SLOPE_RING];
  private final float[] slopeScratch = new float[SLOPE_RING];
  private int slopeCount;
  private int slopeHead;

  // The speaker's baseline.
  private int baselineTurns;
  private double usualSemitones;
  private double usualRangeSemitones;
  private double usualLoudnessDbfs;
  private double usualSyllablesPerSecond;

  /** A tracker with no turn in progress and no baseline. */
  public ProsodyTracker() {}

  /**
   * Takes the next 20 ms frame, {@code samples[offset..offset+320)}, with the VAD's verdict on it.
   * Outside a turn only the per-frame readings change.
   *
   * @param speech whether the VAD judged the frame to be speech
   * @param frameStartNanos the media-clock time of the frame's first sample
   * @throws IndexOutOfBoundsException if the frame falls outside {@code samples}
   */
  public void accept(short[] samples, int offset, boolean speech, long frameStartNanos) {
    Objects.checkFromIndexSize(offset, FRAME_SAMPLES, samples.length);
    if (lastFrameStartNanos != Long.MIN_VALUE
        && frameStartNanos - lastFrameStartNanos > GAP_TOLERANCE_NANOS) {
      pitch.reset();
    }
    lastFrameStartNanos = frameStartNanos;
    measureLevels(samples, offset);
    if (speech) {
      pitchHz = pitch.accept(samples, offset);
    } else {
      pitch.skip(samples, offset);
      pitchHz = 0;
    }
    voiced = speech && pitchHz > 0;
    if (inTurn) {
      track(speech, frameStartNanos);
    }
  }

  /**
   * Starts a user turn: the statistics of the previous turn are dropped. A turn in progress is
   * abandoned without touching the baseline.
   */
  public void startTurn() {
    inTurn = true;
    firstSpeechNanos = -1;
    lastSpeechEndNanos = 0;
    voicedFrames = 0;
    pauseCount = 0;
    pauseNanos = 0;
    Arrays.fill(histogram, 0);
    voicedLevelSum = 0;
    speechLevelSum = 0;
    speechFrames = 0;
    loudestDbfs = SILENCE_DBFS;
    nuclei = 0;
    rising = false;
    valleyDbfs = SILENCE_DBFS;
    peakDbfs = SILENCE_DBFS;
    peakVoiced = false;
    peakNanos = 0;
    lastNucleusNanos = Long.MIN_VALUE / 2;
    slopeCount = 0;
    slopeHead = 0;
  }

  /**
   * Ends the turn in progress, returns its summary against the baseline as it stood before the
   * turn, and then folds the turn into the baseline.
   *
   * @throws IllegalStateException if no turn is in progress
   */
  public UserAffect endTurn() {
    if (!inTurn) {
      throw new IllegalStateException("endTurn() without startTurn()");
    }
    UserAffect affect = summary();
    inTurn = false;
    if (affect.voicedMillis() >= BASELINE_MIN_VOICED_MILLIS) {
      double semitones = semitones(affect.pitchHz());
      if (baselineTurns == 0) {
        usualSemitones = semitones;
        usualRangeSemitones = affect.pitchRangeSemitones();
        usualLoudnessDbfs = affect.loudnessDbfs();
      } else {
        usualSemitones += BASELINE_WEIGHT * (semitones - usualSemitones);
        usualRangeSemitones +=
            BASELINE_WEIGHT * (affect.pitchRangeSemitones() - usualRangeSemitones);
        usualLoudnessDbfs += BASELINE_WEIGHT * (affect.loudnessDbfs() - usualLoudnessDbfs);
      }
      double rate = affect.syllablesPerSecond();
      if (rate > 0) {
        usualSyllablesPerSecond =
            usualSyllablesPerSecond == 0
                ? rate
                : usualSyllablesPerSecond + BASELINE_WEIGHT * (rate - usualSyllablesPerSecond);
      }
      baselineTurns++;
    }
    return affect;
  }

  /**
   * The summary of the turn in progress so far against the baseline. Between {@link #endTurn} and
   * the next {@link #startTurn} it describes the ended turn against the baseline that now includes
   * it.
   */
  public UserAffect summary() {
    if (firstSpeechNanos < 0) {
      return UserAffect.silent(baselineTurns);
    }
    long speakingNanos = lastSpeechEndNanos - firstSpeechNanos;
    long voicedMillis = voicedFrames * FRAME_MILLIS;
    double medianSemitones = percentile(0.5);
    double rangeSemitones = voicedFrames == 0 ? 0 : percentile(0.9) - percentile(0.1);
    double medianHz = voicedFrames == 0 ? 0 : REFERENCE_HZ * Math.pow(2, medianSemitones / 12);
    double loudness =
        voicedFrames > 0 ? voicedLevelSum / voicedFrames : speechLevelSum / speechFrames;
    long articulationNanos = speakingNanos - pauseNanos;
    int syllables = nuclei + (pendingNucleus() ? 1 : 0);
    double rate = articulationNanos > 0 ? syllables * NANOS_PER_SECOND / articulationNanos : 0;
    boolean relative = baselineTurns > 0;
    return new UserAffect(
        medianHz,
        relative && voicedFrames > 0 ? medianSemitones - usualSemitones : 0,
        rangeSemitones,
        relative && voicedFrames > 0 ? rangeSemitones - usualRangeSemitones : 0,
        loudness,
        relative ? loudness - usualLoudnessDbfs : 0,
        rate,
        usualSyllablesPerSecond,
        speakingNanos > 0 ? (double) pauseNanos / speakingNanos : 0,
        pauseCount,
        pauseNanos / 1_000_000,
        finalPitchSlope(),
        voicedMillis,
        speakingNanos / 1_000_000,
        baselineTurns);
  }

  /**
   * The slope of the final pitch movement of the turn so far in semitones per second, as in {@link
   * UserAffect#finalSlopeSemitonesPerSecond()}; 0 when fewer than {@link #FINAL_SLOPE_MIN_FRAMES}
   * voiced frames fall in the window. Allocation-free, for a turn detector to call every frame.
   */
  public double finalPitchSlope() {
    int n = Math.min(slopeCount, SLOPE_RING);
    if (n < FINAL_SLOPE_MIN_FRAMES) {
      return 0;
    }
    int newest = Math.floorMod(slopeHead - 1, SLOPE_RING);
    long endNanos = slopeNanos[newest];
    long fromNanos = endNanos - FINAL_SLOPE_MILLIS * 1_000_000;
    int inWindow = 0;
    for (int k = 0; k < n; k++) {
      int i = Math.floorMod(newest - k, SLOPE_RING);
      if (slopeNanos[i] < fromNanos) {
        break;
      }
      slopeScratch[inWindow++] = slopeSemitones[i];
    }
    if (inWindow < FINAL_SLOPE_MIN_FRAMES) {
      return 0;
    }
    float median = median(slopeScratch, inWindow);
    double sumT = 0;
    double sumS = 0;
    double sumTt = 0;
    double sumTs = 0;
    int used = 0;
    for (int k = 0; k < inWindow; k++) {
      int i = Math.floorMod(newest - k, SLOPE_RING);
      double s = slopeSemitones[i];
      if (Math.abs(s - median) > SLOPE_OUTLIER_SEMITONES) {
        continue;
      }
      double t = (slopeNanos[i] - endNanos) / NANOS_PER_SECOND;
      sumT += t;
      sumS += s;
      sumTt += t * t;
      sumTs += t * s;
      used++;
    }
    if (used < FINAL_SLOPE_MIN_FRAMES) {
      return 0;
    }
    double denominator = used * sumTt - sumT * sumT;
    return denominator > 0 ? (used * sumTs - sumT * sumS) / denominator : 0;
  }

  /** The latest frame's RMS level in dBFS (−120 for digital silence). */
  public double levelDbfs() {
    return levelDbfs;
  }

  /** The latest frame's F0 in hertz, or 0 if it was unvoiced or not speech. */
  public double pitchHz() {
    return pitchHz;
  }

  /** The latest frame's voicing confidence from 0 to 1, as in {@link PitchTracker#confidence()}. */
  public double voicing() {
    return pitch.confidence();
  }

  /** Whether the latest frame was speech with a pitch. */
  public boolean voiced() {
    return voiced;
  }

  /** Whether a turn is in progress. */
  public boolean inTurn() {
    return inTurn;
  }

  /** How many turns the speaker's baseline averages; 0 until a turn with enough voicing ends. */
  public int baselineTurns() {
    return baselineTurns;
  }

  private void track(boolean speech, long frameStartNanos) {
    if (speech) {
      if (firstSpeechNanos < 0) {
        firstSpeechNanos = frameStartNanos;
      } else {
        long gapNanos = frameStartNanos - lastSpeechEndNanos;
        if (gapNanos >= PAUSE_MIN_MILLIS * 1_000_000) {
          pauseCount++;
          pauseNanos += gapNanos;
        }
      }
      lastSpeechEndNanos = frameStartNanos + FRAME_NANOS;
      speechFrames++;
      speechLevelSum += levelDbfs;
      loudestDbfs = Math.max(loudestDbfs, levelDbfs);
      if (voiced && levelDbfs >= loudestDbfs - BACKGROUND_BELOW_LOUDEST_DB) {
        voicedFrames++;
        voicedLevelSum += levelDbfs;
        double semitones = semitones(pitchHz);
        histogram[Math.clamp((int) (semitones / BIN_SEMITONES), 0, BINS - 1)]++;
        slopeSemitones[slopeHead] = (float) semitones;
        slopeNanos[slopeHead] = frameStartNanos;
        slopeHead = (slopeHead + 1) % SLOPE_RING;
        slopeCount++;
      }
    }
    if (firstSpeechNanos >= 0) {
      // Two 10 ms levels per frame: at 20 ms the dips between quick syllables blur, and on the
      // pocketsphinx and JFK clips the count fell to three quarters of the syllables spoken.
      pickNuclei(firstHalfDbfs, voiced, frameStartNanos);
      pickNuclei(secondHalfDbfs, voiced, frameStartNanos + FRAME_NANOS / 2);
    }
  }

  /**
   * Counts a nucleus when the level, having risen {@link #NUCLEUS_DIP_DB} above a valley to a
   * voiced peak, falls {@link #NUCLEUS_DIP_DB} below that peak.
   */
  private void pickNuclei(double level, boolean voicedFrame, long nanos) {
    if (rising) {
      if (level > peakDbfs) {
        peakDbfs = level;
        peakVoiced = voicedFrame;
        peakNanos = nanos;
      } else if (level < peakDbfs - NUCLEUS_DIP_DB) {
        if (peakQualifies()) {
          nuclei++;
          lastNucleusNanos = peakNanos;
        }
        rising = false;
        valleyDbfs = level;
      }
    } else if (level < valleyDbfs) {
      valleyDbfs = level;
    } else if (level > valleyDbfs + NUCLEUS_DIP_DB) {
      rising = true;
      peakDbfs = level;
      peakVoiced = voicedFrame;
      peakNanos = nanos;
    }
  }

  /** Whether the peak being climbed would count if the level fell now: a syllable in progress. */
  private boolean pendingNucleus() {
    return rising && peakQualifies();
  }

  private boolean peakQualifies() {
    return peakVoiced
        && peakDbfs >= loudestDbfs - BACKGROUND_BELOW_LOUDEST_DB
        && peakNanos - lastNucleusNanos >= NUCLEUS_MIN_SPACING_MILLIS * 1_000_000;
  }

  /** The {@code p}-quantile of the turn's pitch in semitones above 55 Hz, within its bin. */
  private double percentile(double p) {
    if (voicedFrames == 0) {
      return 0;
    }
    double target = p * voicedFrames;
    int below = 0;
    for (int b = 0; b < BINS; b++) {
      int count = histogram[b];
      if (count > 0 && below + count >= target) {
        return (b + (target - below) / count) * BIN_SEMITONES;
      }
      below += count;
    }
    return BINS * BIN_SEMITONES;
  }

  private static double semitones(double hz) {
    return SEMITONES_PER_NEPER * Math.log(hz / REFERENCE_HZ);
  }

  private void measureLevels(short[] samples, int offset) {
    int half = FRAME_SAMPLES / 2;
    long first = 0;
    for (int i = offset; i < offset + half; i++) {
      first += samples[i] * samples[i];
    }
    long second = 0;
    for (int i = offset + half; i < offset + FRAME_SAMPLES; i++) {
      second += samples[i] * samples[i];
    }
    firstHalfDbfs = dbfs(first, half);
    secondHalfDbfs = dbfs(second, half);
    levelDbfs = dbfs(first + second, FRAME_SAMPLES);
  }

  /** The level of {@code count} PCM16 samples whose squares sum to {@code sumOfSquares}. */
  private static double dbfs(long sumOfSquares, int count) {
    if (sumOfSquares == 0) {
      return SILENCE_DBFS;
    }
    double meanSquare = (double) sumOfSquares / count / (32768.0 * 32768.0);
    return Math.max(SILENCE_DBFS, 10 * Math.log10(meanSquare));
  }

  /** The median of {@code values[0..n)}, sorting that prefix in place (n is at most 32). */
  private static float median(float[] values, int n) {
    for (int i = 1; i < n; i++) {
      float v = values[i];
      int j = i - 1;
      while (j >= 0 && values[j] > v) {
        values[j + 1] = values[j];
        j--;
      }
      values[j + 1] = v;
    }
    return (n & 1) == 1 ? values[n / 2] : 0.5f * (values[n / 2 - 1] + values[n / 2]);
  }
}
