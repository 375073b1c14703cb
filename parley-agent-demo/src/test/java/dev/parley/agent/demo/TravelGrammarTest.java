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

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.agent.demo.TravelGrammar.Context;
import dev.parley.agent.demo.TravelGrammar.Intent;
import dev.parley.agent.demo.TravelGrammar.Question;
import java.time.LocalDate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The rule grammar over single turns; today is Thursday, October 1st, 2026. */
class TravelGrammarTest {
  static final LocalDate TODAY = LocalDate.of(2026, 10, 1);

  static String read(String text) {
    return read(text, Context.on(TODAY));
  }

  static String read(String text, Context context) {
    return TravelGrammar.parse(text, context).mentions().stream()
        .map(Mention::toString)
        .collect(Collectors.joining(" "));
  }

  @Nested
  class Slots {
    @ParameterizedTest(name = "{0}")
    @CsvSource(
        delimiter = '|',
        textBlock =
            """
            I want to fly from Chicago to New York        | ORIGIN=Chicago DESTINATION=New York
            from Los Angeles to San Francisco             | ORIGIN=Los Angeles DESTINATION=San Francisco
            Chicago to Boston                             | ORIGIN=Chicago DESTINATION=Boston
            book a flight to Salt Lake City               | DESTINATION=Salt Lake City
            I'm flying out of Newark                      | ORIGIN=Newark
            Boston                                        | UNSAID=Boston
            October 7th                                   | DATE=2026-10-07
            october seventh                               | DATE=2026-10-07
            the seventh of October                        | DATE=2026-10-07
            the 5th                                       | DATE=2026-10-05
            on the twenty first                           | DATE=2026-10-21
            next Friday                                   | DATE=2026-10-02
            Friday                                        | DATE=2026-10-02
            next Wednesday                                | DATE=2026-10-07
            tomorrow                                      | DATE=2026-10-02
            the day after tomorrow                        | DATE=2026-10-03
            in 3 days                                     | DATE=2026-10-04
            September 3rd                                 | DATE=2027-09-03
            3 pm                                          | TIME=3 PM
            at 9:30 am                                    | TIME=9:30 AM
            at three                                      | TIME=3 PM
            nine o'clock                                  | TIME=9 AM
            in the morning                                | TIME=in the morning
            in the evening                                | TIME=in the evening
            around noon                                   | TIME=noon
            two of us                                     | COUNT=2
            4 passengers                                  | COUNT=4
            three people                                  | COUNT=3
            for two                                       | COUNT=2
            just me                                       | COUNT=1
            me and my wife                                | COUNT=2
            four passengers please                        | COUNT=4
            yes                                           | YES
            yeah that's right                             | YES YES
            no thanks                                     | NO
            don't book it                                 | NO
            the first one                                 | ''
            """)
    void findsTheValue(String said, String expected) {
      assertThat(read(said)).isEqualTo(expected);
    }

    @Test
    void readsAWholeRequest() {
      assertThat(read("Chicago to Boston on October 7th at 9:30 am for two"))
          .isEqualTo("ORIGIN=Chicago DESTINATION=Boston DATE=2026-10-07 TIME=9:30 AM COUNT=2");
      assertThat(read("book a flight to San Francisco next Friday in the morning"))
          .isEqualTo("DESTINATION=San Francisco DATE=2026-10-02 TIME=in the morning");
    }

    @Test
    void aDayOfMonthThatHasPassedIsNextMonths() {
      Context later = Context.on(LocalDate.of(2026, 10, 10));
      assertThat(read("the fifth", later)).isEqualTo("DATE=2026-11-05");
      assertThat(read("the 31st", Context.on(LocalDate.of(2026, 11, 2))))
          .isEqualTo("DATE=2026-12-31");
    }
  }

  @Nested
  class SelfCorrections {
    @ParameterizedTest(name = "{0}")
    @CsvSource(
        delimiter = '|',
        textBlock =
            """
            to New York — actually, make that Boston      | DESTINATION=Boston
            to New York, actually Boston                  | DESTINATION=Boston
            from Denver, I mean from Dallas               | ORIGIN=Dallas
            Denver, I mean Seattle                        | UNSAID=Seattle
            to Denver, scratch that, to Boston            | DESTINATION=Boston
            to Miami, or rather Orlando                   | DESTINATION=Orlando
            to Miami, rather Orlando                      | DESTINATION=Orlando
            from Chicago to Miami, sorry, to Tampa Orlando | ORIGIN=Chicago DESTINATION=Orlando
            to Denver, wait, Phoenix                      | DESTINATION=Phoenix
            to Boston, not Denver                         | DESTINATION=Boston
            the fifth, no wait, the seventh               | DATE=2026-10-07
            the fifth, no, the seventh                    | DATE=2026-10-07
            October 7th, I mean October 8th               | DATE=2026-10-08
            October 7th, no, the 9th                      | DATE=2026-10-09
            on the fifth, scratch that                    | ''
            tomorrow, actually Friday                     | DATE=2026-10-02
            three passengers, no, four                    | COUNT=4
            two of us, actually three of us               | COUNT=3
            at 3 pm, no, 4                                | TIME=4 PM
            in the morning, I mean in the evening         | TIME=in the evening
            yes, no wait, no                              | NO
            no, I mean yes                                | YES
            from Chicago to New York, make that Boston on the 7th | ORIGIN=Chicago DESTINATION=Boston DATE=2026-10-07
            """)
    void reviseTheSlotInsteadOfAppending(String said, String expected) {
      assertThat(read(said)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
        delimiter = '|',
        textBlock =
            """
            actually, Boston                 | ~UNSAID=Boston
            actually make that Boston        | ~UNSAID=Boston
            Seattle instead                  | ~UNSAID=Seattle
            not Denver, Boston               | ~UNSAID=Boston
            sorry, make it two passengers    | ~COUNT=2
            no, the seventh                  | ~DATE=2026-10-07
            I mean the seventh               | ~DATE=2026-10-07
            sorry, I meant the seventh, not the fifth | ~DATE=2026-10-07
            oh no, I meant Boston, not New York | ~UNSAID=Boston
            """)
    void aCorrectionWithNothingBeforeItRevisesAnEarlierTurn(String said, String expected) {
      assertThat(read(said)).isEqualTo(expected);
    }

    /** What a recogniser makes of a destination it cannot read, then the caller's correction. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(
        delimiter = '|',
        textBlock =
            """
            from chicago to name your kid actually nope make that boston | ORIGIN=Chicago DESTINATION=Boston
            a flight to the noise um actually make that denver           | DESTINATION=Denver
            from the weird sound to boston sorry I mean seattle          | DESTINATION=Boston ORIGIN=Seattle
            from chicago to miami sorry I mean orlando                   | ORIGIN=Chicago DESTINATION=Orlando
            I want to fly from seattle actually make that portland      | ORIGIN=Portland
            """)
    void aCorrectionFillsTheRoleWhoseCityNobodyCouldRead(String said, String expected) {
      assertThat(read(said)).isEqualTo(expected);
    }

    /**
     * A small number the recogniser wrote as a word that sounds like it ("two" as "due"): read as
     * the number only where a passenger noun follows, so "to" and "for" keep their own meanings.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource(
        delimiter = '|',
        textBlock =
            """
            on friday due people                                | DATE=2026-10-02 COUNT=2
            on march twentieth do people                        | DATE=2027-03-20 COUNT=2
            for to passengers                                   | COUNT=2
            tree of us                                          | COUNT=3
            three people actually fore people                   | COUNT=4
            from chicago to boston                              | ORIGIN=Chicago DESTINATION=Boston
            i need to fly to denver                             | DESTINATION=Denver
            do you have anything                                | ''
            """)
    void aNumberHeardAsASoundalikeBeforeAPassengerNounIsACount(String said, String expected) {
      assertThat(read(said)).isEqualTo(expected);
    }

    /** Right after a marker that revises a count, a number's soundalike is that number. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(
        delimiter = '|',
        textBlock =
            """
            for two people no three people actually do is right | COUNT=2
            for three people actually to                        | COUNT=2
            on friday actually to boston                        | DATE=2026-10-02 ~DESTINATION=Boston
            to boston for three people actually to boston       | COUNT=3 DESTINATION=Boston
            """)
    void aCorrectedCountHeardAsASoundalikeIsTheNumber(String said, String expected) {
      assertThat(read(said)).isEqualTo(expected);
    }

    @Test
    void aBareNumberAfterACorrectionTakesTheKindOfTheValueItCorrects() {
      Context afterCount = new Context(TODAY, Question.NONE, Mention.count(2));
      assertThat(read("no wait, three", afterCount)).isEqualTo("~COUNT=3");
      Context afterDate = new Context(TODAY, Question.NONE, Mention.date(TODAY.plusDays(4)));
      assertThat(read("sorry, the 9th", afterDate)).isEqualTo("~DATE=2026-10-09");
    }

    @Test
    void ruledOutValuesAreReported() {
      var u = TravelGrammar.parse("not Denver", Context.on(TODAY));
      assertThat(u.mentions()).isEmpty();
      assertThat(u.negated()).extracting(Mention::toString).containsExactly("UNSAID=Denver");
      assertThat(u.corrected()).isTrue();
    }
  }

  @Nested
  class Context_ {
    @Test
    void aBareAnswerFillsTheSlotThatWasAsked() {
      assertThat(read("two", new Context(TODAY, Question.PASSENGERS, null))).isEqualTo("COUNT=2");
      assertThat(read("the ninth", new Context(TODAY, Question.DATE, null)))
          .isEqualTo("DATE=2026-10-09");
      assertThat(read("two", Context.on(TODAY))).isEmpty();
    }

    @Test
    void requestsAreRecognised() {
      assertThat(TravelGrammar.parse("cancel my booking", Context.on(TODAY)).intents())
          .containsExactly(Intent.CANCEL);
      assertThat(
              TravelGrammar.parse("what's the status of my booking", Context.on(TODAY)).intents())
          .contains(Intent.STATUS);
      assertThat(TravelGrammar.parse("that's all, bye", Context.on(TODAY)).intents())
          .contains(Intent.BYE);
    }
  }
}
