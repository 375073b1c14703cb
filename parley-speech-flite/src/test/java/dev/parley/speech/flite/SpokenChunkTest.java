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

import dev.parley.speech.flite.SpokenChunk.Word;
import org.junit.jupiter.api.Test;

class SpokenChunkTest {
  @Test
  void wordsKeepTheirSpacesAndMapOneToOneOntoTokens() {
    SpokenChunk chunk = SpokenChunk.of(" Hello,  how are\tyou? ");
    assertThat(chunk.words())
        .containsExactly(
            new Word(" Hello,  ", "Hello,", 0),
            new Word("how ", "how", 1),
            new Word("are\t", "are", 2),
            new Word("you? ", "you?", 3));
    assertThat(chunk.synthesisText()).isEqualTo("Hello, how are you?");
  }

  @Test
  void punctuationOnlyWordsGlueToThePreviousToken() {
    SpokenChunk chunk = SpokenChunk.of("-- wait , what \u2014 no");
    assertThat(chunk.synthesisText()).isEqualTo("wait, what- no");
    assertThat(chunk.words()).extracting(Word::token).containsExactly(-1, 0, -1, 1, -1, 2);
  }

  @Test
  void textWithNothingSpeakableHasNoSpeech() {
    assertThat(SpokenChunk.of("   ").hasSpeech()).isFalse();
    assertThat(SpokenChunk.of("\uD83D\uDE00 \u2026").hasSpeech()).isFalse();
    assertThat(SpokenChunk.of("\uD83D\uDE00 \u2026").words()).hasSize(2);
  }

  @Test
  void alignmentTrimsFlitesPaddingAndPlacesWordsOnTheirFirstPhone() {
    SpokenChunk chunk = SpokenChunk.of("\uD83D\uDE00 Hello there. ");
    // 1 s of audio at 16 kHz: "Hello" from 0.19 s to 0.5 s, "there" from 0.55 s to 0.8 s.
    var synthesis =
        new FliteLibrary.Synthesis(
            new short[16_000], 16_000, new float[] {0.19f, 0.55f}, new float[] {0.5f, 0.8f});
    SpokenChunk.Alignment alignment = chunk.align(synthesis, 100);
    assertThat(alignment.from()).isEqualTo(3040 - 320);
    assertThat(alignment.to()).isEqualTo(12_800 + 1600);
    assertThat(alignment.wordStarts()).containsExactly(2720, 2720, 8800);
  }

  @Test
  void withoutMatchingTokenTimesWordsAreSpreadByLength() {
    SpokenChunk chunk = SpokenChunk.of("a bbb");
    var synthesis = new FliteLibrary.Synthesis(new short[600], 16_000, new float[0], new float[0]);
    SpokenChunk.Alignment alignment = chunk.align(synthesis, 100);
    assertThat(alignment.from()).isZero();
    assertThat(alignment.to()).isEqualTo(600);
    assertThat(alignment.wordStarts()).containsExactly(0, 200);
  }

  @Test
  void nonsenseTimesStillGiveOrderedStartsInsideTheAudio() {
    SpokenChunk chunk = SpokenChunk.of("one two three");
    var synthesis =
        new FliteLibrary.Synthesis(
            new short[1000],
            16_000,
            new float[] {Float.NaN, 9f, -1f},
            new float[] {0.01f, Float.POSITIVE_INFINITY, 0f});
    SpokenChunk.Alignment alignment = chunk.align(synthesis, 100);
    assertThat(alignment.from()).isBetween(0, alignment.to());
    assertThat(alignment.to()).isBetween(0, 1000);
    assertThat(alignment.wordStarts()).isSorted();
    for (int start : alignment.wordStarts()) {
      assertThat(start).isBetween(alignment.from(), alignment.to());
    }
  }
}
