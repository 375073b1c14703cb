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
package dev.parley.core.turn;

import java.util.Arrays;

/**
 * Measures how an utterance ended, 20 ms frame by frame: the level, pitch and voicing of the last
 * second of speech and the lengths of its voiced stretches, summarised as {@link Acoustics} when
 * the speech stops. Fed the per-frame level and pitch the session's prosody tracker already
 * computes, so it adds no signal processing of its own.
 *
 * <p>Loop-confined, one per session; {@link #accept} allocates nothing, {@link #summary} only the
 * returned record.
 */
public final class FinalStretch {
  /** Frames kept: the last second of speech. */
  private static final int RING = 50;

  /** Frames in the final window of the filled-pause and slope cues: 400 ms. */
  private static final int FINAL_FRAMES = 20;

  /**
   * A frame this far under the utterance's median voiced level is silence (a quiet line, the gap
   * before the VAD confirmed it), not a voice fading out.
   */
  private static final double SILENCE_BELOW_VOICE_DB = 35;

  /** Frames in the final window of the energy cue: 200 ms. */
  private static final int DECAY_FRAMES = 10;

  private static final int MAX_STRETCHES = 64;
  private static final double FRAME_MILLIS = 20;

  /** A filled pause holds its pitch within this many semitones of the window's median. */
  private static final double FLAT_SEMITONES = 1.0;

  /** ... and its level within this many dB of the window's median. */
  private static final double STEADY_DB = 4.0;

  private final float[] levelDb = new float[RING];
  private final float[] semitones = new float[RING];
  private final boolean[] voiced = new boolean[RING];
  private final long[] frameNanos = new long[RING];
  private int head;
  private int count;

  private final int[] stretchFrames = new int[MAX_STRETCHES];
  private int stretches;
  private int currentStretch;
  private int voicedFrames;

  private final float[] scratch = new float[RING];
  private final float[] turnLevels = new float[512];
  private int turnLevelCount;
  private final float[] turnPitch = new float[512];
  private int turnPitchCount;

  /** Starts a new utterance. */
  public void reset() {
    head = 0;
    count = 0;
    stretches = 0;
    currentStretch = 0;
    voicedFrames = 0;
    turnLevelCount = 0;
    turnPitchCount = 0;
  }

  /**
   * Takes one speech frame: its level in dBFS and its pitch in hertz (0 when unvoiced). Frames
   * outside speech are not fed.
   */
  public void accept(double frameLevelDb, double pitchHz) {
    accept(frameLevelDb, pitchHz, Long.MIN_VALUE);
  }

  /**
   * Takes one speech frame that starts at {@code atNanos}, so that {@link #summary(double, long)}
   * can leave out the frames the VAD fed before it confirmed the silence.
   */
  public void accept(double frameLevelDb, double pitchHz, long atNanos) {
    boolean isVoiced = pitchHz > 0;
    frameNanos[head] = atNanos;
    levelDb[head] = (float) frameLevelDb;
    semitones[head] = isVoiced ? (float) (12 * Math.log(pitchHz / 55.0) / Math.log(2)) : Float.NaN;
    voiced[head] = isVoiced;
    head = (head + 1) % RING;
    count = Math.min(count + 1, RING);
    if (isVoiced) {
      voicedFrames++;
      currentStretch++;
      if (turnLevelCount < turnLevels.length) {
        turnLevels[turnLevelCount++] = (float) frameLevelDb;
      }
      if (turnPitchCount < turnPitch.length) {
        turnPitch[turnPitchCount++] = semitones[(head + RING - 1) % RING];
      }
    } else {
      closeStretch();
    }
  }

  private void closeStretch() {
    if (currentStretch > 0) {
      if (stretches == MAX_STRETCHES) {
        System.arraycopy(stretchFrames, 1, stretchFrames, 0, MAX_STRETCHES - 1);
        stretches--;
      }
      stretchFrames[stretches++] = currentStretch;
      currentStretch = 0;
    }
  }

  /**
   * The acoustics of the utterance so far, as it ended.
   *
   * @param finalPitchSlope the prosody tracker's final slope (it keeps the longer pitch history)
   */
  public Acoustics summary(double finalPitchSlope) {
    return summary(finalPitchSlope, Long.MAX_VALUE);
  }

  /**
   * The acoustics of the utterance as it ended at {@code speechEndNanos}, where the silence began.
   * The VAD keeps reporting speech for its minimum silence after that, so the last frames fed are
   * the silence that ended the turn; read as speech they would make every ending a 100 dB fade and
   * no ending a held "uhh". They are left out of the final-window cues.
   *
   * @param finalPitchSlope the prosody tracker's final slope (it keeps the longer pitch history)
   */
  public Acoustics summary(double finalPitchSlope, long speechEndNanos) {
    closeStretch();
    int trailing = 0;
    while (trailing < count
        && frameNanos[Math.floorMod(head - 1 - trailing, RING)] >= speechEndNanos) {
      trailing++;
    }
    int end = Math.floorMod(head - trailing, RING);
    int kept = count - trailing;
    if (voicedFrames == 0) {
      return new Acoustics(
          finalPitchSlope, Double.NaN, Double.NaN, Double.NaN, 0, Double.NaN, Double.NaN);
    }
    double medianLevel = median(turnLevels, turnLevelCount);
    double decay = Double.NaN;
    // The VAD's silence starts a few frames after the voice stopped: the last frames it counted
    // as speech may be silence already, and a mean level over them reads every pause followed by
    // a quiet line as a 20-50 dB fade. The window ends at the last frame of voice.
    int voiceEnd = end;
    int voiceKept = kept;
    while (voiceKept > 0
        && levelDb[Math.floorMod(voiceEnd - 1, RING)] < medianLevel - SILENCE_BELOW_VOICE_DB) {
      voiceEnd = Math.floorMod(voiceEnd - 1, RING);
      voiceKept--;
    }
    int decayFrames = Math.min(DECAY_FRAMES, voiceKept);
    if (decayFrames > 0) {
      double sum = 0;
      for (int k = 0; k < decayFrames; k++) {
        sum += levelDb[Math.floorMod(voiceEnd - 1 - k, RING)];
      }
      decay = medianLevel - sum / decayFrames;
    }
    double lengthening = Double.NaN;
    if (stretches >= 2) {
      int last = stretchFrames[stretches - 1];
      for (int i = 0; i < stretches; i++) {
        scratch[i % RING] = stretchFrames[i];
      }
      double medianStretch = median(scratch, Math.min(stretches, RING));
      lengthening = medianStretch > 0 ? last / medianStretch : Double.NaN;
    }
    double range = Double.NaN;
    if (turnPitchCount >= 5) {
      float[] sorted = Arrays.copyOf(turnPitch, turnPitchCount);
      Arrays.sort(sorted);
      range =
          sorted[(int) (0.9 * (turnPitchCount - 1))] - sorted[(int) (0.1 * (turnPitchCount - 1))];
    }
    return new Acoustics(
        finalPitchSlope,
        decay,
        lengthening,
        filledPauseShare(end, kept),
        voicedFrames * FRAME_MILLIS,
        range,
        medianLevel);
  }

  /**
   * The share of the final 400 ms covered by one unbroken voiced run, flat in pitch and steady in
   * level, that reaches the end: a held "uhh". Ordinary syllables break within 250 ms.
   */
  private double filledPauseShare(int end, int kept) {
    int n = Math.min(FINAL_FRAMES, kept);
    if (n < 5) {
      return Double.NaN;
    }
    int v = 0;
    for (int k = 0; k < n; k++) {
      int i = Math.floorMod(end - 1 - k, RING);
      if (!voiced[i]) {
        break;
      }
      scratch[v++] = semitones[i];
    }
    if (v < 5) {
      return 0;
    }
    double pitchMedian = median(scratch, v);
    for (int k = 0; k < v; k++) {
      scratch[k] = levelDb[Math.floorMod(end - 1 - k, RING)];
    }
    double levelMedian = median(scratch, v);
    int run = 0;
    for (int k = 0; k < v; k++) {
      int i = Math.floorMod(end - 1 - k, RING);
      if (Math.abs(semitones[i] - pitchMedian) > FLAT_SEMITONES
          || Math.abs(levelDb[i] - levelMedian) > STEADY_DB) {
        break;
      }
      run++;
    }
    return run / (double) n;
  }

  private static double median(float[] values, int n) {
    if (n == 0) {
      return Double.NaN;
    }
    float[] copy = Arrays.copyOf(values, n);
    Arrays.sort(copy);
    return copy[n / 2];
  }
}
