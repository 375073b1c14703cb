package dev.parley.core.turn;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Judges how likely the user's turn is complete from what they said, how they said it, and what the
 * agent asked: the text, acoustic and context cues of end-of-turn detection, fused into one
 * probability.
 *
 * <p>Text cues read the end of the transcript: a trailing filler ("um"), conjunction, preposition
 * or article means the user is mid-thought; a closing ("thanks", "that's all") or a short complete
 * answer means done. Acoustic cues are optional: a final pitch fall raises the probability, a rise
 * lowers it, and a turn-detector model's probability outweighs both. Cues add in log-odds with
 * weights, as independent evidence does: a confident cue moves the answer more than an unsure one,
 * and a neutral one not at all. Stateless and thread-safe.
 */
public final class TurnJudge {
  /** A judgement: the probability and the longest the policy should wait. */
  public record Judgement(double probability, long maxWaitMillis, String reason) {}

  private static final Set<String> FILLERS =
      Set.of("um", "uh", "erm", "er", "hmm", "mm", "uhm", "umm", "ah", "like", "so");
  private static final Set<String> CONTINUATIONS =
      Set.of(
          "and",
          "but",
          "or",
          "because",
          "cause",
          "if",
          "then",
          "than",
          "that",
          "which",
          "who",
          "to",
          "for",
          "with",
          "from",
          "of",
          "in",
          "on",
          "at",
          "by",
          "about",
          "into",
          "via",
          "the",
          "a",
          "an",
          "my",
          "your",
          "our",
          "their",
          "his",
          "her",
          "its",
          "this",
          "these",
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
          "plus",
          "actually",
          "well",
          "let",
          "just",
          "some",
          "any");

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

  private static final double WEIGHT_TEXT = 1.0;
  private static final double WEIGHT_PROSODY = 0.5;
  private static final double WEIGHT_MODEL = 1.5;

  private final List<ContextRule> rules;
  private final long defaultMaxWaitMillis;

  public TurnJudge(List<ContextRule> rules, long defaultMaxWaitMillis) {
    this.rules = List.copyOf(rules);
    this.defaultMaxWaitMillis = defaultMaxWaitMillis;
  }

  /**
   * Judges the turn.
   *
   * @param transcript the user's words so far
   * @param lastAgentUtterance what the agent last said
   * @param finalPitchSlope semitones per second over the turn's last voiced stretch, or NaN if
   *     unknown
   * @param modelProbability a turn-detector model's probability, or NaN if none answered
   */
  public Judgement judge(
      String transcript,
      String lastAgentUtterance,
      double finalPitchSlope,
      double modelProbability) {
    double textP = textProbability(transcript);
    double sum = WEIGHT_TEXT * logit(textP);
    String reason = "text";
    if (!Double.isNaN(finalPitchSlope)) {
      // A fall of 6 st/s reads as a statement's end, a rise as a question or a list going on.
      double prosodyP = 1 / (1 + Math.exp(finalPitchSlope / 4.0));
      sum += WEIGHT_PROSODY * logit(prosodyP);
    }
    if (!Double.isNaN(modelProbability)) {
      sum += WEIGHT_MODEL * logit(modelProbability);
    }
    // Independent evidence adds in log-odds: a neutral cue (a flat pitch) changes nothing, and a
    // confident model outweighs the words.
    double probability = 1 / (1 + Math.exp(-sum));
    long maxWait = defaultMaxWaitMillis;
    for (ContextRule rule : rules) {
      if (rule.matches(lastAgentUtterance, transcript)) {
        probability = Math.min(probability, rule.maxProbability());
        maxWait = Math.max(maxWait, rule.maxWaitMillis());
        reason = rule.name();
      }
    }
    return new Judgement(probability, maxWait, reason);
  }

  /** The probability that a turn ending with these words is complete, from the words alone. */
  static double textProbability(String transcript) {
    String[] words =
        transcript.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9' ]", " ").strip().split("\\s+");
    if (words.length == 0 || words[0].isEmpty()) {
      return 0.5; // sound without words: no evidence either way
    }
    String last = words[words.length - 1];
    String text = String.join(" ", words);
    for (String closing : CLOSINGS) {
      if (text.endsWith(closing)) {
        return 0.92;
      }
    }
    if (FILLERS.contains(last)) {
      return 0.1;
    }
    boolean objectFollows =
        last.equals("me") && words.length > 1 && VERBS_BEFORE_ME.contains(words[words.length - 2]);
    if (CONTINUATIONS.contains(last) || objectFollows) {
      return 0.15;
    }
    if (words.length <= 2 && SHORT_ANSWERS.contains(words[0])) {
      return 0.88;
    }
    if (last.chars().allMatch(Character::isDigit) || isNumberWord(last)) {
      return 0.55; // a number may be the answer or the start of a longer one
    }
    if (words.length == 1) {
      return 0.7; // a one-word answer such as a city
    }
    return 0.85;
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
