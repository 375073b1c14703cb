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

import java.util.List;
import java.util.Locale;

/**
 * Decides what user sound under agent speech means: a backchannel ("mhm", "right") or noise, after
 * which the agent resumes exactly where it paused, or a real interruption, which stops it.
 *
 * <p>At speech onset the agent pauses at once, so an interruption is heard to work within the
 * segmenter's onset delay. Then: an interruption phrase ("stop", "wait", "actually") or {@code
 * minWords} words that are not backchannels interrupt; so does speech that goes on for {@code
 * maxBackchannelMillis}, or a short utterance of real words ("Boston"). Speech that ends with only
 * backchannel words resumes; speech with no words resumes once {@code falseInterruptionMillis} pass
 * without a transcript (LiveKit resumes after 2 s; words usually arrive sooner). In naive mode any
 * onset interrupts.
 *
 * <p>When the recogniser forces vocalisations into dictionary words ("mhm" heard as "i'm"), the
 * words of a short overlap cannot be trusted: it takes one more real word than {@code minWords} to
 * interrupt while the user speaks, and a short overlap with few real words is then judged by how it
 * sounded — its voiced duration, pitch range and level against the agent's — as backchannels are
 * short, flat and soft and interruptions are not. Pure; one instance per session.
 */
public final class BargeInPolicy {
  /** What the session should do. */
  public enum Action {
    NONE,
    PAUSE,
    RESUME,
    INTERRUPT
  }

  /** Why an overlap did not interrupt. */
  public static final String BACKCHANNEL = "backchannel";

  /** Why an overlap did not interrupt. */
  public static final String FALSE_INTERRUPTION = "false_interruption";

  /** The phrases and limits of barge-in handling. */
  public record Settings(
      boolean interruptOnAnyOnset,
      int minWords,
      long maxBackchannelMillis,
      long falseInterruptionMillis,
      List<String> backchannels,
      List<String> interruptions) {
    public Settings {
      backchannels = List.copyOf(backchannels);
      interruptions = List.copyOf(interruptions);
      if (minWords < 1) {
        throw new IllegalArgumentException("minWords must be at least 1");
      }
    }

    /** English defaults, the phrase lists users of Vapi and LiveKit expect. */
    public static Settings defaults() {
      return new Settings(
          false,
          2,
          1500,
          1500,
          List.of(
              "mhm", "mm", "hmm", "mmhmm", "mm-hmm", "uh-huh", "uhhuh", "uh", "huh", "right",
              "okay", "ok", "yeah", "yes", "yep", "sure", "got it", "i see", "alright", "cool",
              "true", "exactly", "ah", "oh", "wow", "nice", "great", "ha", "haha"),
          List.of(
              "stop",
              "wait",
              "hold on",
              "hang on",
              "actually",
              "no",
              "sorry",
              "excuse me",
              "hold up",
              "pause",
              "cancel",
              "never mind",
              "but"));
    }

    /** The naive baseline: any voice onset stops the agent. */
    public static Settings naive() {
      Settings d = defaults();
      return new Settings(
          true,
          d.minWords(),
          d.maxBackchannelMillis(),
          d.falseInterruptionMillis(),
          d.backchannels(),
          d.interruptions());
    }
  }

  private static final long MS = 1_000_000L;
  private final Settings settings;

  /** Backchannel phrases, normalised, longest first so "got it" goes before "it" could. */
  private final List<String> backchannelPhrases;

  private boolean active;
  private boolean speaking;
  private long onsetNanos;
  private long speechEndNanos;
  private String words = "";
  private String reason = "";
  private final boolean wordsNameVocalisations;
  private double agentLevelDb = Double.NaN;
  private boolean soundedLikeBackchannel;

  /** A policy for a recogniser that writes "mhm" as "mhm" (the word lists can be trusted). */
  public BargeInPolicy(Settings settings) {
    this(settings, true);
  }

  /**
   * A policy.
   *
   * @param wordsNameVocalisations whether the recogniser writes vocalisations as such; if not,
   *     short overlaps are judged by their sound
   */
  public BargeInPolicy(Settings settings, boolean wordsNameVocalisations) {
    this.settings = settings;
    this.wordsNameVocalisations = wordsNameVocalisations;
    this.backchannelPhrases =
        settings.backchannels().stream()
            .map(BargeInPolicy::normalise)
            .sorted(java.util.Comparator.comparingInt(String::length).reversed())
            .toList();
  }

  /** Whether an overlap is being judged (the agent is paused). */
  public boolean active() {
    return active;
  }

  /** Why the last {@link Action#RESUME} resumed. */
  public String reason() {
    return reason;
  }

  /** When the session should call {@link #onWake}, or {@link Long#MAX_VALUE}. */
  public long wakeAtNanos() {
    if (!active) {
      return Long.MAX_VALUE;
    }
    return speaking
        ? onsetNanos + settings.maxBackchannelMillis() * MS
        : speechEndNanos + settings.falseInterruptionMillis() * MS;
  }

  /** The user started speaking under agent audio. */
  public Action onSpeechStarted(long onsetNanos) {
    if (settings.interruptOnAnyOnset()) {
      return Action.INTERRUPT;
    }
    if (!active) {
      active = true;
      words = "";
      soundedLikeBackchannel = false;
      this.onsetNanos = onsetNanos;
    }
    speaking = true;
    return Action.PAUSE;
  }

  /** The words of the overlapping speech so far. */
  public Action onWords(String text) {
    if (!active) {
      return Action.NONE;
    }
    words = normalise(text);
    if (interrupts(words, !speaking)) {
      return finish(Action.INTERRUPT);
    }
    // Words that arrive after the speech ended settle it: only backchannels were said.
    return !speaking && !words.isEmpty() ? resume(BACKCHANNEL) : Action.NONE;
  }

  /**
   * The agent's output level just before the user's speech began, in dBFS: the reference a soft
   * backchannel is quieter than.
   */
  public void noteAgentLevel(double levelDb) {
    if (!active) {
      agentLevelDb = levelDb;
    }
  }

  /**
   * The overlapping speech ended (silence began at {@code silenceNanos}), sounding as {@code
   * sound}.
   */
  public Action onSpeechEnded(long silenceNanos, Acoustics sound) {
    if (active) {
      soundedLikeBackchannel = soundsLikeBackchannel(sound, agentLevelDb);
    }
    return onSpeechEnded(silenceNanos);
  }

  /**
   * Whether a sound is made like a backchannel: short, flat and no louder than the agent. Each cue
   * adds or takes away evidence; unknown cues add none, and with no duration there is no verdict.
   */
  static boolean soundsLikeBackchannel(Acoustics sound, double agentLevelDb) {
    double voiced = sound.voicedMillis();
    if (Double.isNaN(voiced)) {
      return false;
    }
    double score = voiced <= 400 ? 1.5 : voiced <= 700 ? 0.5 : -1.5 - (voiced - 700) / 300;
    double range = sound.pitchRangeSemitones();
    if (!Double.isNaN(range)) {
      score += range <= 3 ? 0.7 : range >= 6 ? -0.7 : 0;
    }
    if (!Double.isNaN(sound.levelDb()) && !Double.isNaN(agentLevelDb) && agentLevelDb > -100) {
      double louder = sound.levelDb() - agentLevelDb;
      score += louder <= -6 ? 0.5 : louder >= 3 ? -0.5 : 0;
    }
    return score > 0;
  }

  /** The overlapping speech ended (silence began at {@code silenceNanos}). */
  public Action onSpeechEnded(long silenceNanos) {
    if (!active) {
      return Action.NONE;
    }
    speaking = false;
    speechEndNanos = silenceNanos;
    if (words.isEmpty()) {
      return Action.NONE; // wait a little for words; noise resumes at the wake-up
    }
    return interrupts(words, true) ? finish(Action.INTERRUPT) : resume(BACKCHANNEL);
  }

  /** A wake-up asked for by {@link #wakeAtNanos()} is due. */
  public Action onWake(long nowNanos) {
    if (!active || nowNanos < wakeAtNanos()) {
      return Action.NONE;
    }
    if (speaking) {
      return finish(Action.INTERRUPT); // too long to be a backchannel
    }
    return words.isEmpty() ? resume(FALSE_INTERRUPTION) : resume(BACKCHANNEL);
  }

  /** The agent stopped for another reason; forget the overlap. */
  public void clear() {
    active = false;
    speaking = false;
    words = "";
  }

  private Action resume(String why) {
    reason = why;
    return finish(Action.RESUME);
  }

  private Action finish(Action action) {
    clear();
    return action;
  }

  /**
   * Whether {@code text} interrupts: an interruption phrase, enough real words, or (once the speech
   * has ended) any real word at all.
   */
  private boolean interrupts(String text, boolean ended) {
    if (text.isEmpty()) {
      return false;
    }
    String padded = " " + text + " ";
    for (String phrase : settings.interruptions()) {
      if (padded.contains(" " + normalise(phrase) + " ")) {
        return true;
      }
    }
    String rest = padded;
    for (String phrase : backchannelPhrases) {
      String match = " " + phrase + " ";
      while (rest.contains(match)) {
        rest = rest.replace(match, " ");
      }
    }
    String remaining = rest.strip();
    int real = remaining.isEmpty() ? 0 : remaining.split(" ").length;
    if (wordsNameVocalisations) {
      return real >= settings.minWords() || (ended && real > 0);
    }
    // The words may be a vocalisation forced into words: more of them, or the sound, decides.
    return real >= settings.minWords() + 1 || (ended && real > 0 && !soundedLikeBackchannel);
  }

  private static String normalise(String text) {
    return text.toLowerCase(Locale.ROOT)
        .replaceAll("[^a-z0-9' -]", " ")
        .replace('-', ' ')
        .strip()
        .replaceAll("\\s+", " ");
  }
}
