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
package dev.parley.speech.piper;

import static dev.parley.speech.piper.PiperVoiceTest.assertUnavailable;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.core.spi.SpeechSynthesizer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The synthesiser on ONNX Runtime with the stand-in voice of {@link TinyPiperModel}: what reaches
 * the model and how its output is streamed. No real Piper voice is available here, so nothing
 * checks how anything sounds.
 */
class PiperSynthesizerTest {
  private static final int BLOCK = TinyPiperModel.SAMPLE_RATE / 50;

  @TempDir static Path voices;
  private static PiperSynthesizer piper;
  private static final List<String> phonemised = new ArrayList<>();

  @BeforeAll
  static void loadTheStandIn() throws IOException {
    PiperVoice voice = PiperVoice.at(TinyPiperModel.write(voices, "en_US-tiny-medium"));
    // A scripted phonemiser, so these tests do not depend on espeak-ng.
    piper =
        new PiperSynthesizer(
            voice,
            sentence -> {
              synchronized (phonemised) {
                phonemised.add(sentence);
              }
              return sentence.isBlank() || sentence.strip().equals("...") ? "" : "həlˈoʊ wˈɜːld.";
            });
  }

  @AfterAll
  static void close() {
    piper.close();
  }

  /** Records what a stream delivers, in order. */
  static final class Recorder implements SpeechSynthesizer.Listener {
    final StringBuilder text = new StringBuilder();
    final List<String> events = new ArrayList<>();
    final List<Integer> blocks = new ArrayList<>();
    final List<Short> samples = new ArrayList<>();

    @Override
    public void text(String spoken) {
      text.append(spoken);
      events.add("text:" + spoken);
    }

    @Override
    public void audio(short[] audio, int offset, int length) {
      blocks.add(length);
      events.add("audio");
      for (int i = 0; i < length; i++) {
        samples.add(audio[offset + i]);
      }
    }
  }

  @Test
  void nameAndRateComeFromTheVoice() {
    assertThat(piper.name()).isEqualTo("piper-en_US-tiny-medium");
    assertThat(piper.sampleRate()).isEqualTo(22_050);
  }

  @Test
  void eachSentenceIsSpokenAsSoonAsItEndsIn20MillisecondBlocks() throws InterruptedException {
    Recorder recorder = new Recorder();
    try (SpeechSynthesizer.Stream stream = piper.open(recorder)) {
      stream.push("Hello world. How");
      int afterFirst = recorder.samples.size();
      assertThat(recorder.text.toString()).isEqualTo("Hello world. ");
      stream.push(" are you?");
      int afterSecond = recorder.samples.size();
      stream.push(" Fine");
      stream.flush();

      // ^ _ (14 phonemes, each + pad) $ = 31 ids, 200 samples each.
      int sentence = 31 * TinyPiperModel.SAMPLES_PER_ID;
      int pause = TinyPiperModel.SAMPLE_RATE / 5;
      assertThat(afterFirst).isEqualTo(sentence);
      assertThat(afterSecond).isEqualTo(2 * sentence + pause);
      assertThat(recorder.samples).hasSize(3 * sentence + 2 * pause);
    }
    assertThat(recorder.text.toString()).isEqualTo("Hello world. How are you? Fine");
    assertThat(recorder.blocks).allSatisfy(length -> assertThat(length).isLessThanOrEqualTo(BLOCK));
    assertThat(recorder.events.get(0)).isEqualTo("text:Hello ");
    assertThat(recorder.events.get(1)).isEqualTo("audio");
    // Piper scales each sentence to full scale: the largest id becomes 32767.
    assertThat(recorder.samples).contains((short) 32767);
  }

  @Test
  void thePhonemeIdsReachTheModelInPipersOrder() throws InterruptedException {
    Recorder recorder = new Recorder();
    try (SpeechSynthesizer.Stream stream = piper.open(recorder)) {
      stream.push("Hello world.");
      stream.flush();
    }
    // "həlˈoʊ wˈɜːld." as ^ _ h _ ə _ l _ ˈ _ o _ ʊ _ ␠ _ w _ ˈ _ ɜ _ ː _ l _ d _ . _ $; the
    // stand-in
    // echoes them as audio, scaled so the largest (122, "ː") is full scale.
    long[] ids = {
      1, 0, 20, 0, 59, 0, 24, 0, 120, 0, 27, 0, 100, 0, 3, 0, 35, 0, 120, 0, 62, 0, 122, 0, 24, 0,
      17, 0, 10, 0, 2
    };
    for (int i = 0; i < ids.length; i++) {
      assertThat(recorder.samples.get(i)).isEqualTo((short) (ids[i] * (32767f / 122)));
    }
  }

  @Test
  void wordsAreAnnouncedAcrossTheSentenceByLength() {
    List<String> words = PiperStream.words("  Hi there, friend. ");

    assertThat(words).containsExactly("  Hi ", "there, ", "friend. ");
    // Letters before each word: 0, 2 ("Hi"), 8 ("Hi" + "there,") of 15.
    assertThat(PiperStream.starts(words, 1500)).containsExactly(0, 200, 800);
  }

  @Test
  void aSentenceWithNothingToSayIsAnnouncedWithoutAudio() throws InterruptedException {
    Recorder recorder = new Recorder();
    try (SpeechSynthesizer.Stream stream = piper.open(recorder)) {
      stream.push("... ");
      stream.flush();
    }
    assertThat(recorder.events).containsExactly("text:... ");
  }

  @Test
  void anInterruptedReplyStopsBeforeItsNextSentence() {
    Recorder recorder = new Recorder();
    try (SpeechSynthesizer.Stream stream = piper.open(recorder)) {
      Thread.currentThread().interrupt();
      assertThatThrownBy(() -> stream.push("Hello world. "))
          .isInstanceOf(InterruptedException.class);
    }
    assertThat(recorder.events).isEmpty();
  }

  @Test
  void closingTheStreamDropsTheRestOfTheAudio() throws InterruptedException {
    AtomicInteger blocks = new AtomicInteger();
    SpeechSynthesizer.Stream[] stream = new SpeechSynthesizer.Stream[1];
    stream[0] =
        piper.open(
            new SpeechSynthesizer.Listener() {
              @Override
              public void text(String spoken) {}

              @Override
              public void audio(short[] samples, int offset, int length) {
                if (blocks.incrementAndGet() == 3) {
                  stream[0].close();
                }
              }
            });
    stream[0].push("Hello world. Again and again. ");
    stream[0].flush();

    assertThat(blocks).hasValue(3);
  }

  @Nested
  class WithoutAUsableVoice {
    @Test
    void aMissingVoiceNamesTheFilesAndWhereToGetThem(@TempDir Path dir) {
      Path model = dir.resolve("en_US-lessac-medium.onnx");

      assertUnavailable(() -> PiperSynthesizer.load(model))
          .hasMessageContaining(model.toString())
          .hasMessageContaining("en_US-lessac-medium.onnx.json")
          .hasMessageContaining("https://huggingface.co/rhasspy/piper-voices");
    }

    @Test
    void aFileThatIsNotOnnxFailsAndTheJvmCarriesOn(@TempDir Path dir) throws IOException {
      byte[] noise = new byte[200_000];
      new Random(5).nextBytes(noise);
      Path model = Files.write(dir.resolve("voice.onnx"), noise);
      Files.writeString(PiperVoice.configOf(model), TinyPiperModel.CONFIG);

      assertUnavailable(() -> new PiperSynthesizer(PiperVoice.at(model), sentence -> "h"))
          .hasMessageContaining("ONNX Runtime cannot load the Piper voice model " + model)
          .hasMessageContaining("https://huggingface.co/rhasspy/piper-voices");
      // Still here, and ONNX Runtime still works.
      assertThat(new PiperSynthesizer(PiperVoice.at(TinyPiperModel.write(dir, "ok")), s -> "h"))
          .isNotNull();
    }

    @Test
    void anOnnxModelThatIsNotAPiperVoice(@TempDir Path dir) throws IOException {
      Path model = Files.write(dir.resolve("other.onnx"), TinyPiperModel.model("features"));
      Files.writeString(PiperVoice.configOf(model), TinyPiperModel.CONFIG);

      assertUnavailable(() -> new PiperSynthesizer(PiperVoice.at(model), sentence -> "h"))
          .hasMessageContaining("is not a Piper voice")
          .hasMessageContaining("features");
    }
  }

  @Test
  void withEspeakTheWholePathRuns(@TempDir Path dir) throws Exception {
    Espeak.require();

    try (PiperSynthesizer real = PiperSynthesizer.load(TinyPiperModel.write(dir, "en_US-tiny"))) {
      Recorder recorder = new Recorder();
      try (SpeechSynthesizer.Stream stream = real.open(recorder)) {
        stream.push("Hello, world.");
        stream.flush();
      }
      assertThat(recorder.text.toString()).isEqualTo("Hello, world.");
      assertThat(recorder.samples).isNotEmpty();
    }
  }
}
