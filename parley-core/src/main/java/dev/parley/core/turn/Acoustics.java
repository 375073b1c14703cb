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

/**
 * How the end of an utterance sounded: the acoustic evidence of the turn judge and the barge-in
 * policy, measured by {@link FinalStretch}. Every field may be unknown ({@code NaN}); an unknown
 * cue adds no evidence.
 *
 * @param finalPitchSlope semitones per second over the last voiced 400 ms (falls are negative)
 * @param energyDecayDb how far the last 200 ms of speech lie below the utterance's median voiced
 *     level, in dB (positive: the voice faded out, as at the end of a statement)
 * @param finalLengthening the last voiced stretch's length over the median of the utterance's
 *     voiced stretches (above 1: the last syllable was drawn out)
 * @param filledPause the share of the last 400 ms of speech that sounds like "uh"/"um": voiced,
 *     steady in level and flat in pitch, from 0 to 1
 * @param voicedMillis voiced speech in the utterance, in milliseconds
 * @param pitchRangeSemitones the utterance's pitch range (10th to 90th percentile), in semitones
 * @param levelDb the utterance's median voiced level in dBFS
 */
public record Acoustics(
    double finalPitchSlope,
    double energyDecayDb,
    double finalLengthening,
    double filledPause,
    double voicedMillis,
    double pitchRangeSemitones,
    double levelDb) {

  /** Nothing measured. */
  public static final Acoustics UNKNOWN =
      new Acoustics(
          Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);

  /** Only the final pitch slope, as the session measured it before the other cues existed. */
  public static Acoustics pitchOnly(double finalPitchSlope) {
    return new Acoustics(
        finalPitchSlope, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
  }
}
