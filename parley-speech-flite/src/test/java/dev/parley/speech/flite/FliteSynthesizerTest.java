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
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.withinPercentage;

import dev.parley.core.clock.MediaClock;
import dev.parley.core.spi.ProviderException;
import dev.parley.core.spi.SpeechSynthesizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Runs the real Flite library; {@code setup.sh} installs it. */
class FliteSynthesizerTest {
  private static final FliteSynthesizer FLITE = FliteSynthesizer.load();
  private static final String HELLO = "Hello, how can I help you today?";

  /** Records what a stream delivers, in order. */
  private static class Recorder implements SpeechSynthesizer.Listener {
    final StringBuilder text = new StringBuilder();
    final List<String> events = new ArrayList<>();
    short[] samples = new short[0];
    int count;
    int blocks;
    int largestBlock;

    @Override
    public void text(String spoken) {
      text.append(spoken);
      events.add("text:" + spoken);
    }

    @Override
    public void audio(short[] audio, int offset, int length) {
      if (count + length > samples.length) {
        samples = Arrays.copyOf(samples, Math.max(2 * samples.length, count + length));
      }
      System.arraycopy(audio, offset, samples, count, length);
      count += length;
      blocks++;
      largestBlock = Math.max(largestBlock, length);
      events.add("audio:" + length);
    }

    double seconds() {
      return count / (double) FLITE.sampleRate();
    }

    double rms() {
      double sum = 0;
      for (int i = 0; i < count; i++) {
        sum += (double) samples[i] * samples[i];
      }
      return count == 0 ? 0 : Math.sqrt(sum / count);
    }

    short[] audio() {
      return Arrays.copyOf(samples, count);
    }
  }

  private static Recorder speak(String... pieces) throws InterruptedException {
    Recorder recorder = new Recorder();
    try (SpeechSynthesizer.Stream stream = FLITE.open(recorder)) {
      for (String piece : pieces) {
        stream.push(piece);
      }
      stream.flush();
    }
    return recorder;
  }

  @Test
  void theVoiceIsSixteenKilohertzSlt() {
    assertThat(FLITE.name()).isEqualTo("flite-slt");
    assertThat(FLITE.sampleRate()).isEqualTo(16_000);
  }

  @Test
  void aGreetingBecomesAudibleSpeechOfPlausibleLength() throws InterruptedException {
    Recorder recorder = speak(HELLO);

    assertThat(recorder.seconds()).isBetween(1.0, 4.0);
    assertThat(recorder.rms()).isGreaterThan(500);
    assertThat(recorder.largestBlock).isEqualTo(320);
    assertThat(recorder.text.toString()).isEqualTo(HELLO);
  }

  @Test
  void theFirstBlockCarriesSpeechRatherThanFlitesLeadingSilence() throws InterruptedException {
    Recorder recorder = speak(HELLO);

    short[] audio = recorder.audio();
    int firstLoud = 0;
    while (firstLoud < audio.length && Math.abs(audio[firstLoud]) < 300) {
      firstLoud++;
    }
    // Flite pads about 190 ms (3000 samples) of silence; what is left is a short lead-in and the
    // quiet onset of the "h".
    assertThat(firstLoud).isLessThan(1600);
  }

  @Nested
  class Streaming {
    @Test
    void theFirstSentenceIsSpokenWhenItsPunctuationArrives() throws InterruptedException {
      String[] tokens =
          ("Hello, how can I help you today? I can book flights, hotels and cars" + " for you.")
              .split("(?<= )");
      Recorder recorder = new Recorder();
      int firstAudioAt = -1;
      try (SpeechSynthesizer.Stream stream = FLITE.open(recorder)) {
        for (int i = 0; i < tokens.length; i++) {
          stream.push(tokens[i]);
          if (firstAudioAt < 0 && recorder.count > 0) {
            firstAudioAt = i;
          }
        }
        stream.flush();
      }

      assertThat(tokens[firstAudioAt]).isEqualTo("today? ");
      assertThat(firstAudioAt).isLessThan(tokens.length - 1);
      assertThat(recorder.text.toString()).isEqualTo(String.join("", tokens));
    }

    @Test
    void eachWordIsAnnouncedBeforeItsAudio() throws InterruptedException {
      Recorder recorder = speak("Hello", ", how", " can I", " help you", " today?");

      List<String> texts =
          recorder.events.stream()
              .filter(e -> e.startsWith("text:"))
              .map(e -> e.substring(5))
              .toList();
      assertThat(texts).containsExactly("Hello, ", "how ", "can ", "I ", "help ", "you ", "today?");
      assertThat(recorder.events.getFirst()).isEqualTo("text:Hello, ");
      // Words are spread over the audio, not announced all at once.
      int lastText = recorder.events.lastIndexOf("text:today?");
      assertThat(lastText).isGreaterThan(recorder.blocks / 2);
      assertThat(recorder.events.getLast()).startsWith("audio:");
    }

    @Test
    void announcementsConcatenateToTheTextPushed() throws InterruptedException {
      String reply =
          "  Sure!\nHere are two options: the 7:15 flight, which costs $249.99, or the later one"
              + " \u2014 it's \u201cflexible\u201d \uD83D\uDE00 ... and Dr. Smith's pick. ";
      List<String> pieces = new ArrayList<>();
      for (int i = 0; i < reply.length(); i += 3) {
        pieces.add(reply.substring(i, Math.min(reply.length(), i + 3)));
      }

      Recorder recorder = speak(pieces.toArray(String[]::new));

      assertThat(recorder.text.toString()).isEqualTo(reply);
      assertThat(recorder.seconds()).isGreaterThan(3);
    }
  }

  @Nested
  class Cancellation {
    @Test
    void interruptingTheThreadMidSentenceThrowsAtTheNextBlock() {
      Recorder recorder =
          new Recorder() {
            @Override
            public void audio(short[] audio, int offset, int length) {
              super.audio(audio, offset, length);
              if (blocks == 3) {
                Thread.currentThread().interrupt();
              }
            }
          };
      SpeechSynthesizer.Stream stream = FLITE.open(recorder);

      assertThatThrownBy(() -> stream.push(HELLO + " And something else entirely."))
          .isInstanceOf(InterruptedException.class);
      assertThat(recorder.blocks).isEqualTo(3);
      assertThat(Thread.interrupted()).isFalse();
      stream.close();
    }

    @Test
    void anInterruptedThreadSpeaksNothing() {
      Recorder recorder = new Recorder();
      SpeechSynthesizer.Stream stream = FLITE.open(recorder);
      Thread.currentThread().interrupt();

      assertThatThrownBy(() -> stream.push("Hello there."))
          .isInstanceOf(InterruptedException.class);
      assertThat(recorder.events).isEmpty();
    }

    @Test
    void closingDropsUndeliveredAudioAndLaterText() throws InterruptedException {
      List<SpeechSynthesizer.Stream> self = new ArrayList<>();
      Recorder recorder =
          new Recorder() {
            @Override
            public void audio(short[] audio, int offset, int length) {
              super.audio(audio, offset, length);
              self.getFirst().close();
            }
          };
      SpeechSynthesizer.Stream stream = FLITE.open(recorder);
      self.add(stream);

      stream.push(HELLO);
      stream.push(" More text.");
      stream.flush();
      stream.close();

      assertThat(recorder.blocks).isEqualTo(1);
    }
  }

  @Nested
  class OddText {
    @Test
    void emptyAndBlankTextSpeaksNothing() throws InterruptedException {
      Recorder recorder = speak("", " ", "\n\t", "");

      assertThat(recorder.count).isZero();
      assertThat(recorder.text.toString()).isEqualTo(" \n\t");
    }

    @Test
    void flushWithNothingPushedIsHarmless() throws InterruptedException {
      assertThat(speak().events).isEmpty();
    }

    @Test
    void emojiControlCharactersMarkupAndOtherScriptsDoNotCrash() throws InterruptedException {
      String[] weird = {
        "\uD83D\uDE00\uD83D\uDE00\uD83D\uDE00.",
        "\u0000\u0007\u001b[31m red \u001b[0m!",
        "**bold** ## heading `code` <b>tag</b> {json: [1, 2]}.",
        "\u65e5\u672c\u8a9e\u306e\u30c6\u30ad\u30b9\u30c8\u3002",
        "\uD800 lone surrogate \uDC00.",
        "....!!!???;;;,,,",
        "$$$ %%% &&& @@@ ### 99999999999999999999999999999999.",
        "\u200b\u200d\ufeff zero width \u00a0 no-break.",
      };
      for (String text : weird) {
        Recorder recorder = speak(text);
        assertThat(recorder.text.toString()).as(text).isEqualTo(text);
      }
    }

    @Test
    void veryLongTextIsSpokenPieceByPiece() throws InterruptedException {
      Random random = new Random(3);
      StringBuilder text = new StringBuilder();
      text.append("x".repeat(3000)).append(' ');
      for (int i = 0; i < 400; i++) {
        text.append(random.nextBoolean() ? "word " : "another ").append(i % 37 == 0 ? ". " : "");
      }
      Recorder recorder = speak(text.toString());

      assertThat(recorder.text.toString()).isEqualTo(text.toString());
      assertThat(recorder.seconds()).isGreaterThan(60);
    }
  }

  /**
   * Flite's voice adds random noise to its excitation, so runs differ sample by sample; the length
   * of each reply, its words and its loudness do not.
   */
  @Test
  void concurrentStreamsProduceTheSameSpeechAsOneAlone() throws Exception {
    String[] replies = {
      HELLO, "Your flight leaves at seven fifteen.", "I am sorry, that seat is taken.", "Goodbye!"
    };
    Recorder[] alone = new Recorder[replies.length];
    for (int i = 0; i < replies.length; i++) {
      alone[i] = speak(replies[i].split("(?<= )"));
    }

    List<Callable<Recorder>> tasks = new ArrayList<>();
    for (int round = 0; round < 4; round++) {
      for (String reply : replies) {
        tasks.add(() -> speak(reply.split("(?<= )")));
      }
    }
    try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<Recorder>> results = threads.invokeAll(tasks, 2, TimeUnit.MINUTES);
      for (int t = 0; t < results.size(); t++) {
        Recorder together = results.get(t).get();
        Recorder single = alone[t % replies.length];
        assertThat(together.count).isEqualTo(single.count);
        assertThat(together.text.toString()).isEqualTo(replies[t % replies.length]);
        assertThat(together.rms()).isCloseTo(single.rms(), withinPercentage(10));
      }
    }
  }

  @Test
  void aMissingLibraryIsUnavailableAndSaysWhatToInstall() {
    assertThatThrownBy(
            () -> FliteLibrary.load("libflite-not-here.so.1", FliteLibrary.VOICE_LIBRARY))
        .isInstanceOfSatisfying(
            ProviderException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(ProviderException.Kind.UNAVAILABLE);
              assertThat(e.getMessage())
                  .contains("libflite1")
                  .contains("bash parley-speech-flite/setup.sh")
                  .contains("apt-get install libflite1");
            });
  }

  /** Prints latency and speed; asserts nothing about time, which would flake. */
  @Test
  void measuresTimeToFirstAudioAndRealTimeFactor() throws InterruptedException {
    MediaClock clock = MediaClock.system();
    String sentence = "I can book you a window seat on the morning flight.";
    long[] firstAudio = new long[9];
    for (int run = 0; run < firstAudio.length; run++) {
      long[] first = {-1};
      long start = clock.nanos();
      SpeechSynthesizer.Listener listener =
          new SpeechSynthesizer.Listener() {
            @Override
            public void text(String spoken) {}

            @Override
            public void audio(short[] samples, int offset, int length) {
              if (first[0] < 0) {
                first[0] = clock.nanos() - start;
              }
            }
          };
      try (SpeechSynthesizer.Stream stream = FLITE.open(listener)) {
        stream.push(sentence);
      }
      firstAudio[run] = first[0];
    }
    Arrays.sort(firstAudio);

    String paragraph =
        "Thanks for calling. Your booking is confirmed for Tuesday the fourth, leaving at seven"
            + " fifteen in the morning from gate twelve. I have added a window seat and one checked"
            + " bag, and the total comes to two hundred and forty nine dollars. Is there anything"
            + " else I can help you with today?";
    long start = clock.nanos();
    Recorder recorder = speak(paragraph);
    long elapsed = clock.nanos() - start;

    System.out.printf(
        Locale.ROOT,
        "flite-slt: first audio for a 10-word sentence: median %.1f ms (min %.1f, max %.1f);"
            + " paragraph of %.2f s audio synthesised in %.1f ms, real-time factor %.3f%n",
        firstAudio[firstAudio.length / 2] / 1e6,
        firstAudio[0] / 1e6,
        firstAudio[firstAudio.length - 1] / 1e6,
        recorder.seconds(),
        elapsed / 1e6,
        elapsed / 1e9 / recorder.seconds());
    assertThat(firstAudio[0]).isPositive();
  }
}
