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
package dev.parley.core.speech;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.spi.SpeechRecognizer;
import dev.parley.core.spi.SpeechRecognizer.Word;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class OracleRecognizerTest {
  private final List<String> partials = new ArrayList<>();
  private final List<List<Word>> finals = new ArrayList<>();
  private final SpeechRecognizer.Stream stream =
      new OracleRecognizer(List.of(new Word("fly", 100, 300), new Word("east", 400, 600)), 100)
          .open(
              SpeechRecognizer.Options.defaults(),
              new SpeechRecognizer.Listener() {
                @Override
                public void partial(String text) {
                  partials.add(text);
                }

                @Override
                public void finalResult(List<Word> words) {
                  finals.add(words);
                }
              });

  private void pushMillis(long millis) throws InterruptedException {
    short[] frame = new short[320];
    for (long t = 0; t < millis; t += 20) {
      stream.push(frame, 0, 320);
    }
  }

  @Test
  void aWordIsKnownItsDelayAfterItEnds() throws InterruptedException {
    pushMillis(380);
    assertThat(partials).isEmpty();
    pushMillis(20);
    assertThat(partials).containsExactly("fly");
  }

  @Test
  void flushReportsEveryWordThatHasStarted() throws InterruptedException {
    pushMillis(420);
    stream.flush();
    assertThat(finals).hasSize(1);
    assertThat(finals.getFirst()).extracting(Word::text).containsExactly("fly", "east");
    stream.flush();
    assertThat(finals.get(1)).isEmpty();
  }
}
