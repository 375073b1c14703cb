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
package dev.parley.speech.flite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.speech.flite.SentenceChunker.Boundary;
import dev.parley.speech.flite.SentenceChunker.Chunk;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class SentenceChunkerTest {
  private final SentenceChunker chunker = new SentenceChunker();

  private List<Chunk> append(String text) {
    chunker.append(text);
    List<Chunk> chunks = new ArrayList<>();
    for (var next = chunker.next(); next.isPresent(); next = chunker.next()) {
      chunks.add(next.get());
    }
    return chunks;
  }

  @Nested
  class SentenceEnds {
    @Test
    void aSentenceEndsAsSoonAsItsPunctuationArrives() {
      assertThat(append("Hello")).isEmpty();
      assertThat(append(".")).containsExactly(new Chunk("Hello.", Boundary.SENTENCE));
    }

    @Test
    void questionsExclamationsAndSemicolonsEndSentences() {
      assertThat(append("Really? Yes! Fine; done"))
          .containsExactly(
              new Chunk("Really? ", Boundary.SENTENCE),
              new Chunk("Yes! ", Boundary.SENTENCE),
              new Chunk("Fine; ", Boundary.SENTENCE));
    }

    @Test
    void closingQuotesAndEllipsesStayWithTheirSentence() {
      assertThat(append("He said \"stop.\" Well... ok"))
          .containsExactly(
              new Chunk("He said \"stop.\" ", Boundary.SENTENCE),
              new Chunk("Well... ", Boundary.SENTENCE));
    }

    @Test
    void aLineBreakEndsALineOfText() {
      assertThat(append("Here are the options\n- one"))
          .containsExactly(new Chunk("Here are the options\n", Boundary.SENTENCE));
    }

    @Test
    void punctuationWithoutWordsIsNotASentence() {
      assertThat(append("1. 2. 3. ")).isEmpty();
    }
  }

  @Nested
  class AmbiguousPeriods {
    @Test
    void aPeriodAfterADigitWaitsForTheNextCharacter() {
      assertThat(append("It costs 3.")).isEmpty();
      assertThat(append("5 dollars."))
          .containsExactly(new Chunk("It costs 3.5 dollars.", Boundary.SENTENCE));
    }

    @Test
    void aPeriodAfterADigitEndsTheSentenceWhenASpaceFollows() {
      assertThat(append("I counted to 3.")).isEmpty();
      assertThat(append(" Then")).containsExactly(new Chunk("I counted to 3. ", Boundary.SENTENCE));
    }

    @Test
    void abbreviationsDoNotEndASentence() {
      assertThat(append("Ask Dr. Smith about it e.g. tomorrow."))
          .containsExactly(new Chunk("Ask Dr. Smith about it e.g. tomorrow.", Boundary.SENTENCE));
    }

    @Test
    void anInitialismWaitsToSeeWhatFollows() {
      assertThat(append("I live in the U.S.")).isEmpty();
      assertThat(append(" Do you?"))
          .containsExactly(
              new Chunk("I live in the U.S. ", Boundary.SENTENCE),
              new Chunk("Do you?", Boundary.SENTENCE));
    }

    @Test
    void decimalsInsideAWordNeverSplit() {
      assertThat(append("Pi is 3.14159 roughly")).isEmpty();
    }
  }

  @Nested
  class Clauses {
    @Test
    void theFirstClauseEndsAtACommaOnceItHasThreeWords() {
      assertThat(append("Well,")).isEmpty();
      assertThat(append(" I think so,"))
          .containsExactly(new Chunk("Well, I think so,", Boundary.CLAUSE));
    }

    @Test
    void laterClausesNeedEightWords() {
      append("Sure. ");
      assertThat(append("I can do that, and then,")).isEmpty();
      assertThat(append(" if you want it, I will"))
          .containsExactly(new Chunk("I can do that, and then, if you want it, ", Boundary.CLAUSE));
    }

    @Test
    void aCommaAfterADigitMayBeAThousandsSeparator() {
      assertThat(append("It is about 1,")).isEmpty();
      assertThat(append("000 miles away."))
          .containsExactly(new Chunk("It is about 1,000 miles away.", Boundary.SENTENCE));
    }
  }

  @Nested
  class EarlyFirstPiece {
    @Test
    void theFirstPieceEndsBeforeAPhraseOnceItHasFourWords() {
      assertThat(append("Your flight to Boston leaves at nine fifteen tomorrow morning."))
          .containsExactly(
              new Chunk("Your flight to Boston leaves ", Boundary.PHRASE),
              new Chunk("at nine fifteen tomorrow morning.", Boundary.SENTENCE));
    }

    @Test
    void withoutAPhraseOpenerTheFirstPieceEndsAfterSixWords() {
      assertThat(append("Please confirm seven passengers travelling tomorrow morning early."))
          .containsExactly(
              new Chunk("Please confirm seven passengers travelling tomorrow ", Boundary.PHRASE),
              new Chunk("morning early.", Boundary.SENTENCE));
    }

    @Test
    void theCutWaitsUntilTheNextWordIsComplete() {
      assertThat(append("Please confirm seven passengers travelling tomorrow mor")).isEmpty();
      assertThat(append("ning early."))
          .containsExactly(
              new Chunk("Please confirm seven passengers travelling tomorrow ", Boundary.PHRASE),
              new Chunk("morning early.", Boundary.SENTENCE));
    }

    @Test
    void aSentenceThatEndsWithTheNextWordIsNotCut() {
      assertThat(append("Hello, how can I help you today?"))
          .containsExactly(new Chunk("Hello, how can I help you today?", Boundary.SENTENCE));
    }

    @Test
    void aClauseThatEndsWithTheNextWordIsNotCut() {
      assertThat(append("Please confirm seven passengers travelling tomorrow, then pay."))
          .containsExactly(
              new Chunk("Please confirm seven passengers travelling tomorrow, ", Boundary.CLAUSE),
              new Chunk("then pay.", Boundary.SENTENCE));
    }

    @Test
    void aPhraseOpenerNeedsFourWordsBeforeIt() {
      assertThat(append("We can fly to Boston tonight, if you like."))
          .containsExactly(
              new Chunk("We can fly to Boston tonight, ", Boundary.CLAUSE),
              new Chunk("if you like.", Boundary.SENTENCE));
    }

    @Test
    void laterPiecesAreNotCutEarly() {
      assertThat(append("Sure. Your flight to Boston leaves at nine fifteen tomorrow morning."))
          .containsExactly(
              new Chunk("Sure. ", Boundary.SENTENCE),
              new Chunk(
                  "Your flight to Boston leaves at nine fifteen tomorrow morning.",
                  Boundary.SENTENCE));
    }

    @Test
    void theEarlyCutCanBeTurnedOff() {
      SentenceChunker whole = new SentenceChunker(3, 8, 40, 40, 40);
      whole.append("Your flight to Boston leaves at nine fifteen tomorrow morning.");
      assertThat(whole.next())
          .contains(
              new Chunk(
                  "Your flight to Boston leaves at nine fifteen tomorrow morning.",
                  Boundary.SENTENCE));
    }

    @Test
    void wherePiecesEndDoesNotDependOnHowTheTextArrives() {
      String reply =
          "Your flight to Boston leaves at nine fifteen tomorrow morning. It boards at gate"
              + " twelve, about forty minutes before departure.";
      SentenceChunker whole = new SentenceChunker();
      whole.append(reply);
      List<Chunk> expected = new ArrayList<>();
      for (var next = whole.next(); next.isPresent(); next = whole.next()) {
        expected.add(stripped(next.get()));
      }
      whole.rest().ifPresent(c -> expected.add(stripped(c)));
      assertThat(expected).hasSize(3);
      Random random = new Random(11);
      for (int run = 0; run < 200; run++) {
        SentenceChunker split = new SentenceChunker();
        List<Chunk> chunks = new ArrayList<>();
        for (int at = 0; at < reply.length(); ) {
          int end = Math.min(reply.length(), at + 1 + random.nextInt(6));
          split.append(reply.substring(at, end));
          at = end;
          for (var next = split.next(); next.isPresent(); next = split.next()) {
            chunks.add(stripped(next.get()));
          }
        }
        split.rest().ifPresent(c -> chunks.add(stripped(c)));
        assertThat(chunks).isEqualTo(expected);
      }
    }

    /** Spaces after a sentence end go with the next piece when that piece has not arrived yet. */
    private static Chunk stripped(Chunk chunk) {
      return new Chunk(chunk.text().strip(), chunk.boundary());
    }
  }

  @Nested
  class RunOnText {
    @Test
    void textWithoutPunctuationIsCutAfterMaxWords() {
      SentenceChunker short5 = new SentenceChunker(3, 8, 5);
      short5.append("one two three four five six seven");
      assertThat(short5.next()).contains(new Chunk("one two three four five ", Boundary.LENGTH));
      assertThat(short5.next()).isEmpty();
      assertThat(short5.rest()).contains(new Chunk("six seven", Boundary.END));
    }

    @Test
    void aTokenWithoutSpacesIsCutAtFourHundredCharacters() {
      chunker.append("x".repeat(1000));
      assertThat(chunker.next()).get().extracting(c -> c.text().length()).isEqualTo(400);
    }

    @Test
    void aCutNeverSplitsASurrogatePair() {
      chunker.append("x".repeat(399) + "\uD83D\uDE00" + "y");
      assertThat(chunker.next()).get().extracting(c -> c.text().length()).isEqualTo(399);
    }
  }

  @Test
  void restTakesWhateverIsHeld() {
    assertThat(append("and then")).isEmpty();
    assertThat(chunker.hasPending()).isTrue();
    assertThat(chunker.rest()).contains(new Chunk("and then", Boundary.END));
    assertThat(chunker.hasPending()).isFalse();
    assertThat(chunker.rest()).isEmpty();
  }

  @Test
  void everyCharacterAppendedComesOutOnceInOrder() {
    Random random = new Random(7);
    String alphabet = "abc XYZ.,;:!?\n\"')(1234567890\u2026\u00a0\uD83D\uDE00-";
    for (int run = 0; run < 200; run++) {
      SentenceChunker fresh =
          new SentenceChunker(
              1 + random.nextInt(4),
              1 + random.nextInt(9),
              1 + random.nextInt(50),
              1 + random.nextInt(6),
              1 + random.nextInt(9));
      StringBuilder input = new StringBuilder();
      StringBuilder output = new StringBuilder();
      for (int piece = 0; piece < 60; piece++) {
        StringBuilder token = new StringBuilder();
        for (int k = random.nextInt(8); k >= 0; k--) {
          token.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        input.append(token);
        fresh.append(token);
        for (var next = fresh.next(); next.isPresent(); next = fresh.next()) {
          assertThat(next.get().text()).isNotEmpty();
          output.append(next.get().text());
        }
      }
      fresh.rest().ifPresent(c -> output.append(c.text()));
      assertThat(output.toString()).isEqualTo(input.toString());
    }
  }
}
