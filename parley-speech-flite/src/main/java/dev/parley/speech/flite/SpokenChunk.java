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

import java.util.ArrayList;
import java.util.List;

/**
 * One piece of a reply prepared for Flite: its words as written (each with the spaces after it),
 * the speakable text Flite is given, and, once Flite has spoken it, where in the audio each word
 * starts.
 *
 * <p>Flite makes one token per space-separated word of its input, so the speakable text keeps
 * exactly one token per spoken word and the token times Flite reports map back onto the words as
 * written. Words with nothing speakable ride along with the next spoken word; punctuation-only
 * words are glued to the previous one, where Flite reads them as prosody.
 */
final class SpokenChunk {
  /** Audio kept before the first phone; Flite pads about 190 ms of silence there. */
  static final int LEAD_MILLIS = 20;

  /** A word as written, including the spaces after it, and the Flite token that speaks it. */
  record Word(String text, String speakable, int token) {
    boolean spoken() {
      return token >= 0;
    }
  }

  /**
   * Where each word starts, in samples of the synthesis; audio outside [from, to) is padding.
   *
   * @param wordStarts one entry per word, non-decreasing, each in [from, to]
   */
  record Alignment(int from, int to, int[] wordStarts) {}

  private final List<Word> words;
  private final String synthesisText;
  private final int tokens;

  private SpokenChunk(List<Word> words, String synthesisText, int tokens) {
    this.words = words;
    this.synthesisText = synthesisText;
    this.tokens = tokens;
  }

  /** Prepares {@code text} as written; leading spaces belong to the first word. */
  static SpokenChunk of(String text) {
    List<Word> words = new ArrayList<>();
    StringBuilder speakable = new StringBuilder();
    int tokens = 0;
    int length = text.length();
    int start = 0;
    int i = 0;
    while (i < length && SentenceChunker.isSpace(text.charAt(i))) {
      i++;
    }
    while (i < length || start < length) {
      int wordStart = i;
      while (i < length && !SentenceChunker.isSpace(text.charAt(i))) {
        i++;
      }
      int wordEnd = i;
      while (i < length && SentenceChunker.isSpace(text.charAt(i))) {
        i++;
      }
      String spoken = SpeakableText.of(text.substring(wordStart, wordEnd));
      int token = -1;
      if (!spoken.isEmpty() && SpeakableText.isPunctuationOnly(spoken)) {
        if (!speakable.isEmpty()) {
          speakable.append(spoken);
        }
      } else if (!spoken.isEmpty()) {
        if (!speakable.isEmpty()) {
          speakable.append(' ');
        }
        speakable.append(spoken);
        token = tokens++;
      }
      words.add(new Word(text.substring(start, i), spoken, token));
      start = i;
    }
    return new SpokenChunk(List.copyOf(words), speakable.toString(), tokens);
  }

  List<Word> words() {
    return words;
  }

  /** The text to give Flite: printable ASCII, one space between tokens. */
  String synthesisText() {
    return synthesisText;
  }

  /** Whether any word is spoken at all; if not, the piece is announced and yields no audio. */
  boolean hasSpeech() {
    return tokens > 0;
  }

  /**
   * Places the words on {@code synthesis}'s audio and trims Flite's padding: silence before the
   * first phone down to {@link #LEAD_MILLIS}, silence after the last down to {@code pauseMillis}.
   * Uses Flite's token times when they match the words one to one; otherwise spreads the words over
   * the audio in proportion to their length and trims nothing.
   */
  Alignment align(FliteLibrary.Synthesis synthesis, int pauseMillis) {
    int count = synthesis.samples().length;
    int perMilli = synthesis.sampleRate() / 1000;
    int[] tokenStarts = new int[tokens];
    int from = 0;
    int to = count;
    if (synthesis.tokenCount() == tokens && tokens > 0) {
      int lastEnd = 0;
      int previousStart = 0;
      for (int k = 0; k < tokens; k++) {
        int start = toSample(synthesis.tokenStartSeconds()[k], synthesis.sampleRate(), count);
        int end = toSample(synthesis.tokenEndSeconds()[k], synthesis.sampleRate(), count);
        tokenStarts[k] = Math.max(previousStart, start > 0 ? start : lastEnd);
        previousStart = tokenStarts[k];
        lastEnd = Math.max(lastEnd, end);
      }
      if (lastEnd > tokenStarts[0]) {
        from = Math.max(0, tokenStarts[0] - LEAD_MILLIS * perMilli);
        to = Math.min(count, lastEnd + pauseMillis * perMilli);
      }
      tokenStarts[0] = from;
    } else {
      long total = 0;
      for (Word word : words) {
        total += word.spoken() ? word.speakable().length() + 1 : 0;
      }
      long sum = 0;
      for (Word word : words) {
        if (word.spoken()) {
          tokenStarts[word.token()] = (int) (count * sum / Math.max(1, total));
          sum += word.speakable().length() + 1;
        }
      }
    }
    int[] starts = new int[words.size()];
    int next = to;
    for (int i = words.size() - 1; i >= 0; i--) {
      Word word = words.get(i);
      if (word.spoken()) {
        next = Math.min(next, Math.max(from, Math.min(to, tokenStarts[word.token()])));
      }
      starts[i] = next;
    }
    return new Alignment(from, to, starts);
  }

  /** Seconds to a sample index in [0, count]; 0 for anything not a usable time. */
  private static int toSample(float seconds, int sampleRate, int count) {
    if (!(seconds > 0)) {
      return 0;
    }
    double sample = (double) seconds * sampleRate;
    return sample >= count ? count : (int) Math.round(sample);
  }
}
