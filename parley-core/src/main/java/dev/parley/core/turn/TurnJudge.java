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
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Judges how likely the user's turn is complete from the whole utterance and how it was said: the
 * words (a language model's end-of-sentence probability, the word before the last, hold requests,
 * question form), the acoustics of the ending (final pitch movement, energy decay, final
 * lengthening, filled pauses), a turn-detector model when one is installed, and what the agent
 * asked. Cues add in log-odds with weights, as independent evidence does: a confident cue moves the
 * answer more than an unsure one, and an unknown or neutral one not at all.
 *
 * <p>How much the words count depends on whether they can be trusted: when the recogniser is still
 * revising the last words, the text weight drops and the acoustic weights rise, so a misheard last
 * word no longer ends the turn 200 ms into a thinking pause.
 *
 * <p>A hold request ("hold on", "let me think", "one sec", "oh wait") is not a finished turn: the
 * judgement asks the policy to wait up to {@code holdMaxWaitMillis} (8 s by default), past the
 * ordinary fallback. Stateless and thread-safe when its {@link CompletionModel} is.
 */
public final class TurnJudge {
  /**
   * A judgement.
   *
   * @param probability that the turn is complete
   * @param maxWaitMillis the longest the policy may wait in silence before ending the turn
   * @param holdMillis the least it should wait (a hold request), 0 for none
   * @param reason the deciding cue, for timelines
   */
  public record Judgement(double probability, long maxWaitMillis, long holdMillis, String reason) {
    public Judgement(double probability, long maxWaitMillis, String reason) {
      this(probability, maxWaitMillis, 0, reason);
    }

    /** Whether the user asked for time. */
    public boolean hold() {
      return holdMillis > 0;
    }
  }

  /**
   * What the judge reads.
   *
   * @param transcript the user's words so far
   * @param lastAgentUtterance what the agent last said
   * @param acoustics how the utterance ended
   * @param wordsUncertain whether the recogniser was still revising the last words
   * @param modelProbability a turn-detector model's probability, or NaN if none answered
   * @param recognizerEndOfTurn the recogniser's own end-of-turn probability (Deepgram Flux's {@code
   *     EndOfTurn}, AssemblyAI's {@code end_of_turn_confidence}), or NaN if it gives none
   */
  public record Evidence(
      String transcript,
      String lastAgentUtterance,
      Acoustics acoustics,
      boolean wordsUncertain,
      double modelProbability,
      double recognizerEndOfTurn) {
    /** Evidence without a recogniser's end-of-turn estimate. */
    public Evidence(
        String transcript,
        String lastAgentUtterance,
        Acoustics acoustics,
        boolean wordsUncertain,
        double modelProbability) {
      this(transcript, lastAgentUtterance, acoustics, wordsUncertain, modelProbability, Double.NaN);
    }
  }

  private static final Set<String> FILLERS =
      Set.of("um", "uh", "erm", "er", "hmm", "mm", "uhm", "umm", "uhh", "ah");

  /** Words after which an English sentence cannot end: articles, determiners, conjunctions. */
  private static final Set<String> OPEN_ENDED =
      Set.of(
          "and",
          "but",
          "or",
          "nor",
          "because",
          "cause",
          "if",
          "then",
          "than",
          "the",
          "a",
          "an",
          "my",
          "your",
          "our",
          "their",
          "his",
          "its",
          "to",
          "of",
          "whose",
          "although",
          "though",
          "unless",
          "whereas",
          "while",
          "plus",
          "via",
          "every",
          "each");

  /** Words that often but not always go on; the language model, or the word before, decides. */
  private static final Set<String> USUALLY_GO_ON =
      Set.of(
          "that",
          "which",
          "who",
          "for",
          "with",
          "from",
          "in",
          "on",
          "at",
          "by",
          "about",
          "into",
          "this",
          "is",
          "was",
          "are",
          "were",
          "be",
          "am",
          "i",
          "we",
          "you",
          "they",
          "he",
          "she",
          "it's",
          "i'm",
          "i'd",
          "i'll",
          "we're",
          "want",
          "need",
          "like",
          "would",
          "could",
          "should",
          "can",
          "will",
          "maybe",
          "also",
          "actually",
          "well",
          "let",
          "just",
          "so",
          "really",
          "me",
          "very",
          "more",
          "what",
          "where",
          "when",
          "how");

  private static final Set<String> PREPOSITIONS_AND_CONJUNCTIONS =
      Set.of(
          "from", "to", "for", "with", "in", "on", "at", "by", "about", "into", "of", "and", "but",
          "or", "because", "if", "than", "like", "as", "after", "before", "without", "over");

  /** Words that end a sentence after a verb ("doing this", "book it"). */
  private static final Set<String> OBJECT_ENDINGS =
      Set.of(
          "this", "that", "these", "those", "it", "them", "there", "here", "you", "him", "her",
          "us", "some", "any");

  /**
   * Object pronouns are whole noun phrases: after a preposition they close it ("two of us", "for
   * them", "with her"), where a demonstrative or quantifier may still take its noun ("from this
   * morning", "about some").
   */
  private static final Set<String> PERSONAL_PRONOUNS = Set.of("it", "them", "you", "him", "us");

  /**
   * Verbs of thinking and saying that take "so" as the pro-form of a clause ("I believe so", "I'm
   * afraid so", "I told you so"). After any other word a final "so" is the conjunction of a thought
   * going on ("it was late so"), as the judge before the language model read every final "so".
   */
  private static final Set<String> SO_PRO_FORM_VERBS =
      Set.of(
          "think", "believe", "hope", "guess", "suppose", "expect", "imagine", "reckon", "fear",
          "afraid", "say", "said", "told", "tell", "do", "did", "does", "seems", "appears");

  private static final Set<String> SUBJECT_PRONOUNS =
      Set.of("i", "you", "it", "he", "she", "we", "they", "that", "this", "there");

  private static final Set<String> COPULAS = Set.of("is", "are", "was", "were", "am");

  private static final Set<String> WH_WORDS =
      Set.of(
          "what", "where", "when", "who", "whom", "whose", "why", "how", "which", "what's",
          "where's", "when's", "who's", "how's");

  private static final Set<String> INVERTED_AUXILIARIES =
      Set.of(
          "is",
          "are",
          "was",
          "were",
          "do",
          "does",
          "did",
          "can",
          "could",
          "would",
          "will",
          "should",
          "shall",
          "may",
          "might",
          "have",
          "has",
          "had",
          "isn't",
          "aren't",
          "don't",
          "doesn't",
          "didn't",
          "can't",
          "won't",
          "wouldn't",
          "couldn't",
          "shouldn't",
          "am");

  /** Openers skipped before a question form: "so, what time...", "okay, can you...". */
  private static final Set<String> OPENERS =
      Set.of("so", "and", "okay", "ok", "oh", "um", "uh", "well", "also", "but", "alright");

  /** Verbs whose object comes after "me": "let me", "find me" go on; "just me", "for me" end. */
  private static final Set<String> VERBS_BEFORE_ME =
      Set.of(
          "let", "give", "tell", "show", "get", "find", "book", "send", "help", "call", "text",
          "email", "remind", "ask", "take", "bring", "put", "make");

  private static final List<String> CLOSINGS =
      List.of(
          "thanks",
          "thank you",
          "please",
          "that's all",
          "that is all",
          "that's it",
          "that is it",
          "bye",
          "goodbye",
          "that's right",
          "that is right",
          "correct",
          "exactly",
          "perfect");

  private static final Set<String> SHORT_ANSWERS =
      Set.of(
          "yes", "no", "yeah", "yep", "nope", "sure", "okay", "ok", "right", "correct", "fine",
          "great", "please", "hello", "hi", "hey", "thanks");

  /** The object of "let me ..." or "give me a ..." that asks for time. */
  private static final Set<String> THINKING_VERBS =
      Set.of("think", "see", "check", "remember", "look", "find", "recall", "figure", "get");

  private static final Set<String> MOMENTS =
      Set.of("sec", "second", "moment", "minute", "mo", "tick", "bit");

  /** Words after a hold request that do not change it: "let me think about it now, um". */
  private static final Set<String> HOLD_TAIL =
      Set.of("about", "it", "that", "this", "now", "here", "please", "um", "uh", "er", "hmm");

  /** Words before "wait" that make it a verb of a sentence, not a request to wait. */
  private static final Set<String> WAIT_AS_VERB =
      Set.of(
          "can't", "cannot", "to", "will", "won't", "don't", "not", "could", "would", "should",
          "must", "i'll", "we'll", "we", "they", "you", "please");

  private static final double WEIGHT_TEXT = 1.0;
  private static final double WEIGHT_TEXT_UNCERTAIN = 0.35;
  private static final double WEIGHT_PITCH = 0.5;
  private static final double WEIGHT_PITCH_UNCERTAIN = 1.0;
  private static final double WEIGHT_DECAY = 0.25;
  private static final double WEIGHT_DECAY_UNCERTAIN = 0.6;
  private static final double WEIGHT_LENGTHENING = 0.1;
  private static final double WEIGHT_LENGTHENING_UNCERTAIN = 0.3;
  private static final double WEIGHT_FILLED = 0.5;
  private static final double WEIGHT_FILLED_UNCERTAIN = 1.0;
  private static final double WEIGHT_MODEL = 1.5;

  /**
   * A cloud recogniser's end-of-turn estimate (Flux, AssemblyAI) is read from the same words and
   * audio as the judge's own cues, so it is correlated evidence: counted at full weight it would
   * count the words twice, and a confident "done" would outvote a sentence ending in "to".
   */
  private static final double WEIGHT_RECOGNIZER = 0.6;

  /**
   * The surest a final pitch movement may be, in log-odds (p 0.12 to 0.88, reached at 8 st/s):
   * pitch trackers jump octaves on the creaky, devoiced last syllable of a phrase, and a "rise" of
   * 20-35 st/s on the last word of a read statement (measured on the real-speech suite) would
   * otherwise outvote the words and a fading voice together.
   */
  private static final double PITCH_MAX_LOGIT = 2.0;

  /** A final stretch at least this much "uh" reads as a filled pause. */
  private static final double FILLED_PAUSE_SHARE = 0.7;

  private final List<ContextRule> rules;
  private final long defaultMaxWaitMillis;
  private final long holdMaxWaitMillis;
  private final CompletionModel completion;

  /**
   * A judge.
   *
   * @param rules context rules, such as pauses between dictated digits
   * @param defaultMaxWaitMillis the longest wait of an ordinary turn (the hard fallback)
   * @param holdMaxWaitMillis the longest wait after a hold request
   * @param completion the language model of text completeness ({@link CompletionModel#lexical()}
   *     for none)
   */
  public TurnJudge(
      List<ContextRule> rules,
      long defaultMaxWaitMillis,
      long holdMaxWaitMillis,
      CompletionModel completion) {
    this.rules = List.copyOf(rules);
    this.defaultMaxWaitMillis = defaultMaxWaitMillis;
    this.holdMaxWaitMillis = Math.max(defaultMaxWaitMillis, holdMaxWaitMillis);
    this.completion = completion;
  }

  /** A judge on word classes alone, with the default 8 s hold. */
  public TurnJudge(List<ContextRule> rules, long defaultMaxWaitMillis) {
    this(rules, defaultMaxWaitMillis, 8000, CompletionModel.lexical());
  }

  /** The longest wait of an ordinary turn. */
  public long defaultMaxWaitMillis() {
    return defaultMaxWaitMillis;
  }

  /** The longest wait after a hold request. */
  public long holdMaxWaitMillis() {
    return holdMaxWaitMillis;
  }

  /** Judges words and a final pitch slope, trusting the words. */
  public Judgement judge(
      String transcript,
      String lastAgentUtterance,
      double finalPitchSlope,
      double modelProbability) {
    return judge(
        new Evidence(
            transcript,
            lastAgentUtterance,
            Acoustics.pitchOnly(finalPitchSlope),
            false,
            modelProbability));
  }

  /** Judges the turn. */
  public Judgement judge(Evidence evidence) {
    String[] words = words(evidence.transcript());
    boolean uncertain = evidence.wordsUncertain();
    Acoustics a = evidence.acoustics();
    double sum = 0;
    String reason = "text";
    long holdMillis = 0;
    if (words.length > 0 && holdRequest(words)) {
      // The user asked for time: the words settle it, however they sounded.
      return new Judgement(0.03, holdMaxWaitMillis, holdMaxWaitMillis, "hold");
    }
    double textP = textProbability(words, completion);
    sum += (uncertain ? WEIGHT_TEXT_UNCERTAIN : WEIGHT_TEXT) * logit(textP);
    boolean question = questionForm(words);
    if (!Double.isNaN(a.finalPitchSlope())) {
      // A fall of 6 st/s reads as a statement's end; a rise as a list going on, except after a
      // question form, where the rise is how the question ends.
      double slope = question ? -Math.abs(a.finalPitchSlope()) : a.finalPitchSlope();
      double pitchLogit = Math.clamp(-slope / 4.0, -PITCH_MAX_LOGIT, PITCH_MAX_LOGIT);
      sum += (uncertain ? WEIGHT_PITCH_UNCERTAIN : WEIGHT_PITCH) * pitchLogit;
    }
    if (!Double.isNaN(a.energyDecayDb())) {
      // A voice that fades over its last 200 ms is letting go of the turn.
      double decayP = 1 / (1 + Math.exp(-(a.energyDecayDb() - 3) / 3));
      sum += (uncertain ? WEIGHT_DECAY_UNCERTAIN : WEIGHT_DECAY) * logit(decayP);
    }
    if (!Double.isNaN(a.finalLengthening())) {
      double lengthP = 1 / (1 + Math.exp(-(a.finalLengthening() - 1.2) * 1.5));
      sum += (uncertain ? WEIGHT_LENGTHENING_UNCERTAIN : WEIGHT_LENGTHENING) * logit(lengthP);
    }
    if (!Double.isNaN(a.filledPause()) && a.filledPause() >= FILLED_PAUSE_SHARE) {
      // A steady, flat, voiced ending is an "uhh" the recogniser may have dropped.
      sum += (uncertain ? WEIGHT_FILLED_UNCERTAIN : WEIGHT_FILLED) * logit(0.15);
      if (uncertain) {
        reason = "filled-pause";
      }
    }
    if (!Double.isNaN(evidence.modelProbability())) {
      sum += WEIGHT_MODEL * logit(evidence.modelProbability());
    }
    if (!Double.isNaN(evidence.recognizerEndOfTurn())) {
      sum += WEIGHT_RECOGNIZER * logit(evidence.recognizerEndOfTurn());
      if (reason.equals("text") && evidence.recognizerEndOfTurn() >= 0.5) {
        reason = "recognizer";
      }
    }
    double probability = 1 / (1 + Math.exp(-sum));
    long maxWait = defaultMaxWaitMillis;
    if (words.length > 0 && FILLERS.contains(words[words.length - 1])) {
      maxWait = holdMaxWaitMillis; // a trailing "um" is a weak hold: allowed past the fallback
      reason = "filler";
    }
    for (ContextRule rule : rules) {
      if (rule.matches(evidence.lastAgentUtterance(), evidence.transcript())) {
        probability = Math.min(probability, rule.maxProbability());
        maxWait = Math.max(maxWait, Math.min(rule.maxWaitMillis(), holdMaxWaitMillis));
        reason = rule.name();
      }
    }
    if (question && reason.equals("text")) {
      reason = "question";
    }
    return new Judgement(probability, maxWait, holdMillis, reason);
  }

  /** The probability that a turn ending with these words is complete, from the words alone. */
  static double textProbability(String transcript) {
    return textProbability(words(transcript), CompletionModel.lexical());
  }

  /** The probability from the words, with a language model's opinion when it has one. */
  static double textProbability(String[] words, CompletionModel model) {
    if (words.length == 0) {
      return 0.5; // sound without words: no evidence either way
    }
    String last = words[words.length - 1];
    String before = words.length > 1 ? words[words.length - 2] : "";
    String text = String.join(" ", words);
    for (String closing : CLOSINGS) {
      if (text.endsWith(closing)) {
        return 0.92;
      }
    }
    if (FILLERS.contains(last)) {
      return 0.08;
    }
    if (words.length <= 2 && SHORT_ANSWERS.contains(words[0]) && !OPEN_ENDED.contains(last)) {
      return 0.88;
    }
    double lexical = lexicalPrior(words, last, before);
    if (isNumber(last)) {
      // A broadcast-news model expects a unit after a number ("two years"); a caller answering a
      // slot question stops at the number. The word classes decide numbers.
      return lexical;
    }
    double lm = model.endProbability(Arrays.asList(words));
    if (Double.isNaN(lm)) {
      return lexical;
    }
    // The language model reads the last two words; the word classes keep what it cannot see
    // (a determiner can never end a sentence, whatever the model's smoothing says).
    double prior = lexical <= 0.15 ? lexical : lexical >= 0.85 ? 0.65 : 0.5;
    return 1 / (1 + Math.exp(-(logit(lm) + logit(prior))));
  }

  /** The word-class reading of the last words, without a language model. */
  private static double lexicalPrior(String[] words, String last, String before) {
    if (OPEN_ENDED.contains(last)) {
      return 0.1;
    }
    if (last.equals("me")) {
      // "let me", "find me" go on; "just me", "for me" end.
      return VERBS_BEFORE_ME.contains(before) ? 0.15 : 0.85;
    }
    if (last.equals("so")) {
      return SO_PRO_FORM_VERBS.contains(before) ? 0.8 : 0.15;
    }
    if (OBJECT_ENDINGS.contains(last) && !before.isEmpty()) {
      // "from this", "about that" go on; "doing this", "book it", "two of us" end.
      boolean determinerMayGoOn = !PERSONAL_PRONOUNS.contains(last);
      return PREPOSITIONS_AND_CONJUNCTIONS.contains(before) && determinerMayGoOn ? 0.15 : 0.8;
    }
    if (COPULAS.contains(last) && SUBJECT_PRONOUNS.contains(before) && hasEarlierWh(words)) {
      return 0.8; // "where it is", "I know what that is"
    }
    if (USUALLY_GO_ON.contains(last)) {
      return 0.15;
    }
    if (isNumber(last)) {
      return 0.55; // a number may be the answer or the start of a longer one
    }
    if (words.length == 1) {
      return 0.7; // a one-word answer such as a city
    }
    return 0.85;
  }

  private static boolean hasEarlierWh(String[] words) {
    for (int i = 0; i < words.length - 2; i++) {
      if (WH_WORDS.contains(words[i])) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether the utterance ends by asking for time: "hold on", "wait" as an interjection, "let me
   * think / see / check", "one sec", "give me a moment", "just a minute".
   */
  static boolean holdRequest(String[] words) {
    // "let me think about it um": the request is what is left once the trailing words that
    // carry nothing ("it", "now", "um") are dropped.
    int n = words.length;
    while (n > 1 && HOLD_TAIL.contains(words[n - 1])) {
      n--;
    }
    String last = words[n - 1];
    String before = n > 1 ? words[n - 2] : "";
    String third = n > 2 ? words[n - 3] : "";
    if (last.equals("wait") && !WAIT_AS_VERB.contains(before)) {
      return true;
    }
    if ((last.equals("on") || last.equals("up"))
        && (before.equals("hold") || before.equals("hang"))) {
      return true;
    }
    if (THINKING_VERBS.contains(last)
        && ((before.equals("me") && third.equals("let")) || before.equals("let's"))) {
      return true;
    }
    return MOMENTS.contains(last) && Set.of("one", "a", "just", "half").contains(before);
  }

  /** Whether the words are a question: a wh-word or an inverted auxiliary first. */
  static boolean questionForm(String[] words) {
    for (String w : words) {
      if (OPENERS.contains(w)) {
        continue;
      }
      return WH_WORDS.contains(w) || INVERTED_AUXILIARIES.contains(w);
    }
    return false;
  }

  static String[] words(String transcript) {
    String s = transcript.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9' ]", " ").strip();
    return s.isEmpty() ? new String[0] : s.split("\\s+");
  }

  private static boolean isNumber(String word) {
    return word.chars().allMatch(Character::isDigit) || isNumberWord(word);
  }

  private static boolean isNumberWord(String word) {
    return switch (word) {
      case "zero", "oh", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine" ->
          true;
      default -> false;
    };
  }

  private static double logit(double p) {
    double q = Math.clamp(p, 0.01, 0.99);
    return Math.log(q / (1 - q));
  }
}
