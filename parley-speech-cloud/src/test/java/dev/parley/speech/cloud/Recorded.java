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
package dev.parley.speech.cloud;

import dev.parley.core.clock.Sleeper;
import dev.parley.core.spi.SpeechRecognizer;
import dev.parley.core.spi.SpeechSynthesizer;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** What a test's recogniser or voice listener received, and a sleeper that only records. */
final class Recorded {
  private Recorded() {}

  static final class Words implements SpeechRecognizer.Listener {
    final List<String> partials = new CopyOnWriteArrayList<>();
    final List<List<SpeechRecognizer.Word>> finals = new CopyOnWriteArrayList<>();
    final List<Double> endOfTurn = new CopyOnWriteArrayList<>();

    @Override
    public void partial(String text) {
      partials.add(text);
    }

    @Override
    public void finalResult(List<SpeechRecognizer.Word> words) {
      finals.add(words);
    }

    @Override
    public void endOfTurn(double probability) {
      endOfTurn.add(probability);
    }

    String lastFinalText() {
      return dev.parley.speech.cloud.Words.text(finals.getLast());
    }
  }

  static final class Speech implements SpeechSynthesizer.Listener {
    final StringBuilder text = new StringBuilder();
    final ByteArrayOutputStream samples = new ByteArrayOutputStream();
    int sampleCount;

    @Override
    public void text(String spoken) {
      text.append(spoken);
    }

    @Override
    public void audio(short[] pcm, int offset, int length) {
      sampleCount += length;
    }
  }

  static final class Sleeps implements Sleeper {
    final List<Duration> waits = new CopyOnWriteArrayList<>();

    @Override
    public void sleep(Duration duration) {
      waits.add(duration);
    }
  }

  static CloudEndpoint endpoint(URI uri, String key, Sleeps sleeps) {
    return new CloudEndpoint(uri, key, Duration.ofSeconds(3), 3, sleeps);
  }

  static String format(String template, Object... args) {
    return String.format(java.util.Locale.ROOT, template, args);
  }

  static short[] speech(int millis) {
    short[] samples = new short[millis * 16];
    for (int i = 0; i < samples.length; i++) {
      samples[i] = (short) (3000 * Math.sin(i * 2 * Math.PI * 220 / 16_000));
    }
    return samples;
  }
}
