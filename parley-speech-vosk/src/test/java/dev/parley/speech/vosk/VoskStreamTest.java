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
package dev.parley.speech.vosk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.core.spi.SpeechRecognizer;
import dev.parley.core.spi.SpeechRecognizer.Word;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The stream's logic around Vosk, with a scripted decoder in its place. */
class VoskStreamTest {
  private final ScriptedDecoder vosk = new ScriptedDecoder();
  private final Recorder recorder = new Recorder();
  private final VoskStream stream = new VoskStream(vosk, recorder);

  @Test
  void partialsComeEvery200MillisecondsOfAudioWhenTheyChange() throws InterruptedException {
    vosk.partials.addAll(List.of("go", "go", "go forward"));

    push(320 * 30); // 600 ms in 20 ms pushes: three looks at the hypothesis

    assertThat(vosk.partialCalls).isEqualTo(3);
    assertThat(recorder.partials).containsExactly("go", "go forward");
  }

  @Test
  void wordsOfAPauseAreKeptForTheFlushAndLeadLaterPartials() throws InterruptedException {
    vosk.endpointAfterSamples = 1600;
    vosk.result = "{\"result\":[{\"word\":\"yes\",\"start\":0.3,\"end\":0.6}],\"text\":\"yes\"}";
    vosk.partials.add("please");
    vosk.finalResult =
        "{\"result\":[{\"word\":\"please\",\"start\":1.2,\"end\":1.6}],\"text\":\"please\"}";

    push(1600);
    assertThat(recorder.finals).isEmpty();
    push(3200);
    stream.flush();

    assertThat(recorder.partials).containsExactly("yes please");
    assertThat(recorder.finals)
        .containsExactly(List.of(new Word("yes", 300, 600), new Word("please", 1200, 1600)));
  }

  @Test
  void everyFlushReportsEvenWhenNothingWasHeard() throws InterruptedException {
    push(3200);
    stream.flush();
    stream.flush();

    assertThat(recorder.finals).containsExactly(List.of(), List.of());
  }

  @Test
  void audioIsHandedOverFromItsOffsetInPiecesOf100Milliseconds() throws InterruptedException {
    short[] samples = new short[2000];
    samples[100] = 7;
    stream.push(samples, 100, 1700);

    assertThat(vosk.pieces).containsExactly(1600, 100);
    assertThat(vosk.firstSamples).containsExactly((short) 7, (short) 0);
  }

  @Test
  void anInterruptedPushThrowsAndTheStreamStaysUsable() throws InterruptedException {
    Thread.currentThread().interrupt();
    assertThatThrownBy(() -> push(320)).isInstanceOf(InterruptedException.class);
    assertThat(vosk.pieces).isEmpty();

    push(320);
    stream.flush();
    assertThat(recorder.finals).hasSize(1);
  }

  @Test
  void closeFreesTheRecogniserOnceAndDropsLaterCalls() throws InterruptedException {
    stream.close();
    stream.close();
    push(320);
    stream.flush();

    assertThat(vosk.closes).isEqualTo(1);
    assertThat(vosk.pieces).isEmpty();
    assertThat(recorder.finals).isEmpty();
  }

  private void push(int samples) throws InterruptedException {
    short[] chunk = new short[320];
    for (int sent = 0; sent < samples; sent += 320) {
      stream.push(chunk, 0, Math.min(320, samples - sent));
    }
  }

  /** Answers like Vosk from a script. */
  private static final class ScriptedDecoder implements Decoder {
    final List<Integer> pieces = new ArrayList<>();
    final List<Short> firstSamples = new ArrayList<>();
    final Deque<String> partials = new ArrayDeque<>();
    int endpointAfterSamples = Integer.MAX_VALUE;
    String result = "{\"text\":\"\"}";
    String finalResult = "{\"text\":\"\"}";
    int decoded;
    int partialCalls;
    int closes;

    @Override
    public boolean accept(short[] samples, int length) {
      pieces.add(length);
      firstSamples.add(samples[0]);
      int before = decoded;
      decoded += length;
      return before < endpointAfterSamples && decoded >= endpointAfterSamples;
    }

    @Override
    public String partial() {
      partialCalls++;
      String text = partials.isEmpty() ? "" : partials.poll();
      return "{\"partial\":\"" + text + "\"}";
    }

    @Override
    public String result() {
      return result;
    }

    @Override
    public String finalResult() {
      return finalResult;
    }

    @Override
    public void close() {
      closes++;
    }
  }

  /** Records a stream's results. */
  static final class Recorder implements SpeechRecognizer.Listener {
    final List<String> partials = new ArrayList<>();
    final List<List<Word>> finals = new ArrayList<>();

    @Override
    public void partial(String text) {
      partials.add(text);
    }

    @Override
    public void finalResult(List<Word> words) {
      finals.add(words);
    }
  }
}
