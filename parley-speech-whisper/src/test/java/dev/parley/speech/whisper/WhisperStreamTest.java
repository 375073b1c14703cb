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
package dev.parley.speech.whisper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.core.spi.SpeechRecognizer.Word;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The buffering and timing around Whisper, with a scripted transcriber in its place. */
class WhisperStreamTest {
  private static final int RATE = 16_000;
  private static final int CHUNK = 320;

  private final FakeTranscriber whisper = new FakeTranscriber();
  private final Recorder recorder = new Recorder();
  private final AtomicInteger closed = new AtomicInteger();
  private final WhisperStream stream =
      new WhisperStream(whisper, recorder, closed::incrementAndGet);

  @Nested
  class WordTimes {
    @Test
    void countFromTheStreamsFirstSampleAcrossLeadingSilence() throws InterruptedException {
      whisper.answer = List.of(new Transcriber.Segment(" Hello world", 0, 1000));

      push(quiet(5000));
      push(loud(1000));
      stream.flush();

      // The buffer keeps 300 ms before the first sound, so Whisper's zero is at 4.7 s.
      assertThat(recorder.finals)
          .containsExactly(List.of(new Word("Hello", 4700, 5200), new Word("world", 5200, 5700)));
    }

    @Test
    void continueAfterEachFlush() throws InterruptedException {
      whisper.answer = List.of(new Transcriber.Segment("yes", 300, 600));
      push(loud(1000));
      stream.flush();
      push(quiet(200));
      push(loud(1000));
      stream.flush();

      assertThat(recorder.finals)
          .containsExactly(
              List.of(new Word("yes", 300, 600)), List.of(new Word("yes", 1300, 1600)));
    }

    @Test
    void areHeldInsideTheAudioWhenWhisperTimesTextIntoThePadding() throws InterruptedException {
      whisper.answer = List.of(new Transcriber.Segment("ok", 0, 1000));
      push(loud(200));
      stream.flush();

      assertThat(whisper.lengths).containsExactly(RATE);
      assertThat(recorder.finals).containsExactly(List.of(new Word("ok", 0, 200)));
    }

    @Test
    void shareASegmentAmongItsWordsByLength() {
      List<Word> words = new java.util.ArrayList<>();
      WhisperStream.addWords(words, new Transcriber.Segment(" a bcd", 0, 400), 1000, 9000);

      assertThat(words).containsExactly(new Word("a", 1000, 1100), new Word("bcd", 1100, 1400));
    }
  }

  @Test
  void nonSpeechAnnotationsAreDropped() throws InterruptedException {
    whisper.answer =
        List.of(
            new Transcriber.Segment(" [BLANK_AUDIO]", 0, 500),
            new Transcriber.Segment(" (upbeat music) yes *coughs*", 500, 1000));
    push(loud(1000));
    stream.flush();

    assertThat(recorder.finals).containsExactly(List.of(new Word("yes", 500, 1000)));
  }

  @Test
  void quietAudioIsNotTranscribedAndGivesAnEmptyFinal() throws InterruptedException {
    push(quiet(20_000));
    stream.flush();

    assertThat(whisper.lengths).isEmpty();
    assertThat(recorder.finals).containsExactly(List.of());
  }

  @Test
  void thirtySecondsWithoutFlushAreTranscribedAndKeptForTheNextFlush() throws InterruptedException {
    whisper.answer = List.of(new Transcriber.Segment("long", 0, 500));
    push(loud(31_000));

    assertThat(whisper.lengths).containsExactly(30 * RATE);
    assertThat(recorder.finals).isEmpty();

    stream.flush();
    assertThat(recorder.finals)
        .containsExactly(List.of(new Word("long", 0, 500), new Word("long", 30_000, 30_500)));
  }

  @Test
  void thereAreNoPartials() throws InterruptedException {
    whisper.answer = List.of(new Transcriber.Segment("hello", 0, 500));
    push(loud(3000));
    stream.flush();

    assertThat(recorder.partials).isEmpty();
  }

  @Test
  void anInterruptedPushThrowsAndTheStreamStaysUsable() throws InterruptedException {
    Thread.currentThread().interrupt();
    assertThatThrownBy(() -> push(loud(100))).isInstanceOf(InterruptedException.class);

    whisper.answer = List.of(new Transcriber.Segment("after", 0, 100));
    push(loud(500));
    stream.flush();
    assertThat(recorder.finals).containsExactly(List.of(new Word("after", 0, 100)));
  }

  @Test
  void closeFreesTheDecoderOnceAndDropsLaterResults() throws InterruptedException {
    stream.close();
    stream.close();
    push(loud(500));
    stream.flush();

    assertThat(whisper.closes).isEqualTo(1);
    assertThat(closed).hasValue(1);
    assertThat(recorder.finals).isEmpty();
  }

  private void push(short[] samples) throws InterruptedException {
    for (int i = 0; i < samples.length; i += CHUNK) {
      stream.push(samples, i, Math.min(CHUNK, samples.length - i));
    }
  }

  static short[] quiet(int millis) {
    short[] samples = new short[millis * RATE / 1000];
    for (int i = 0; i < samples.length; i++) {
      samples[i] = (short) ((i % 7) - 3);
    }
    return samples;
  }

  static short[] loud(int millis) {
    short[] samples = new short[millis * RATE / 1000];
    for (int i = 0; i < samples.length; i++) {
      samples[i] = (short) (6000 * Math.sin(2 * Math.PI * 220 * i / RATE));
    }
    return samples;
  }
}
