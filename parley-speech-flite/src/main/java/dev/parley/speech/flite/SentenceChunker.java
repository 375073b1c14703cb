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

import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Cuts text that arrives a few characters at a time into the pieces a synthesiser should speak: a
 * piece ends at a sentence end ({@code . ! ? ;} or a line break), at a comma or colon once the
 * piece has enough words, or after {@code maxWords} words when the text never pauses.
 *
 * <p>The first piece of a reply is cut early, because a synthesiser that speaks whole pieces (Flite
 * does) makes the caller wait for all of the first piece before hearing any of it: it may end at an
 * earlier comma than later pieces, and with no comma it ends before a word that opens a phrase
 * ("at", "and", "the", "which"...) once it has {@code firstPhraseWords} words, or after {@code
 * firstMaxWords} words, unless the very next word ends the sentence (a one-word remainder sounds
 * worse than a slightly later start). Later pieces keep whole-sentence or whole-clause intonation.
 * A ten-word first sentence such as "Your flight to Boston leaves at nine fifteen tomorrow
 * morning." is spoken as "Your flight to Boston leaves " and then "at nine fifteen tomorrow
 * morning.".
 *
 * <p>A sentence end is taken as soon as its punctuation arrives ("Hello." ends a piece at once)
 * unless the text so far is ambiguous: a period after a digit may be a decimal point ("3." could
 * become "3.5"), a comma after a digit may be a thousands separator, a known abbreviation ("Dr.")
 * or an initialism ("U.S.") does not end a sentence. Those wait for the next character; an early
 * cut of the first piece waits for the word after the cut to be complete. So the pieces do not
 * depend on how the text was split into appends. Every character appended comes out in exactly one
 * piece, in order, whitespace included.
 *
 * <p>Not thread-safe: one chunker belongs to one stream.
 */
public final class SentenceChunker {
  /** Words the first piece of a reply needs before a comma may end it. */
  public static final int DEFAULT_FIRST_CLAUSE_WORDS = 3;

  /** Words any later piece needs before a comma may end it. */
  public static final int DEFAULT_CLAUSE_WORDS = 8;

  /** Words after which a piece ends at the next space even without punctuation. */
  public static final int DEFAULT_MAX_WORDS = 40;

  /** Words the first piece needs before it may end ahead of a word that opens a phrase. */
  public static final int DEFAULT_FIRST_PHRASE_WORDS = 4;

  /** Words after which the first piece ends even without punctuation or a phrase opener. */
  public static final int DEFAULT_FIRST_MAX_WORDS = 6;

  /**
   * Words before which a sentence may be cut without splitting a phrase: prepositions,
   * conjunctions, question and relative words, determiners.
   */
  private static final Set<String> PHRASE_OPENERS =
      Set.of(
          "about", "after", "along", "around", "at", "because", "before", "between", "but", "by",
          "during", "for", "from", "if", "in", "into", "near", "on", "onto", "or", "since", "so",
          "than", "that", "then", "through", "to", "towards", "under", "unless", "until", "when",
          "where", "whether", "which", "while", "who", "whose", "with", "within", "without", "and",
          "a", "an", "the", "this", "these", "those", "my", "your", "our", "their", "his", "her",
          "its", "what", "how", "why");

  // A token with no space in it (a URL, a run of symbols) is cut after this many characters.
  private static final int MAX_CHARS = 400;

  private static final Set<String> ABBREVIATIONS =
      Set.of(
          "mr", "mrs", "ms", "dr", "prof", "st", "jr", "sr", "vs", "approx", "dept", "e.g", "i.e");

  /** Why a piece ended, which tells a synthesiser how long a pause should follow it. */
  public enum Boundary {
    /** A sentence ended (. ! ? ; or a line break). */
    SENTENCE,
    /** A clause ended at a comma or colon. */
    CLAUSE,
    /** The text ran on for {@code maxWords} words or a very long token without a pause. */
    LENGTH,
    /**
     * The first piece of a reply was cut inside a sentence, before a phrase or after a few words,
     * so that its audio starts sooner; the sentence goes on in the next piece.
     */
    PHRASE,
    /** The reply ended: the rest of the text, whatever it is. */
    END
  }

  /** A piece of text to speak, exactly as appended, and what ended it. */
  public record Chunk(String text, Boundary boundary) {}

  private final int firstClauseWords;
  private final int clauseWords;
  private final int maxWords;
  private final int firstPhraseWords;
  private final int firstMaxWords;
  private final StringBuilder pending = new StringBuilder();
  private int chunksTaken;
  private Boundary found = Boundary.END;

  /** A chunker with the default word counts. */
  public SentenceChunker() {
    this(DEFAULT_FIRST_CLAUSE_WORDS, DEFAULT_CLAUSE_WORDS, DEFAULT_MAX_WORDS);
  }

  /**
   * A chunker with its own clause and length word counts and the default early cut of the first
   * piece.
   *
   * @param firstClauseWords words the first piece needs before a comma or colon may end it
   * @param clauseWords words later pieces need before a comma or colon may end them
   * @param maxWords words after which a piece ends without punctuation
   */
  public SentenceChunker(int firstClauseWords, int clauseWords, int maxWords) {
    this(
        firstClauseWords,
        clauseWords,
        maxWords,
        DEFAULT_FIRST_PHRASE_WORDS,
        DEFAULT_FIRST_MAX_WORDS);
  }

  /**
   * A chunker with all its word counts.
   *
   * @param firstClauseWords words the first piece needs before a comma or colon may end it
   * @param clauseWords words later pieces need before a comma or colon may end them
   * @param maxWords words after which a piece ends without punctuation
   * @param firstPhraseWords words the first piece needs before it may end ahead of a word that
   *     opens a phrase
   * @param firstMaxWords words after which the first piece ends without punctuation (unless the
   *     next word ends the sentence); {@code maxWords} or more turns the early cut off
   */
  public SentenceChunker(
      int firstClauseWords,
      int clauseWords,
      int maxWords,
      int firstPhraseWords,
      int firstMaxWords) {
    if (firstClauseWords < 1
        || clauseWords < 1
        || maxWords < 1
        || firstPhraseWords < 1
        || firstMaxWords < 1) {
      throw new IllegalArgumentException(
          "word counts must be positive: "
              + firstClauseWords
              + ", "
              + clauseWords
              + ", "
              + maxWords
              + ", "
              + firstPhraseWords
              + ", "
              + firstMaxWords);
    }
    this.firstClauseWords = firstClauseWords;
    this.clauseWords = clauseWords;
    this.maxWords = maxWords;
    this.firstPhraseWords = firstPhraseWords;
    this.firstMaxWords = firstMaxWords;
  }

  /** Appends streamed text. */
  public void append(CharSequence text) {
    pending.append(text);
  }

  /** Whether any appended text has not yet been taken. */
  public boolean hasPending() {
    return !pending.isEmpty();
  }

  /** Takes the next complete piece, if the text appended so far holds one. */
  public Optional<Chunk> next() {
    int end = findEnd();
    return end < 0 ? Optional.empty() : Optional.of(take(end, found));
  }

  /** Takes everything still held as the last piece of the reply, if anything is held. */
  public Optional<Chunk> rest() {
    return pending.isEmpty() ? Optional.empty() : Optional.of(take(pending.length(), Boundary.END));
  }

  private Chunk take(int end, Boundary boundary) {
    String text = pending.substring(0, end);
    pending.delete(0, end);
    chunksTaken++;
    return new Chunk(text, boundary);
  }

  /** Returns the end of the first complete piece and sets {@link #found}, or returns -1. */
  private int findEnd() {
    int length = pending.length();
    int words = 0;
    boolean inWord = false;
    boolean letters = false;
    int wordStart = 0;
    for (int i = 0; i < length; i++) {
      char c = pending.charAt(i);
      if (isSpace(c)) {
        if (inWord) {
          inWord = false;
          words++;
          if (words >= maxWords) {
            return found(Boundary.LENGTH, skipSpaces(i));
          }
          if (chunksTaken == 0 && c != '\n') {
            int early = earlyCut(wordStart, i, words);
            if (early != NO_CUT) {
              return early;
            }
          }
        }
        if (c == '\n' && letters) {
          return found(Boundary.SENTENCE, skipSpaces(i));
        }
        continue;
      }
      if (!inWord) {
        inWord = true;
        wordStart = i;
      }
      letters |= Character.isLetter(c);
      boolean sentence = isSentenceEnd(c);
      if (!sentence && !isClauseEnd(c)) {
        continue;
      }
      int j = i + 1;
      while (j < length && isTrailer(pending.charAt(j))) {
        sentence |= isSentenceEnd(pending.charAt(j));
        j++;
      }
      boolean atEnd = j == length;
      if (letters && (atEnd || isSpace(pending.charAt(j)))) {
        if (sentence ? endsSentence(i, wordStart, atEnd) : endsClause(i, wordStart, atEnd, words)) {
          return found(sentence ? Boundary.SENTENCE : Boundary.CLAUSE, skipSpaces(j));
        }
      }
      i = j - 1;
    }
    if (length >= MAX_CHARS) {
      int cut = MAX_CHARS;
      for (int i = MAX_CHARS - 1; i > 0; i--) {
        if (isSpace(pending.charAt(i))) {
          cut = skipSpaces(i);
          break;
        }
      }
      if (cut >= MAX_CHARS && Character.isHighSurrogate(pending.charAt(cut - 1))) {
        cut--;
      }
      return found(Boundary.LENGTH, cut);
    }
    return -1;
  }

  private static final int NO_CUT = -2;

  /**
   * Where the first piece ends early, given that the word {@code [wordStart, wordEnd)} has just
   * been completed by a space and is the piece's {@code words}-th: before that word if it opens a
   * phrase, or after it once the piece is long enough and the next word does not end the sentence.
   * Returns {@code -1} to wait for the next word, {@link #NO_CUT} to go on scanning.
   */
  private int earlyCut(int wordStart, int wordEnd, int words) {
    if (words - 1 >= firstPhraseWords && isPhraseOpener(wordStart, wordEnd)) {
      return found(Boundary.PHRASE, wordStart);
    }
    if (words < firstMaxWords) {
      return NO_CUT;
    }
    int next = skipSpaces(wordEnd);
    int nextEnd = next;
    while (nextEnd < pending.length() && !isSpace(pending.charAt(nextEnd))) {
      nextEnd++;
    }
    for (int k = next; k < nextEnd; k++) {
      char c = pending.charAt(k);
      if (isSentenceEnd(c) || isClauseEnd(c)) {
        // The sentence or clause ends with the next word: that end is the piece's end.
        return NO_CUT;
      }
    }
    if (nextEnd == pending.length()) {
      // The next word may still grow into a sentence end: wait for its end.
      return -1;
    }
    return pending.charAt(nextEnd) == '\n' ? NO_CUT : found(Boundary.PHRASE, next);
  }

  private boolean isPhraseOpener(int from, int to) {
    if (to - from > 8) {
      return false;
    }
    for (int k = from; k < to; k++) {
      if (!Character.isLetter(pending.charAt(k))) {
        return false;
      }
    }
    return PHRASE_OPENERS.contains(pending.substring(from, to).toLowerCase(Locale.ROOT));
  }

  private int found(Boundary boundary, int end) {
    found = boundary;
    return end;
  }

  private boolean endsSentence(int i, int wordStart, boolean atEnd) {
    if (pending.charAt(i) != '.') {
      return true;
    }
    if (atEnd && i > wordStart && Character.isDigit(pending.charAt(i - 1))) {
      return false;
    }
    int from = wordStart;
    while (from < i && isOpener(pending.charAt(from))) {
      from++;
    }
    String word = pending.substring(from, i);
    if (ABBREVIATIONS.contains(word.toLowerCase(Locale.ROOT))) {
      return false;
    }
    // "U.S." or "e.g." at the end of the text so far: wait to see whether a new sentence follows.
    return !(atEnd && word.indexOf('.') >= 0);
  }

  private boolean endsClause(int i, int wordStart, boolean atEnd, int completeWords) {
    if (atEnd && i > wordStart && Character.isDigit(pending.charAt(i - 1))) {
      return false;
    }
    int needed = chunksTaken == 0 ? firstClauseWords : clauseWords;
    return completeWords + 1 >= needed;
  }

  private int skipSpaces(int from) {
    int i = from;
    while (i < pending.length() && isSpace(pending.charAt(i))) {
      i++;
    }
    return i;
  }

  /** Whitespace, including the no-break spaces that {@link Character#isWhitespace} leaves out. */
  static boolean isSpace(char c) {
    return Character.isWhitespace(c) || Character.isSpaceChar(c);
  }

  private static boolean isSentenceEnd(char c) {
    return switch (c) {
      case '.', '!', '?', ';', '\u2026', '\u3002', '\uff01', '\uff1f' -> true;
      default -> false;
    };
  }

  private static boolean isClauseEnd(char c) {
    return c == ',' || c == ':';
  }

  private static boolean isTrailer(char c) {
    return isSentenceEnd(c)
        || isClauseEnd(c)
        || switch (c) {
          case ')', ']', '}', '"', '\'', '\u2019', '\u201d', '\u00bb', '*', '_' -> true;
          default -> false;
        };
  }

  private static boolean isOpener(char c) {
    return switch (c) {
      case '(', '[', '{', '"', '\'', '\u2018', '\u201c', '\u00ab', '*', '_' -> true;
      default -> false;
    };
  }
}
