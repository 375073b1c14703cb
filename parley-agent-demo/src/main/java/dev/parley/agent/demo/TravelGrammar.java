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
package dev.parley.agent.demo;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.Month;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The travel desk's language understanding: a small rule grammar that finds cities, dates, times,
 * passenger counts and yes/no answers in one user turn, and applies the turn's self-corrections.
 *
 * <p>Corrections revise, never append: after "actually", "make that", "no wait", "I mean", "scratch
 * that", "rather", "sorry" or "not X, Y", the next value of the same kind replaces the one before
 * it (a corrected city keeps the role of the city it replaces), "X instead" replaces the earlier
 * X-kind value, and "scratch that" with nothing after it drops the value before it. A correction
 * with nothing in the turn to replace is marked {@link Mention#corrective()} and revises the
 * conversation's latest value of that kind. "No" followed by a value is a correction, not an
 * answer. Transcripts come from a recogniser, so a word that sounds like a small number ("due
 * people") is that number where only a count fits.
 *
 * <p>Dates are resolved against an injected today: "tomorrow", "Friday" and "next Friday" (both the
 * first Friday after today), "October 7th" and "the 7th of October" (this year, or next if it has
 * passed), "the fifth" (the next fifth of a month, today included), "in 3 days". Stateless and
 * thread-safe.
 */
final class TravelGrammar {
  private TravelGrammar() {}

  /** What the desk last asked, which gives a bare answer ("Boston", "two") its slot. */
  enum Question {
    DESTINATION,
    ORIGIN,
    DATE,
    PASSENGERS,
    CONFIRM,
    NONE
  }

  /** Requests beyond slot values. */
  enum Intent {
    STATUS,
    CANCEL,
    BYE
  }

  /**
   * What the turn is read against.
   *
   * @param today the date "tomorrow" counts from
   * @param asked what the desk asked last, as the user heard it
   * @param previous the last value said in earlier turns, which a bare corrected number revises
   */
  record Context(LocalDate today, Question asked, @Nullable Mention previous) {
    static Context on(LocalDate today) {
      return new Context(today, Question.NONE, null);
    }
  }

  /**
   * One user turn understood.
   *
   * @param mentions the values that stand after the turn's own corrections, in the order said
   * @param negated values the user ruled out ("not Denver")
   * @param intents requests that are not slot values
   * @param corrected whether the turn contained a correction marker
   */
  record Utterance(
      List<Mention> mentions, List<Mention> negated, Set<Intent> intents, boolean corrected) {
    /** The last yes/no answer that stands, if any. */
    Optional<Boolean> answer() {
      Boolean answer = null;
      for (Mention m : mentions) {
        if (m.kind() == Mention.Kind.ANSWER) {
          answer = m.yes();
        }
      }
      return Optional.ofNullable(answer);
    }

    /** The values other than answers. */
    List<Mention> values() {
      return mentions.stream().filter(m -> m.kind() != Mention.Kind.ANSWER).toList();
    }
  }

  // ---- the lexicon ------------------------------------------------------------------------

  private static final Map<String, Integer> CARDINALS =
      Map.ofEntries(
          Map.entry("one", 1),
          Map.entry("two", 2),
          Map.entry("three", 3),
          Map.entry("four", 4),
          Map.entry("five", 5),
          Map.entry("six", 6),
          Map.entry("seven", 7),
          Map.entry("eight", 8),
          Map.entry("nine", 9),
          Map.entry("ten", 10),
          Map.entry("eleven", 11),
          Map.entry("twelve", 12),
          Map.entry("thirteen", 13),
          Map.entry("fourteen", 14),
          Map.entry("fifteen", 15),
          Map.entry("sixteen", 16),
          Map.entry("seventeen", 17),
          Map.entry("eighteen", 18),
          Map.entry("nineteen", 19),
          Map.entry("twenty", 20),
          Map.entry("thirty", 30),
          Map.entry("forty", 40),
          Map.entry("fifty", 50));

  private static final Map<String, Integer> ORDINALS =
      Map.ofEntries(
          Map.entry("first", 1),
          Map.entry("second", 2),
          Map.entry("third", 3),
          Map.entry("fourth", 4),
          Map.entry("fifth", 5),
          Map.entry("sixth", 6),
          Map.entry("seventh", 7),
          Map.entry("eighth", 8),
          Map.entry("ninth", 9),
          Map.entry("tenth", 10),
          Map.entry("eleventh", 11),
          Map.entry("twelfth", 12),
          Map.entry("thirteenth", 13),
          Map.entry("fourteenth", 14),
          Map.entry("fifteenth", 15),
          Map.entry("sixteenth", 16),
          Map.entry("seventeenth", 17),
          Map.entry("eighteenth", 18),
          Map.entry("nineteenth", 19),
          Map.entry("twentieth", 20),
          Map.entry("thirtieth", 30));

  /** Number words with their ordinal form, for the phrase hints. */
  static final List<String> NUMBER_WORDS =
      List.of(
          "one",
          "two",
          "three",
          "four",
          "five",
          "six",
          "seven",
          "eight",
          "nine",
          "ten",
          "eleven",
          "twelve",
          "twenty",
          "thirty",
          "first",
          "second",
          "third",
          "fourth",
          "fifth",
          "sixth",
          "seventh",
          "eighth",
          "ninth",
          "tenth",
          "twentieth",
          "thirtieth");

  private static final Pattern DIGIT_ORDINAL = Pattern.compile("(\\d{1,2})(st|nd|rd|th)");
  private static final Pattern CLOCK = Pattern.compile("(\\d{1,2}):(\\d{2})");
  private static final Pattern COMPACT_TIME = Pattern.compile("(\\d{1,2})(am|pm)");

  static final Set<String> PASSENGER_NOUNS =
      Set.of(
          "passenger",
          "passengers",
          "people",
          "persons",
          "person",
          "tickets",
          "ticket",
          "adults",
          "adult",
          "travelers",
          "travellers",
          "traveler",
          "traveller",
          "seats",
          "seat");

  /**
   * Words a recogniser writes for a small number it misheard ("due people", "to passengers"; in
   * PocketSphinx's dictionary "two" and "to" have the same phones). Read as the number only where
   * no other reading makes sense: right before a passenger noun, or right after a marker that
   * revises a count ("three people, actually two is right" heard as "... actually do is right").
   */
  private static final Map<String, Integer> NUMBER_SOUNDALIKES =
      Map.ofEntries(
          Map.entry("won", 1),
          Map.entry("to", 2),
          Map.entry("too", 2),
          Map.entry("do", 2),
          Map.entry("due", 2),
          Map.entry("tree", 3),
          Map.entry("free", 3),
          Map.entry("fore", 4),
          Map.entry("ate", 8));

  static final List<String> YES_WORDS =
      List.of(
          "yes",
          "yeah",
          "yep",
          "yup",
          "sure",
          "correct",
          "okay",
          "ok",
          "absolutely",
          "definitely",
          "perfect",
          "please");
  static final List<String> NO_WORDS = List.of("no", "nope", "nah", "negative");

  private static final Set<String> FILLERS = Set.of("um", "uh", "er", "erm", "hmm", "like", "oh");

  /** Words after which "to" names where the trip goes ("fly to", "a flight to"). */
  private static final Set<String> TRAVEL =
      Set.of("fly", "flying", "flight", "flights", "go", "going", "travel", "travelling", "trip");

  /**
   * The phrases that mark a self-correction, as a caller says them. The grammar reads them and the
   * desk hands them to the recogniser as hints, so that what the desk understands is also what the
   * recogniser leans towards.
   */
  static final List<String> CORRECTION_PHRASES =
      List.of(
          "no wait",
          "no no",
          "wait no",
          "or rather",
          "make that",
          "make it",
          "change that to",
          "change it to",
          "i mean",
          "i meant",
          "actually",
          "rather",
          "sorry",
          "wait",
          "correction",
          "oops");

  /** The phrases that take back the value before them. */
  static final List<String> SCRATCH_PHRASES =
      List.of("scratch that", "forget that", "strike that", "cancel that", "never mind");

  /** Correction markers, as token sequences; the longest match wins. */
  private static final List<String[]> CORRECTIONS = tokens(CORRECTION_PHRASES);

  private static final List<String[]> SCRATCHES = tokens(SCRATCH_PHRASES);

  private static List<String[]> tokens(List<String> phrases) {
    List<String[]> out = new ArrayList<>();
    for (String p : phrases) {
      out.add(p.split(" "));
    }
    out.sort((a, b) -> b.length - a.length);
    return List.copyOf(out);
  }

  // ---- parsing ----------------------------------------------------------------------------

  /** Splits a transcript into lower-case word tokens (punctuation dropped, "3pm" as "3 pm"). */
  static List<String> tokenize(String text) {
    String s = text.toLowerCase(Locale.ROOT);
    s = s.replace("a.m.", " am ").replace("p.m.", " pm ").replace("st.", "saint ");
    s = s.replace("’", "'");
    s = s.replaceAll("[^a-z0-9:'\\- ]", " ");
    s = s.replaceAll("(?<![a-z0-9])-|-(?![a-z0-9])", " ");
    List<String> out = new ArrayList<>();
    for (String t : s.strip().split("\\s+")) {
      if (t.isEmpty()) {
        continue;
      }
      Matcher compact = COMPACT_TIME.matcher(t);
      if (compact.matches()) {
        out.add(compact.group(1));
        out.add(compact.group(2));
        continue;
      }
      if (t.startsWith("'") || t.endsWith("'")) {
        t = t.replace("'", "");
        if (t.isEmpty()) {
          continue;
        }
      }
      if (t.contains("-") && !t.matches("[a-z]+-[a-z]+")) {
        t = t.replace("-", "");
      }
      if (t.contains("-")) {
        // "twenty-first": two words, as a recogniser would give them.
        for (String part : t.split("-")) {
          out.add(part);
        }
        continue;
      }
      out.add(t);
    }
    return out;
  }

  /** Understands one user turn. */
  static Utterance parse(String text, Context context) {
    return new Parser(tokenize(text), context).run();
  }

  /** A number spoken at a position: its value, whether ordinal, and its length in tokens. */
  private record Number(int value, boolean ordinal, int length) {}

  private static final class Parser {
    private final List<String> t;
    private final Context context;
    private final List<Mention> out = new ArrayList<>();
    private final List<Mention> negated = new ArrayList<>();
    private final Set<Intent> intents = EnumSet.noneOf(Intent.class);
    private boolean corrected;

    /** A correction marker waits for the value it introduces. */
    private boolean pendingCorrection;

    /** The value before the marker, the one a bare corrected number revises. */
    private @Nullable Mention beforeMarker;

    /** A "scratch that" target, dropped at the end unless a replacement came. */
    private @Nullable Mention scratched;

    private boolean negateNext;

    /** Where the latest correction marker ended: the token its value would start at. */
    private int markerEnd = -1;

    /**
     * A trip role whose city did not come: "from chicago to [words that are no city]". A corrected
     * city with no role of its own fills it ("... actually make that boston") rather than replacing
     * the city that did come: what was corrected is the value nobody could read, as when a
     * recogniser garbles the first destination. Null when every role said has its city.
     */
    private Mention.@Nullable Role dangling;

    Parser(List<String> tokens, Context context) {
      this.t = tokens;
      this.context = context;
    }

    Utterance run() {
      int i = 0;
      while (i < t.size()) {
        i += step(i);
      }
      if (scratched != null) {
        out.remove(scratched);
      }
      return new Utterance(List.copyOf(out), List.copyOf(negated), intents, corrected);
    }

    private String at(int i) {
      return i >= 0 && i < t.size() ? t.get(i) : "";
    }

    private boolean phrase(int i, String... words) {
      for (int k = 0; k < words.length; k++) {
        if (!at(i + k).equals(words[k])) {
          return false;
        }
      }
      return true;
    }

    private int matchAny(int i, List<String[]> phrases) {
      for (String[] p : phrases) {
        if (phrase(i, p)) {
          return p.length;
        }
      }
      return 0;
    }

    /** Reads what starts at {@code i} and returns how many tokens it took (at least one). */
    private int step(int i) {
      // Requests.
      if (at(i).equals("status") || phrase(i, "check", "my") || phrase(i, "is", "my", "booking")) {
        intents.add(Intent.STATUS);
      }
      if (phrase(i, "goodbye") || phrase(i, "bye") || phrase(i, "that's", "all")) {
        intents.add(Intent.BYE);
      }
      if (phrase(i, "that", "is", "all") || phrase(i, "nothing", "else")) {
        intents.add(Intent.BYE);
      }
      // Scratch markers ("cancel that booking" is a request, not a scratch).
      int scratch = matchAny(i, SCRATCHES);
      if (scratch > 0 && !isBookingNoun(at(i + scratch))) {
        corrected = true;
        pendingCorrection = true;
        beforeMarker = out.isEmpty() ? null : out.getLast();
        scratched = beforeMarker;
        return scratch;
      }
      if (at(i).equals("cancel") || phrase(i, "call", "off")) {
        intents.add(Intent.CANCEL);
        return 1;
      }
      // "don't book it", "do not book": a refusal.
      if (phrase(i, "don't") || phrase(i, "do", "not") || phrase(i, "dont")) {
        int n = at(i).equals("do") ? 2 : 1;
        if (at(i + n).equals("book") || at(i + n).equals("want") || at(i + n).equals("need")) {
          add(Mention.answer(false));
          return n + 1;
        }
        return n;
      }
      // "not X": X is ruled out and the next value of its kind corrects.
      if (at(i).equals("not")) {
        int j = i + 1;
        if (value(j).isEmpty() && (at(j).equals("on") || at(j).equals("to"))) {
          j++;
        }
        Optional<Value> ruled = value(j);
        if (ruled.isPresent()) {
          corrected = true;
          negated.add(ruled.get().mention());
          out.removeIf(
              m -> m.kind() == ruled.get().mention().kind() && m.sameValue(ruled.get().mention()));
          pendingCorrection = true;
          beforeMarker = ruled.get().mention();
          return j - i + ruled.get().length();
        }
        return 1;
      }
      // "no" before a value corrects ("the fifth, no, the seventh"); otherwise it answers.
      if (NO_WORDS.contains(at(i))) {
        int marker = matchAny(i, CORRECTIONS);
        if (marker > 0 || valueAhead(i + 1)) {
          markCorrection();
          markerEnd = i + Math.max(1, marker);
          return Math.max(1, marker);
        }
        add(Mention.answer(false));
        return 1;
      }
      int marker = matchAny(i, CORRECTIONS);
      if (marker > 0 && !(at(i).equals("sorry") && i == 0 && !valueAhead(i + 1))) {
        markCorrection();
        markerEnd = i + marker;
        return marker;
      }
      if (at(i).equals("instead") && !out.isEmpty()) {
        corrected = true;
        Mention last = out.removeLast();
        replace(last, true);
        return 1;
      }
      Optional<Value> v = value(i);
      if (v.isPresent()) {
        add(v.get().mention());
        return v.get().length();
      }
      Optional<Mention> soundalike = correctedCount(i);
      if (soundalike.isPresent()) {
        add(soundalike.get());
        return 1;
      }
      danglingAt(i);
      // A bare number after a correction revises the value before the marker, or answers the
      // question the desk asked.
      Optional<Number> n = number(i);
      if (n.isPresent()) {
        Optional<Mention> bare = bareNumber(n.get(), i);
        if (bare.isPresent()) {
          add(bare.get());
        }
        return n.get().length();
      }
      Optional<Integer> yes = yesAt(i);
      if (yes.isPresent()) {
        add(Mention.answer(true));
        return yes.get();
      }
      return 1;
    }

    private static boolean isBookingNoun(String word) {
      return word.equals("booking")
          || word.equals("reservation")
          || word.equals("flight")
          || word.equals("ticket");
    }

    /**
     * A count heard as a word that sounds like its number, right after a marker that revises a
     * count: "three people, actually two is right" heard as "... actually do is right". Only there,
     * and only when no value follows ("actually to boston" stays a city).
     */
    private Optional<Mention> correctedCount(int i) {
      Integer heard = NUMBER_SOUNDALIKES.get(at(i));
      if (heard == null || !pendingCorrection || i != markerEnd || value(i + 1).isPresent()) {
        return Optional.empty();
      }
      Mention previous = beforeMarker != null ? beforeMarker : context.previous();
      if (previous == null || previous.kind() != Mention.Kind.COUNT) {
        return Optional.empty();
      }
      return Optional.of(Mention.count(heard));
    }

    private void markCorrection() {
      corrected = true;
      pendingCorrection = true;
      beforeMarker = out.isEmpty() ? null : out.getLast();
    }

    private boolean valueAhead(int from) {
      for (int j = from; j < t.size(); j++) {
        if (yesAt(j).isPresent() || NO_WORDS.contains(at(j))) {
          return false;
        }
        if (value(j).isPresent()) {
          return true;
        }
        if (number(j).isPresent() && (beforeMarkerKind() != null)) {
          return true;
        }
      }
      return false;
    }

    private Mention.@Nullable Kind beforeMarkerKind() {
      if (!out.isEmpty()) {
        return out.getLast().kind();
      }
      Mention previous = context.previous();
      return previous == null ? null : previous.kind();
    }

    private Optional<Integer> yesAt(int i) {
      String w = at(i);
      if (YES_WORDS.contains(w)) {
        if (w.equals("please") && i > 0) {
          return Optional.empty(); // "two tickets please" is not a yes
        }
        return Optional.of(1);
      }
      if (phrase(i, "that's", "right") || phrase(i, "thats", "right")) {
        return Optional.of(2);
      }
      if (phrase(i, "that", "is", "right")) {
        return Optional.of(3);
      }
      if (phrase(i, "go", "ahead") || phrase(i, "do", "it") || phrase(i, "sounds", "good")) {
        return Optional.of(2);
      }
      if (phrase(i, "book", "it") || phrase(i, "that", "works") || phrase(i, "all", "right")) {
        return Optional.of(2);
      }
      if (w.equals("right") && i == 0) {
        return Optional.of(1);
      }
      return Optional.empty();
    }

    /**
     * Notes a trip role left without its city at {@code i}: "to" after a city or a word of travel,
     * or "from", followed by something that is no value.
     */
    private void danglingAt(int i) {
      int next = i + 1;
      while (FILLERS.contains(at(next))) {
        next++;
      }
      if (next >= t.size() || value(next).isPresent()) {
        return;
      }
      boolean afterTrip = cityEndsAt(i) || TRAVEL.contains(at(i - 1));
      if (at(i).equals("to") && afterTrip) {
        dangling = Mention.Role.DESTINATION;
      } else if (at(i).equals("from")) {
        dangling = Mention.Role.ORIGIN;
      }
    }

    /** Whether a city's name ends just before token {@code i} ("new york" in "new york to"). */
    private boolean cityEndsAt(int i) {
      for (int k = Math.max(0, i - 3); k < i; k++) {
        Optional<City.Match> city = City.at(t, k);
        if (city.isPresent() && k + city.get().length() == i) {
          return true;
        }
      }
      return false;
    }

    /** Records a value, applying a pending correction to it. */
    private void add(Mention m) {
      if (m.kind() == Mention.Kind.CITY && m.role() == dangling) {
        dangling = null; // the role got its city after all
      }
      if (pendingCorrection && m.kind() != Mention.Kind.ANSWER) {
        pendingCorrection = false;
        replace(m, false);
        return;
      }
      if (pendingCorrection && m.kind() == Mention.Kind.ANSWER) {
        pendingCorrection = false;
        out.removeIf(x -> x.kind() == Mention.Kind.ANSWER);
        out.add(m);
        return;
      }
      out.add(m);
    }

    /**
     * Adds {@code m} as a correction: it replaces the latest earlier value of its kind (and, for a
     * city with a role, of that role), taking that value's role; with nothing to replace it is
     * corrective for the conversation.
     */
    private void replace(Mention m, boolean instead) {
      Mention.Role open = dangling;
      if (m.kind() == Mention.Kind.CITY && m.role() == Mention.Role.UNSAID && open != null) {
        dangling = null;
        out.add(m.withRole(open));
        return;
      }
      for (int k = out.size() - 1; k >= 0; k--) {
        Mention old = out.get(k);
        if (old.kind() != m.kind()) {
          continue;
        }
        if (m.kind() == Mention.Kind.CITY
            && m.role() != Mention.Role.UNSAID
            && old.role() != Mention.Role.UNSAID
            && old.role() != m.role()) {
          continue;
        }
        out.remove(k);
        if (old == scratched) {
          scratched = null;
        }
        Mention placed = m.role() == Mention.Role.UNSAID ? m.withRole(old.role()) : m;
        out.add(placed);
        return;
      }
      if (scratched != null && scratched.kind() != m.kind()) {
        // "scratch that" followed by a value of another kind: the scratched one still goes.
        out.remove(scratched);
        scratched = null;
      }
      out.add(m.asCorrective(true));
      if (instead) {
        corrected = true;
      }
    }

    /** A city, date, time or passenger count starting at {@code i}. */
    private Optional<Value> value(int i) {
      Optional<City.Match> city = City.at(t, i);
      if (city.isPresent()) {
        return Optional.of(
            new Value(
                Mention.city(city.get().city(), roleOf(i, city.get().length())),
                city.get().length()));
      }
      Optional<Value> date = date(i);
      if (date.isPresent()) {
        return date;
      }
      Optional<Value> time = time(i);
      if (time.isPresent()) {
        return time;
      }
      return count(i);
    }

    private Mention.Role roleOf(int i, int length) {
      int j = i - 1;
      while (j >= 0 && FILLERS.contains(at(j))) {
        j--;
      }
      String before = at(j);
      switch (before) {
        case "to", "into", "towards", "destination" -> {
          return Mention.Role.DESTINATION;
        }
        case "from", "leaving", "departing", "origin" -> {
          return Mention.Role.ORIGIN;
        }
        case "of" -> {
          if (at(j - 1).equals("out")) {
            return Mention.Role.ORIGIN;
          }
        }
        default -> {}
      }
      // "Chicago to Boston": a city before "to <city>" is where the trip starts.
      if (at(i + length).equals("to") && City.at(t, i + length + 1).isPresent()) {
        return Mention.Role.ORIGIN;
      }
      return Mention.Role.UNSAID;
    }

    private Optional<Value> date(int i) {
      LocalDate today = context.today();
      if (at(i).equals("today")) {
        return Optional.of(new Value(Mention.date(today), 1));
      }
      if (phrase(i, "the", "day", "after", "tomorrow")) {
        return Optional.of(new Value(Mention.date(today.plusDays(2)), 4));
      }
      if (phrase(i, "day", "after", "tomorrow")) {
        return Optional.of(new Value(Mention.date(today.plusDays(2)), 3));
      }
      if (at(i).equals("tomorrow")) {
        return Optional.of(new Value(Mention.date(today.plusDays(1)), 1));
      }
      if (phrase(i, "in") && number(i + 1).isPresent()) {
        Number n = number(i + 1).orElseThrow();
        String unit = at(i + 1 + n.length());
        if (unit.equals("days") || unit.equals("day")) {
          return Optional.of(new Value(Mention.date(today.plusDays(n.value())), n.length() + 2));
        }
        if (unit.equals("weeks") || unit.equals("week")) {
          return Optional.of(new Value(Mention.date(today.plusWeeks(n.value())), n.length() + 2));
        }
      }
      int skip = 0;
      String w = at(i);
      if (w.equals("next") || w.equals("this") || w.equals("coming") || w.equals("on")) {
        skip = 1;
        if (at(i + 1).equals("coming")) {
          skip = 2;
        }
      }
      DayOfWeek day = weekday(at(i + skip));
      if (day != null) {
        // "Friday" and "next Friday" both mean the first Friday after today.
        LocalDate d = today.plusDays(1);
        while (d.getDayOfWeek() != day) {
          d = d.plusDays(1);
        }
        return Optional.of(new Value(Mention.date(d), skip + 1));
      }
      if (skip == 1 && !w.equals("on")) {
        return Optional.empty();
      }
      int start = i + (w.equals("on") ? 1 : 0);
      // "October 7th", "October the seventh"
      Month month = month(at(start));
      if (month != null) {
        int j = start + 1;
        if (at(j).equals("the")) {
          j++;
        }
        Optional<Number> n = number(j);
        if (n.isPresent() && n.get().value() >= 1 && n.get().value() <= 31) {
          Optional<LocalDate> d = monthDay(month, n.get().value());
          if (d.isPresent()) {
            return Optional.of(new Value(Mention.date(d.get()), j - i + n.get().length()));
          }
        }
        return Optional.empty();
      }
      // "the 7th of October", "the fifth", "7th October"
      int j = start;
      boolean the = at(j).equals("the");
      if (the) {
        j++;
      }
      Optional<Number> n = number(j);
      if (n.isEmpty() || n.get().value() < 1 || n.get().value() > 31) {
        return Optional.empty();
      }
      int after = j + n.get().length();
      int k = after + (at(after).equals("of") ? 1 : 0);
      Month named = month(at(k));
      if (named != null) {
        Optional<LocalDate> d = monthDay(named, n.get().value());
        return d.map(date -> new Value(Mention.date(date), k + 1 - i));
      }
      if (n.get().ordinal() && (the || w.equals("on")) && !isChoiceNoun(at(after))) {
        return nextDayOfMonth(n.get().value())
            .map(date -> new Value(Mention.date(date), after - i));
      }
      return Optional.empty();
    }

    private static boolean isChoiceNoun(String w) {
      return w.equals("one") || w.equals("flight") || w.equals("option") || w.equals("time");
    }

    private Optional<LocalDate> monthDay(Month month, int day) {
      LocalDate today = context.today();
      for (int year = today.getYear(); year <= today.getYear() + 1; year++) {
        if (day <= month.length(java.time.Year.isLeap(year))) {
          LocalDate d = LocalDate.of(year, month, day);
          if (!d.isBefore(today)) {
            return Optional.of(d);
          }
        }
      }
      return Optional.empty();
    }

    private Optional<LocalDate> nextDayOfMonth(int day) {
      LocalDate first = context.today().withDayOfMonth(1);
      for (int k = 0; k < 13; k++) {
        LocalDate month = first.plusMonths(k);
        if (day <= month.lengthOfMonth()) {
          LocalDate d = month.withDayOfMonth(day);
          if (!d.isBefore(context.today())) {
            return Optional.of(d);
          }
        }
      }
      return Optional.empty();
    }

    private Optional<Value> time(int i) {
      String w = at(i);
      if (w.equals("noon") || w.equals("midday")) {
        return Optional.of(new Value(Mention.time(TimePreference.at(12, 0)), 1));
      }
      int j = i;
      if (phrase(j, "in", "the")) {
        j += 2;
      } else if (at(j).equals("this") || at(j).equals("early") || at(j).equals("late")) {
        j += 1;
      } else if (at(j).equals("the") && partOfDay(at(j + 1)) != null) {
        j += 1; // "make it the evening", "the morning flight"
      }
      TimePreference part = partOfDay(at(j));
      if (part != null) {
        return Optional.of(new Value(Mention.time(part), j - i + 1));
      }
      if (w.equals("tonight")) {
        return Optional.of(new Value(Mention.time(TimePreference.NIGHT), 1));
      }
      boolean atWord = w.equals("at") || w.equals("around") || w.equals("about");
      int s = atWord ? i + 1 : i;
      if (atWord && (at(s).equals("about") || at(s).equals("around"))) {
        s++;
      }
      Optional<int[]> clock = clock(s);
      if (clock.isEmpty()) {
        return Optional.empty();
      }
      int hour = clock.get()[0];
      int minute = clock.get()[1];
      int e = s + clock.get()[2];
      if (hour < 1 || hour > 12) {
        return Optional.empty();
      }
      if (at(e).equals("am") || at(e).equals("pm")) {
        int h24 = (hour % 12) + (at(e).equals("pm") ? 12 : 0);
        return Optional.of(new Value(Mention.time(TimePreference.at(h24, minute)), e + 1 - i));
      }
      if (phrase(e, "in", "the")) {
        TimePreference p = partOfDay(at(e + 2));
        if (p != null) {
          int h24 = (hour % 12) + (p == TimePreference.MORNING ? 0 : 12);
          return Optional.of(new Value(Mention.time(TimePreference.at(h24, minute)), e + 3 - i));
        }
      }
      if (at(e).equals("o'clock") || at(e).equals("oclock") || atWord || minute > 0) {
        if (!atWord && minute == 0 && !at(e).contains("clock")) {
          return Optional.empty();
        }
        int len = e - i + (at(e).contains("clock") ? 1 : 0);
        return Optional.of(
            new Value(Mention.time(TimePreference.at(guessHour(hour), minute)), len));
      }
      return Optional.empty();
    }

    /** An hour without am/pm: 7 to 11 in the morning, 12 noon, 1 to 6 in the afternoon. */
    private static int guessHour(int hour) {
      return hour >= 7 && hour <= 11 ? hour : hour == 12 ? 12 : hour + 12;
    }

    /** {hour, minute, tokens} for "3", "3:30", "three thirty", "nine oh five". */
    private Optional<int[]> clock(int i) {
      Matcher m = CLOCK.matcher(at(i));
      if (m.matches()) {
        return Optional.of(
            new int[] {Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), 1});
      }
      Optional<Number> h = cardinal(i);
      if (h.isEmpty() || h.get().length() != 1) {
        return Optional.empty();
      }
      int j = i + 1;
      if (at(j).equals("oh") && cardinal(j + 1).isPresent()) {
        int min = cardinal(j + 1).orElseThrow().value();
        if (min < 10) {
          return Optional.of(new int[] {h.get().value(), min, 3});
        }
      }
      Optional<Number> min = cardinal(j);
      if (min.isPresent() && min.get().value() >= 10 && min.get().value() < 60) {
        String next = at(j + min.get().length());
        if (next.equals("am") || next.equals("pm") || phrase(j + min.get().length(), "in", "the")) {
          return Optional.of(
              new int[] {h.get().value(), min.get().value(), 1 + min.get().length()});
        }
      }
      return Optional.of(new int[] {h.get().value(), 0, 1});
    }

    private static @Nullable TimePreference partOfDay(String w) {
      return switch (w) {
        case "morning" -> TimePreference.MORNING;
        case "afternoon" -> TimePreference.AFTERNOON;
        case "evening" -> TimePreference.EVENING;
        case "night" -> TimePreference.NIGHT;
        default -> null;
      };
    }

    private Optional<Value> count(int i) {
      if (phrase(i, "just", "me") || phrase(i, "only", "me") || phrase(i, "just", "myself")) {
        return Optional.of(new Value(Mention.count(1), 2));
      }
      if (phrase(i, "by", "myself") || phrase(i, "just", "one")) {
        return Optional.of(new Value(Mention.count(1), 2));
      }
      if (phrase(i, "me", "and", "my") && !at(i + 3).isEmpty()) {
        return Optional.of(new Value(Mention.count(2), 4));
      }
      if (at(i).equals("my")
          && at(i + 2).equals("and")
          && (at(i + 3).equals("i") || at(i + 3).equals("me"))) {
        return Optional.of(new Value(Mention.count(2), 4));
      }
      int j = i;
      if (at(j).equals("the")) {
        j++;
      }
      if (phrase(i, "party", "of") || phrase(i, "for")) {
        j = i + (at(i).equals("for") ? 1 : 2);
        if (at(j).equals("the")) {
          j++;
        }
        Optional<Number> n = countWord(j);
        if (n.isPresent() && n.get().value() >= 1 && n.get().value() <= 9) {
          int e = j + n.get().length();
          String next = at(e);
          boolean clock =
              next.equals("am")
                  || next.equals("pm")
                  || next.contains("clock")
                  || next.equals("days")
                  || next.equals("day")
                  || next.equals("nights")
                  || next.equals("in");
          if (!clock) {
            int len = e - i;
            if (PASSENGER_NOUNS.contains(next)) {
              len++;
            } else if (phrase(e, "of", "us")) {
              len += 2;
            }
            return Optional.of(new Value(Mention.count(n.get().value()), len));
          }
        }
        return Optional.empty();
      }
      Optional<Number> n = countWord(j);
      if (n.isEmpty() || n.get().value() < 1 || n.get().value() > 9) {
        return Optional.empty();
      }
      int e = j + n.get().length();
      if (PASSENGER_NOUNS.contains(at(e))) {
        return Optional.of(new Value(Mention.count(n.get().value()), e + 1 - i));
      }
      if (phrase(e, "of", "us")) {
        return Optional.of(new Value(Mention.count(n.get().value()), e + 2 - i));
      }
      if (at(e).equals("adult") || at(e).equals("adults")) {
        return Optional.of(new Value(Mention.count(n.get().value()), e + 1 - i));
      }
      return Optional.empty();
    }

    /**
     * The number of a passenger count at {@code i}: a number word, or a word that sounds like one
     * when a passenger noun ("people", "of us") follows it.
     */
    private Optional<Number> countWord(int i) {
      Optional<Number> n = cardinal(i);
      if (n.isPresent()) {
        return n;
      }
      Integer heard = NUMBER_SOUNDALIKES.get(at(i));
      if (heard != null && (PASSENGER_NOUNS.contains(at(i + 1)) || phrase(i + 1, "of", "us"))) {
        return Optional.of(new Number(heard, false, 1));
      }
      return Optional.empty();
    }

    /** A bare number, read by the value it corrects or the question it answers. */
    private Optional<Mention> bareNumber(Number n, int i) {
      Mention.@Nullable Kind kind = null;
      @Nullable Mention previous = null;
      if (pendingCorrection) {
        previous = beforeMarker != null ? beforeMarker : context.previous();
        kind = previous == null ? null : previous.kind();
      }
      if (kind == null) {
        switch (context.asked()) {
          case PASSENGERS -> kind = Mention.Kind.COUNT;
          case DATE -> kind = Mention.Kind.DATE;
          default -> {}
        }
      }
      if (kind == null && n.ordinal() && !isChoiceNoun(at(i + n.length()))) {
        kind = Mention.Kind.DATE;
      }
      if (kind == null) {
        return Optional.empty();
      }
      int v = n.value();
      return switch (kind) {
        case COUNT -> v >= 1 && v <= 9 ? Optional.of(Mention.count(v)) : Optional.empty();
        case DATE -> {
          if (v < 1 || v > 31) {
            yield Optional.empty();
          }
          LocalDate previousDate = previous == null ? null : previous.date();
          if (previousDate != null) {
            Optional<LocalDate> d = monthDay(previousDate.getMonth(), v);
            if (d.isPresent()) {
              yield Optional.of(Mention.date(d.get()));
            }
          }
          yield nextDayOfMonth(v).map(Mention::date);
        }
        case TIME -> {
          if (v < 1 || v > 12) {
            yield Optional.empty();
          }
          TimePreference previousTime = previous == null ? null : previous.time();
          boolean pm =
              previousTime != null
                  ? previousTime.afternoon() && v != 12
                  : guessHour(v) >= 12 && v != 12;
          yield Optional.of(Mention.time(TimePreference.at((v % 12) + (pm ? 12 : 0), 0)));
        }
        case CITY, ANSWER -> Optional.empty();
      };
    }

    private Optional<Number> number(int i) {
      Optional<Number> o = ordinal(i);
      if (o.isPresent() && o.get().length() == 2) {
        return o; // "twenty first", not "twenty"
      }
      Optional<Number> c = cardinal(i);
      if (c.isPresent()) {
        return c;
      }
      return ordinal(i);
    }

    private Optional<Number> cardinal(int i) {
      String w = at(i);
      if (w.matches("\\d{1,4}")) {
        return Optional.of(new Number(Integer.parseInt(w), false, 1));
      }
      Integer v = CARDINALS.get(w);
      if (v == null) {
        return Optional.empty();
      }
      if ((v == 20 || v == 30 || v == 40 || v == 50) && CARDINALS.containsKey(at(i + 1))) {
        int unit = CARDINALS.getOrDefault(at(i + 1), 99);
        if (unit < 10) {
          return Optional.of(new Number(v + unit, false, 2));
        }
      }
      return Optional.of(new Number(v, false, 1));
    }

    private Optional<Number> ordinal(int i) {
      String w = at(i);
      Matcher m = DIGIT_ORDINAL.matcher(w);
      if (m.matches()) {
        return Optional.of(new Number(Integer.parseInt(m.group(1)), true, 1));
      }
      if ((w.equals("twenty") || w.equals("thirty")) && ORDINALS.containsKey(at(i + 1))) {
        int unit = ORDINALS.getOrDefault(at(i + 1), 99);
        if (unit < 10) {
          return Optional.of(new Number((w.equals("twenty") ? 20 : 30) + unit, true, 2));
        }
      }
      Integer v = ORDINALS.get(w);
      return v == null ? Optional.empty() : Optional.of(new Number(v, true, 1));
    }

    private static @Nullable DayOfWeek weekday(String w) {
      for (DayOfWeek d : DayOfWeek.values()) {
        if (d.name().toLowerCase(Locale.ROOT).equals(w)) {
          return d;
        }
      }
      return null;
    }

    private static @Nullable Month month(String w) {
      for (Month m : Month.values()) {
        String name = m.name().toLowerCase(Locale.ROOT);
        if (name.equals(w) || (w.length() == 3 && name.startsWith(w) && !w.equals("mar"))) {
          return m;
        }
      }
      return null;
    }
  }

  /** A value and how many tokens it took. */
  private record Value(Mention mention, int length) {}
}
