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

import java.util.Locale;

/**
 * How the user sounded in one turn: prosodic measurements against the speaker's own baseline, a
 * coarse affect {@link Label} derived from them, and a one-line {@link #describe() description} for
 * an agent's context.
 *
 * <p>An immutable value, safe to share between threads. Relative measures are 0 when {@link
 * #baselineTurns()} is 0, that is for the speaker's first turn: nobody sounds agitated compared
 * with themselves. The label is a heuristic from named thresholds, not a trained classifier; treat
 * it as a hint and weigh it by {@link #confidence()}.
 *
 * @param pitchHz median F0 of the voiced frames in hertz, or 0 if none was voiced
 * @param pitchSemitones the median's distance from the speaker's usual median, in semitones
 *     (positive: higher than usual)
 * @param pitchRangeSemitones the spread of F0 in the turn: 10th to 90th percentile, in semitones
 * @param pitchRangeRelative the range minus the speaker's usual range, in semitones (positive:
 *     livelier intonation than usual, negative: flatter)
 * @param loudnessDbfs the mean level of the voiced frames in dB relative to full scale
 * @param loudnessRelativeDb the loudness minus the speaker's usual loudness, in dB
 * @param syllablesPerSecond syllable nuclei per second of speaking time excluding pauses (the
 *     articulation rate), or 0 if no nucleus was found
 * @param usualSyllablesPerSecond the speaker's usual articulation rate, or 0 if not yet known
 * @param hesitationRatio pause time over speaking time, from 0 to 1
 * @param pauseCount silent gaps of at least {@link ProsodyTracker#PAUSE_MIN_MILLIS} between speech
 *     inside the turn
 * @param pauseMillis the total duration of those pauses
 * @param finalSlopeSemitonesPerSecond the least-squares slope of pitch over the voiced frames in
 *     the last {@link ProsodyTracker#FINAL_SLOPE_MILLIS} ms before voicing ended (negative: final
 *     fall, as in a statement; positive: final rise, as in a question or a list to be continued); 0
 *     when too few frames were voiced to tell
 * @param voicedMillis the duration of the frames that were both speech and voiced
 * @param speakingMillis from the start of the turn's first speech to the end of its last
 * @param baselineTurns how many earlier turns of this speaker the baseline averages, 0 for none
 */
public record UserAffect(
    double pitchHz,
    double pitchSemitones,
    double pitchRangeSemitones,
    double pitchRangeRelative,
    double loudnessDbfs,
    double loudnessRelativeDb,
    double syllablesPerSecond,
    double usualSyllablesPerSecond,
    double hesitationRatio,
    int pauseCount,
    long pauseMillis,
    double finalSlopeSemitonesPerSecond,
    long voicedMillis,
    long speakingMillis,
    int baselineTurns) {

  /** A coarse reading of the user's state in one turn. */
  public enum Label {
    /** Voice near the speaker's usual pitch and loudness, steady rate, few pauses. */
    CALM,
    /** Long or repeated pauses with slow speech: thinking, unsure, or searching for words. */
    HESITANT,
    /** Louder, higher and faster than usual: high arousal with urgency. */
    AGITATED,
    /** Two or more of louder, higher and livelier intonation than usual, without the speed. */
    UPSET,
    /** Too little speech to tell, or cues that point nowhere in particular. */
    NEUTRAL
  }

  /**
   * Below this much voiced speech every label is {@link Label#NEUTRAL}: a "yes" or "mhm" carries
   * too few pitch frames for a stable median or range.
   */
  public static final long MIN_LABEL_VOICED_MILLIS = 300;

  /**
   * A turn this far louder than usual, in dB, is loud. The same speaker's turns vary by about ±2 dB
   * in level as words and microphone distance change; 4 dB is clearly raised effort.
   */
  public static final double LOUD_DB = 4.0;

  /**
   * A median this far above usual, in semitones, is raised pitch. A speaker's neutral median
   * wanders by about a semitone from turn to turn; arousal raises F0 by 2–4 semitones.
   */
  public static final double RAISED_PITCH_SEMITONES = 2.0;

  /** A range this much wider than usual, in semitones, is wide: exaggerated intonation. */
  public static final double WIDE_RANGE_SEMITONES = 3.0;

  /**
   * An articulation rate this many times the speaker's usual is fast. Rates of one speaker vary by
   * about ±10% across calm turns.
   */
  public static final double FAST_RATIO = 1.25;

  /**
   * Without a usual rate, this many syllable nuclei per second is fast. Conversational English
   * articulates about 4–5 syllables per second by this detector, which misses some unstressed
   * syllables.
   */
  public static final double FAST_SYLLABLES_PER_SECOND = 5.5;

  /** Below this many syllable nuclei per second speech is slow, as when drawing out words. */
  public static final double SLOW_SYLLABLES_PER_SECOND = 3.0;

  /** An articulation rate below this fraction of the speaker's usual is slow. */
  public static final double SLOW_RATIO = 0.8;

  /**
   * A turn whose pauses fill more than this share of its speaking time is hesitant on that alone:
   * fluent read or conversational speech pauses for 10–20% of the time.
   */
  public static final double HESITANT_RATIO = 0.3;

  /** This many pauses in a turn, together with slow speech, make it hesitant. */
  public static final int HESITANT_PAUSES = 2;

  /** A calm turn's median stays within this many semitones of usual. */
  public static final double CALM_PITCH_SEMITONES = 1.5;

  /** A calm turn's loudness stays within this many dB of usual. */
  public static final double CALM_LOUDNESS_DB = 3.0;

  /** A calm turn's pauses fill at most this share of its speaking time. */
  public static final double CALM_MAX_HESITATION = 0.15;

  /**
   * A final slope steeper than this, in semitones per second, is a fall (negative) or a rise
   * (positive). Declarative falls run at −5 to −20 st/s over the last syllables; level endings stay
   * within ±2.
   */
  public static final double FINAL_MOVEMENT_SEMITONES_PER_SECOND = 3.0;

  /** With this much voiced speech, in milliseconds, the measurements are as good as they get. */
  public static final long FULL_EVIDENCE_VOICED_MILLIS = 2000;

  /** A summary of a turn with no speech in it. */
  public static UserAffect silent(int baselineTurns) {
    return new UserAffect(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, baselineTurns);
  }

  /** Whether the speaker's baseline was known, so that relative measures mean something. */
  public boolean hasBaseline() {
    return baselineTurns > 0;
  }

  /**
   * The coarse affect, from the first rule that holds:
   *
   * <ol>
   *   <li>less than {@link #MIN_LABEL_VOICED_MILLIS} of voiced speech: {@link Label#NEUTRAL};
   *   <li>{@link Label#AGITATED}: baseline known, and loud, raised pitch and fast all together;
   *   <li>{@link Label#UPSET}: baseline known, and at least two of loud, raised pitch and wide
   *       range;
   *   <li>{@link Label#HESITANT}: hesitation ratio above {@link #HESITANT_RATIO}, or at least
   *       {@link #HESITANT_PAUSES} pauses with slow speech;
   *   <li>{@link Label#CALM}: baseline known, pitch and loudness near usual, range not wide,
   *       neither fast nor slow, hesitation at most {@link #CALM_MAX_HESITATION};
   *   <li>otherwise {@link Label#NEUTRAL}.
   * </ol>
   *
   * <p>Arousal comes before hesitation because someone spacing out words in anger ("I. Want. A.
   * Refund.") pauses a lot but is not unsure.
   */
  public Label label() {
    if (voicedMillis < MIN_LABEL_VOICED_MILLIS) {
      return Label.NEUTRAL;
    }
    if (hasBaseline()) {
      if (loud() && raisedPitch() && fast()) {
        return Label.AGITATED;
      }
      int arousal = (loud() ? 1 : 0) + (raisedPitch() ? 1 : 0) + (wideRange() ? 1 : 0);
      if (arousal >= 2) {
        return Label.UPSET;
      }
    }
    if (hesitationRatio > HESITANT_RATIO || (pauseCount >= HESITANT_PAUSES && slow())) {
      return Label.HESITANT;
    }
    if (hasBaseline()
        && Math.abs(pitchSemitones) <= CALM_PITCH_SEMITONES
        && Math.abs(loudnessRelativeDb) <= CALM_LOUDNESS_DB
        && !wideRange()
        && !fast()
        && !slow()
        && hesitationRatio <= CALM_MAX_HESITATION) {
      return Label.CALM;
    }
    return Label.NEUTRAL;
  }

  /**
   * How far to trust the relative measures and the label, from 0 to 1: the share of {@link
   * #FULL_EVIDENCE_VOICED_MILLIS} that was voiced, times 0.4 without a baseline, 0.8 with one turn
   * behind it and 1 with two or more.
   */
  public double confidence() {
    double evidence = Math.min(1.0, (double) voicedMillis / FULL_EVIDENCE_VOICED_MILLIS);
    double baseline = baselineTurns == 0 ? 0.4 : Math.min(1.0, 0.6 + 0.2 * baselineTurns);
    return evidence * baseline;
  }

  /** Whether the turn was louder than usual by at least {@link #LOUD_DB}. */
  public boolean loud() {
    return hasBaseline() && loudnessRelativeDb >= LOUD_DB;
  }

  /** Whether the median pitch was above usual by at least {@link #RAISED_PITCH_SEMITONES}. */
  public boolean raisedPitch() {
    return hasBaseline() && pitchSemitones >= RAISED_PITCH_SEMITONES;
  }

  /** Whether the pitch range was wider than usual by at least {@link #WIDE_RANGE_SEMITONES}. */
  public boolean wideRange() {
    return hasBaseline() && pitchRangeRelative >= WIDE_RANGE_SEMITONES;
  }

  /** Whether the articulation rate was fast, against the usual rate when it is known. */
  public boolean fast() {
    if (syllablesPerSecond <= 0) {
      return false;
    }
    return usualSyllablesPerSecond > 0
        ? syllablesPerSecond >= FAST_RATIO * usualSyllablesPerSecond
        : syllablesPerSecond >= FAST_SYLLABLES_PER_SECOND;
  }

  /** Whether the articulation rate was slow, absolutely or against the usual rate. */
  public boolean slow() {
    if (syllablesPerSecond <= 0) {
      return false;
    }
    return syllablesPerSecond < SLOW_SYLLABLES_PER_SECOND
        || (usualSyllablesPerSecond > 0
            && syllablesPerSecond < SLOW_RATIO * usualSyllablesPerSecond);
  }

  /**
   * A one-line summary for people and language models, for example {@code "pitch +2.1 st above
   * usual, range wide, loud (+5.0 dB), fast (5.2 syl/s), 2 pauses (hesitation 0.31), ending falling
   * — sounds agitated"}.
   */
  public String describe() {
    if (voicedMillis == 0) {
      return "no voiced speech";
    }
    StringBuilder s = new StringBuilder(160);
    if (hasBaseline()) {
      double st = pitchSemitones;
      if (Math.abs(st) < 0.5) {
        s.append("pitch usual");
      } else {
        s.append(
            String.format(Locale.ROOT, "pitch %+.1f st %s usual", st, st > 0 ? "above" : "below"));
      }
      s.append(", range ")
          .append(
              wideRange()
                  ? "wide"
                  : pitchRangeRelative <= -WIDE_RANGE_SEMITONES ? "flat" : "usual");
      double db = loudnessRelativeDb;
      s.append(
          String.format(
              Locale.ROOT,
              ", %s (%+.1f dB)",
              loud() ? "loud" : db <= -LOUD_DB ? "quiet" : "usual loudness",
              db));
    } else {
      s.append(
          String.format(
              Locale.ROOT,
              "pitch %.0f Hz, range %.1f st, loudness %.0f dBFS",
              pitchHz,
              pitchRangeSemitones,
              loudnessDbfs));
    }
    if (syllablesPerSecond > 0) {
      s.append(
          String.format(
              Locale.ROOT,
              ", %s (%.1f syl/s)",
              fast() ? "fast" : slow() ? "slow" : "steady",
              syllablesPerSecond));
    }
    if (pauseCount == 0) {
      s.append(", no pauses");
    } else {
      s.append(
          String.format(
              Locale.ROOT,
              ", %d pause%s (hesitation %.2f)",
              pauseCount,
              pauseCount == 1 ? "" : "s",
              hesitationRatio));
    }
    double slope = finalSlopeSemitonesPerSecond;
    s.append(
        slope <= -FINAL_MOVEMENT_SEMITONES_PER_SECOND
            ? ", ending falling"
            : slope >= FINAL_MOVEMENT_SEMITONES_PER_SECOND ? ", ending rising" : ", ending level");
    Label label = label();
    s.append(
        switch (label) {
          case CALM -> " — sounds calm";
          case HESITANT -> " — sounds hesitant";
          case AGITATED -> " — sounds agitated";
          case UPSET -> " — sounds upset";
          case NEUTRAL ->
              voicedMillis < MIN_LABEL_VOICED_MILLIS
                  ? " — too little speech to judge"
                  : hasBaseline() ? "" : " (no baseline yet)";
        });
    return s.toString();
  }
}
