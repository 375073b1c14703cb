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

import dev.parley.agent.demo.TravelGrammar.Question;
import dev.parley.core.spi.SpeechRecognizer.Expectation;
import java.time.DayOfWeek;
import java.time.Month;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;

/**
 * What the travel desk expects to hear after each of its questions, as recogniser expectations: the
 * phrases that answer "Where are you flying to?" (a city), "What day?" (a date), "How many?" (a
 * number) and "Shall I book it?" (yes or no), generated from the same vocabulary the desk's grammar
 * reads them with, so the recogniser leans towards exactly what the desk can understand. Stateless.
 */
final class Expectations {
  private Expectations() {}

  /** Every slot the desk may ask for, with its phrases. */
  static final List<Expectation> ALL =
      List.of(
          new Expectation(Expectation.OPENING, revisable(openingPhrases())),
          new Expectation(Expectation.CITY, revisable(cityPhrases())),
          new Expectation(Expectation.DATE, revisable(datePhrases())),
          new Expectation(Expectation.NUMBER, revisable(numberPhrases())),
          new Expectation(Expectation.YES_NO, revisable(yesNoPhrases())));

  /**
   * A slot's phrases with the desk's correction markers beside them: a caller may revise in any
   * answer ("Friday, no wait, Saturday"; "actually make it two"), and a marker the recogniser does
   * not expect comes out as look-alike words ("no way", "and nope") the grammar cannot read. The
   * markers stand alone, so the values after them keep their own weights.
   */
  private static List<String> revisable(List<String> phrases) {
    List<String> out = new ArrayList<>(phrases);
    out.addAll(TravelGrammar.CORRECTION_PHRASES);
    out.addAll(TravelGrammar.SCRATCH_PHRASES);
    return List.copyOf(new LinkedHashSet<>(out));
  }

  /** The slot the answer to a reply is likely to fill, from the question the reply ends on. */
  static String slotAfter(String replyText) {
    Question question = DeskState.questionIn(replyText.toLowerCase(Locale.ROOT));
    return switch (question) {
      case DESTINATION, ORIGIN -> Expectation.CITY;
      case DATE -> Expectation.DATE;
      case PASSENGERS -> Expectation.NUMBER;
      case CONFIRM -> Expectation.YES_NO;
      case NONE -> Expectation.OPEN;
    };
  }

  /**
   * A caller's first words to a travel desk: a trip, from somewhere to somewhere, and often the
   * whole request at once ("from Chicago to Boston on Friday for two people"), so the opening also
   * leans towards every slot's answers: a first turn that carries a date or a count is heard with
   * the same vocabulary as the answer to "What day?" or "How many?".
   */
  private static List<String> openingPhrases() {
    List<String> phrases =
        new ArrayList<>(
            List.of(
                "hi",
                "hello",
                "i would like to book a flight",
                "i'd like to book a flight",
                "i need a flight",
                "i want to fly",
                "a flight from",
                "a flight to",
                "the status of my booking",
                "cancel my booking"));
    for (City city : City.ALL) {
      String name = city.name().toLowerCase(Locale.ROOT);
      phrases.add("from " + name + " to");
      phrases.add("to " + name);
    }
    phrases.addAll(cityPhrases());
    phrases.addAll(datePhrases());
    for (String count : numberPhrases()) {
      phrases.add(count);
      phrases.add("for " + count);
    }
    return List.copyOf(new LinkedHashSet<>(phrases));
  }

  private static List<String> cityPhrases() {
    List<String> phrases = new ArrayList<>();
    for (City city : City.ALL) {
      String name = city.name().toLowerCase(Locale.ROOT);
      phrases.add(name);
      phrases.add("to " + name);
      phrases.add("from " + name);
      phrases.add("make that " + name);
    }
    return phrases;
  }

  private static List<String> datePhrases() {
    List<String> phrases = new ArrayList<>(List.of("today", "tomorrow"));
    for (DayOfWeek day : DayOfWeek.values()) {
      String name = day.getDisplayName(TextStyle.FULL, Locale.ENGLISH).toLowerCase(Locale.ROOT);
      phrases.add(name);
      phrases.add("next " + name);
      phrases.add("this " + name);
      phrases.add("on " + name);
      phrases.add(name + " in the morning");
      phrases.add(name + " in the afternoon");
      phrases.add(name + " in the evening");
    }
    List<String> ordinals =
        TravelGrammar.NUMBER_WORDS.subList(14, TravelGrammar.NUMBER_WORDS.size());
    for (Month month : Month.values()) {
      String name = month.getDisplayName(TextStyle.FULL, Locale.ENGLISH).toLowerCase(Locale.ROOT);
      phrases.add(name);
      for (String ordinal : ordinals) {
        phrases.add("the " + ordinal + " of " + name);
        phrases.add(name + " " + ordinal);
      }
    }
    return phrases;
  }

  private static List<String> numberPhrases() {
    List<String> phrases = new ArrayList<>(List.of("just me", "just one", "only me"));
    for (String number : TravelGrammar.NUMBER_WORDS.subList(0, 12)) {
      phrases.add(number);
      phrases.add(number + " of us");
      phrases.add(number + " passengers");
      phrases.add(number + " people");
      phrases.add(number + " tickets");
    }
    return phrases;
  }

  private static List<String> yesNoPhrases() {
    List<String> phrases = new ArrayList<>();
    phrases.addAll(TravelGrammar.YES_WORDS);
    phrases.addAll(TravelGrammar.NO_WORDS);
    phrases.addAll(
        List.of(
            "yes that is right",
            "yes that's right",
            "that's right",
            "yes please",
            "yes book it",
            "no thanks",
            "no thank you"));
    // An offer is where a caller hears the whole request read back, so it is where they revise
    // it ("no, sorry, I meant for two people"; "actually, make it Wednesday"): the counts and days
    // an offer repeats are as likely an answer as a yes.
    for (String count : numberPhrases()) {
      phrases.add(count);
      phrases.add("for " + count);
    }
    phrases.add("today");
    phrases.add("tomorrow");
    for (DayOfWeek day : DayOfWeek.values()) {
      String name = day.getDisplayName(TextStyle.FULL, Locale.ENGLISH).toLowerCase(Locale.ROOT);
      phrases.add(name);
      phrases.add("on " + name);
    }
    return phrases;
  }
}
