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
package dev.parley.speech.sphinx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.core.clock.MediaClock;
import dev.parley.core.spi.ProviderException;
import dev.parley.core.spi.SpeechRecognizer;
import dev.parley.core.spi.SpeechRecognizer.Expectation;
import dev.parley.core.spi.SpeechRecognizer.Options;
import dev.parley.core.spi.SpeechRecognizer.Word;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The recognizer on the real recordings of {@code pocketsphinx-testdata}, streamed the way a
 * session streams a call: 20 ms chunks of 320 samples at 16 kHz. Needs {@code bash
 * parley-speech-sphinx/setup.sh}.
 */
class SphinxRecognizerTest {
  private static final int CHUNK = 320;

  /** The vocabulary of a card game, as a card-table app would hint it. */
  private static final List<String> CARD_HINTS =
      List.of(
          "ace of spades",
          "two of clubs",
          "three of hearts",
          "four of diamonds",
          "five",
          "six",
          "seven",
          "eight",
          "nine",
          "ten",
          "jack",
          "queen",
          "king");

  private static SphinxRecognizer engine;

  /** How long each flush took to give its final result, wall clock. */
  private static final List<Long> FLUSH_MILLIS = new java.util.concurrent.CopyOnWriteArrayList<>();

  /** Every clip decoded once without hints, shared by the tests that look at different aspects. */
  private static Map<String, Transcript> plainById;

  @BeforeAll
  static void decodeEveryClip() throws Exception {
    engine = SphinxRecognizer.loadDefault();
    plainById = new LinkedHashMap<>();
    long openNanos = 0;
    for (TestClips.Clip clip : TestClips.all()) {
      long start = MediaClock.system().nanos();
      Transcript transcript = transcribe(engine, Options.defaults(), clip);
      openNanos += MediaClock.system().nanos() - start - transcript.decodeNanos();
      plainById.put(clip.id(), transcript);
    }
    System.out.printf(
        Locale.ROOT,
        "opening a stream: %d ms on average%n",
        openNanos / 1_000_000 / plainById.size());
    // What a live call waits for after the user stops: the final result. SpeechStack charges
    // this on the virtual clock (docs/speech.md).
    List<Long> flushes = FLUSH_MILLIS.stream().sorted().toList();
    System.out.printf(
        Locale.ROOT,
        "final result after flush: median %d ms, max %d ms over %d clips%n",
        flushes.get(flushes.size() / 2),
        flushes.getLast(),
        flushes.size());
  }

  /** What one clip gave: the final words, the partials, and the decoding time. */
  record Transcript(
      TestClips.Clip clip,
      List<Word> words,
      List<String> partials,
      int partialsBeforeFlush,
      long decodeNanos) {
    String text() {
      return Recorder.text(words);
    }

    WordErrorRate errors() {
      return WordErrorRate.of(clip.transcript(), text());
    }
  }

  static Transcript transcribe(SpeechRecognizer engine, Options options, TestClips.Clip clip)
      throws InterruptedException {
    Recorder recorder = new Recorder();
    try (SpeechRecognizer.Stream stream = engine.open(options, recorder)) {
      long start = MediaClock.system().nanos();
      push(stream, clip.samples());
      int partialsBeforeFlush = recorder.partials.size();
      long flushStart = MediaClock.system().nanos();
      stream.flush();
      FLUSH_MILLIS.add((MediaClock.system().nanos() - flushStart) / 1_000_000);
      long decodeNanos = MediaClock.system().nanos() - start;
      assertThat(recorder.finals).hasSize(1);
      return new Transcript(
          clip, recorder.lastFinal(), recorder.partials, partialsBeforeFlush, decodeNanos);
    }
  }

  static void push(SpeechRecognizer.Stream stream, short[] samples) throws InterruptedException {
    for (int i = 0; i < samples.length; i += CHUNK) {
      stream.push(samples, i, Math.min(CHUNK, samples.length - i));
    }
  }

  static WordErrorRate total(List<Transcript> transcripts) {
    return transcripts.stream()
        .map(Transcript::errors)
        .reduce(WordErrorRate.zero(), WordErrorRate::plus);
  }

  @Nested
  class OnTheTestRecordings {
    @Test
    void theWordErrorRateStaysWithinBudget() {
      long audioMillis = 0;
      long decodeNanos = 0;
      for (Transcript t : plainById.values()) {
        System.out.printf(
            Locale.ROOT,
            "%-42s %s%n  ref: %s%n  hyp: %s%n",
            t.clip().id(),
            t.errors(),
            t.clip().transcript(),
            t.text());
        audioMillis += t.clip().durationMillis();
        decodeNanos += t.decodeNanos();
      }
      WordErrorRate total = total(List.copyOf(plainById.values()));
      System.out.printf(
          Locale.ROOT,
          "%d clips, %.1f s of audio: %s, real-time factor %.2f (wall clock, 20 ms pushes)%n",
          plainById.size(),
          audioMillis / 1000.0,
          total,
          decodeNanos / 1e6 / audioMillis);

      // Measured 0.271 (26 errors in 96 words) with the default front end, 0.313 without it; the
      // budget is 0.32.
      assertThat(total.rate()).isLessThanOrEqualTo(0.32);
    }

    @Test
    void partialsAppearWhileSpeakingAtMostEvery200Milliseconds() {
      for (Transcript t : plainById.values()) {
        assertThat(t.partialsBeforeFlush()).as(t.clip().id()).isPositive();
        assertThat(t.partials()).as(t.clip().id()).hasSize(t.partialsBeforeFlush());
        assertThat(t.partials().size())
            .as(t.clip().id())
            .isLessThanOrEqualTo((int) (t.clip().durationMillis() / 200) + 1);
        assertThat(t.partials()).as(t.clip().id()).allMatch(p -> !p.isBlank());
        for (int i = 1; i < t.partials().size(); i++) {
          // A hypothesis may come back to an earlier one, but is reported only when it changes.
          assertThat(t.partials().get(i)).isNotEqualTo(t.partials().get(i - 1));
        }
      }
      assertThat(plain("sense_and_sensibility_01_austen_64kb-0870").partials().size())
          .isGreaterThanOrEqualTo(10);
    }

    @Test
    void finalWordTimingsAreMonotonicAndInsideTheClip() {
      for (Transcript t : plainById.values()) {
        assertThat(t.words()).as(t.clip().id()).isNotEmpty();
        long previousEnd = 0;
        for (Word word : t.words()) {
          assertThat(word.startMillis()).as(word.toString()).isGreaterThanOrEqualTo(previousEnd);
          assertThat(word.endMillis()).as(word.toString()).isGreaterThan(word.startMillis());
          previousEnd = word.endMillis();
        }
        assertThat(previousEnd).as(t.clip().id()).isLessThanOrEqualTo(t.clip().durationMillis());
      }
    }

    @Test
    void finalWordsCarryNoFillersOrAlternateMarkers() {
      for (Transcript t : plainById.values()) {
        assertThat(t.words())
            .extracting(Word::text)
            .as(t.clip().id())
            .allMatch(w -> w.matches("[a-z']+"), "plain lower-case words");
      }
    }
  }

  @Nested
  class OneStreamForAWholeCall {
    @Test
    void wordTimesCountFromTheStreamsFirstSample() throws Exception {
      TestClips.Clip first = clip("001");
      TestClips.Clip second = clip("003");
      Recorder recorder = new Recorder();
      try (SpeechRecognizer.Stream stream = engine.open(Options.defaults(), recorder)) {
        push(stream, new short[1500 * 16]);
        push(stream, first.samples());
        stream.flush();
        push(stream, new short[2300 * 16]);
        push(stream, second.samples());
        stream.flush();
      }

      assertThat(recorder.finals).hasSize(2);
      List<Word> alone = plain("001").words();
      List<Word> shifted = recorder.finals.get(0);
      assertThat(Recorder.text(shifted)).isEqualTo(Recorder.text(alone));
      for (int i = 0; i < alone.size(); i++) {
        assertThat(shifted.get(i).startMillis() - alone.get(i).startMillis())
            .as(shifted.get(i).toString())
            .isBetween(1500L - 30, 1500L + 30);
      }
      long secondStart = 1500 + first.durationMillis() + 2300;
      assertThat(recorder.finals.get(1))
          .isNotEmpty()
          .allSatisfy(
              w ->
                  assertThat(w.startMillis())
                      .isBetween(secondStart, secondStart + second.durationMillis()));
      assertThat(Recorder.text(recorder.finals.get(1))).isEqualTo(plain("003").text());
    }

    @Test
    void flushOnSilenceGivesAnEmptyFinal() throws Exception {
      Recorder recorder = new Recorder();
      try (SpeechRecognizer.Stream stream = engine.open(Options.defaults(), recorder)) {
        stream.flush();
        push(stream, new short[3000 * 16]);
        stream.flush();
        push(stream, clip("001").samples());
        stream.flush();
        push(stream, new short[1000 * 16]);
        stream.flush();
      }

      assertThat(recorder.finals).hasSize(4);
      assertThat(recorder.finals.get(0)).isEmpty();
      assertThat(recorder.finals.get(1)).isEmpty();
      assertThat(Recorder.text(recorder.finals.get(2))).isEqualTo(plain("001").text());
      assertThat(recorder.finals.get(3)).isEmpty();
    }

    @Test
    void aLongPauseWithoutFlushKeepsBothUtterancesForTheNextFlush() throws Exception {
      TestClips.Clip first = clip("001");
      TestClips.Clip second = clip("003");
      Recorder recorder = new Recorder();
      try (SpeechRecognizer.Stream stream = engine.open(Options.defaults(), recorder)) {
        push(stream, first.samples());
        push(stream, new short[5000 * 16]);
        push(stream, second.samples());
        stream.flush();
      }

      assertThat(recorder.finals).hasSize(1);
      assertThat(Recorder.text(recorder.lastFinal()))
          .isEqualTo(plain("001").text() + " " + plain("003").text());
      long secondStart = first.durationMillis() + 5000;
      assertThat(recorder.lastFinal().getLast().startMillis()).isGreaterThan(secondStart);
      assertThat(recorder.partials.getLast()).isEqualTo(Recorder.text(recorder.lastFinal()));
    }

    @Test
    void streamsDecodeInParallelWithTheSameResults() throws Exception {
      List<Callable<String>> calls = new ArrayList<>();
      for (String id : List.of("002", "005", "sense_and_sensibility_01_austen_64kb-0880")) {
        calls.add(() -> transcribe(engine, Options.defaults(), clip(id)).text());
      }
      List<String> texts = new ArrayList<>();
      try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
        for (Future<String> text : threads.invokeAll(calls)) {
          texts.add(text.get());
        }
      }

      assertThat(texts)
          .containsExactly(
              plain("002").text(),
              plain("005").text(),
              plain("sense_and_sensibility_01_austen_64kb-0880").text());
    }
  }

  /**
   * Per-turn expectations on real speech: the card clips (five people reading card names) answer a
   * card-table app's "Which card?", declared as a slot and expected for the turn.
   */
  @Nested
  class WithExpectations {
    private final Options cardSlotDeclared =
        new Options(List.of(), "en-US", List.of(new Expectation("card", CARD_HINTS)));

    private Transcript transcribeExpecting(String slot, TestClips.Clip clip)
        throws InterruptedException {
      Recorder recorder = new Recorder();
      try (SpeechRecognizer.Stream stream = engine.open(cardSlotDeclared, recorder)) {
        stream.expect(slot);
        push(stream, clip.samples());
        stream.flush();
        return new Transcript(clip, recorder.lastFinal(), recorder.partials, 0, 0);
      }
    }

    @Test
    void expectingTheSlotLowersTheErrorRateOnInDomainSpeech() throws Exception {
      List<Transcript> expecting = new ArrayList<>();
      for (TestClips.Clip clip : TestClips.cards()) {
        expecting.add(transcribeExpecting("card", clip));
      }
      WordErrorRate without =
          total(plainById.values().stream().filter(t -> t.clip().id().matches("\\d+")).toList());
      WordErrorRate with = total(expecting);
      System.out.printf(
          Locale.ROOT,
          "cards, open turn: %s%ncards, expecting the card slot: %s%n  %s%n",
          without,
          with,
          expecting.stream().map(Transcript::text).collect(Collectors.joining(" | ")));

      assertThat(with.errors()).isLessThan(without.errors());
    }

    @Test
    void aDeclaredSlotThatIsNotExpectedLeavesOtherSpeechAlone() throws Exception {
      List<Transcript> open = new ArrayList<>();
      List<Transcript> wrongSlot = new ArrayList<>();
      for (TestClips.Clip clip : TestClips.librivox()) {
        open.add(transcribeExpecting(Expectation.OPEN, clip));
        wrongSlot.add(transcribeExpecting("card", clip));
      }
      WordErrorRate plain =
          total(
              plainById.values().stream().filter(t -> t.clip().id().startsWith("sense")).toList());
      System.out.printf(
          Locale.ROOT,
          "novel, no slots: %s%nnovel, card slot declared, open turn: %s%n"
              + "novel, expecting the card slot (the wrong one): %s%n",
          plain,
          total(open),
          total(wrongSlot));

      assertThat(total(open).rate()).isLessThanOrEqualTo(plain.rate() + 0.02);
      // A bias, not a grammar: speech outside the slot is still mostly heard.
      assertThat(total(wrongSlot).rate()).isLessThanOrEqualTo(plain.rate() + 0.15);
    }

    /**
     * The agent's next question can reach the recogniser while the caller is still talking
     * (offline, on the virtual clock) or just after (live): either way the words already spoken are
     * heard alike, and the new slot applies from the next utterance.
     */
    @Test
    void anExpectationArrivingMidUtteranceLeavesThatUtterancesWordsAlone() throws Exception {
      for (TestClips.Clip clip : TestClips.librivox()) {
        Recorder recorder = new Recorder();
        try (SpeechRecognizer.Stream stream = engine.open(cardSlotDeclared, recorder)) {
          stream.expect(Expectation.OPEN);
          short[] samples = clip.samples();
          int half = samples.length / 2 / 320 * 320;
          push(stream, java.util.Arrays.copyOfRange(samples, 0, half));
          stream.expect("card");
          push(stream, java.util.Arrays.copyOfRange(samples, half, samples.length));
          stream.flush();
        }

        assertThat(Recorder.text(recorder.lastFinal()))
            .as(clip.id())
            .isEqualTo(transcribeExpecting(Expectation.OPEN, clip).text());
      }
    }

    @Test
    void theExpectationMovesBetweenUtterancesOfOneStream() throws Exception {
      TestClips.Clip card = TestClips.cards().get(0);
      Recorder recorder = new Recorder();
      try (SpeechRecognizer.Stream stream = engine.open(cardSlotDeclared, recorder)) {
        stream.expect(Expectation.OPEN);
        push(stream, card.samples());
        stream.flush();
        stream.expect("card");
        push(stream, card.samples());
        stream.flush();
      }
      WordErrorRate first =
          WordErrorRate.of(card.transcript(), Recorder.text(recorder.finals.get(0)));
      WordErrorRate second =
          WordErrorRate.of(card.transcript(), Recorder.text(recorder.finals.get(1)));
      System.out.printf(Locale.ROOT, "same clip, open then expected: %s -> %s%n", first, second);

      assertThat(second.errors()).isLessThanOrEqualTo(first.errors());
    }
  }

  @Nested
  class WithPhraseHints {
    @Test
    void hintsLowerTheErrorRateOnInDomainSpeech() throws Exception {
      List<Transcript> hinted = new ArrayList<>();
      for (TestClips.Clip clip : TestClips.cards()) {
        hinted.add(transcribe(engine, new Options(CARD_HINTS, "en-US"), clip));
      }
      WordErrorRate without =
          total(plainById.values().stream().filter(t -> t.clip().id().matches("\\d+")).toList());
      WordErrorRate with = total(hinted);
      System.out.printf(
          Locale.ROOT,
          "cards without hints: %s%ncards with card-game hints: %s%n  %s%n",
          without,
          with,
          hinted.stream().map(Transcript::text).collect(Collectors.joining(" | ")));

      assertThat(with.errors()).isLessThan(without.errors());
      assertThat(with.rate()).isLessThanOrEqualTo(0.15);
    }

    @Test
    void unrelatedHintsCostLittleOnOtherSpeech() throws Exception {
      List<Transcript> hinted = new ArrayList<>();
      for (TestClips.Clip clip : TestClips.librivox()) {
        hinted.add(transcribe(engine, new Options(CARD_HINTS, "en-US"), clip));
      }
      WordErrorRate without =
          total(
              plainById.values().stream().filter(t -> t.clip().id().startsWith("sense")).toList());
      WordErrorRate with = total(hinted);
      System.out.printf(
          Locale.ROOT, "novel without hints: %s%nnovel with card-game hints: %s%n", without, with);

      assertThat(with.rate()).isLessThanOrEqualTo(without.rate() + 0.05);
    }

    @Test
    void aHintWordMissingFromTheDictionaryIsSpelledWithDictionaryWords(@TempDir Path dir)
        throws Exception {
      Path dictionary = dir.resolve("without-dashwood.dict");
      try (var lines =
          Files.lines(SphinxRecognizer.DEBIAN_MODEL_DIRECTORY.resolve("cmudict-en-us.dict"))) {
        Files.write(dictionary, lines.filter(l -> !l.startsWith("dashwood")).toList());
      }
      SphinxRecognizer withoutDashwood =
          new SphinxRecognizer(
              SphinxRecognizer.DEBIAN_MODEL_DIRECTORY.resolve("en-us"),
              dictionary,
              SphinxRecognizer.DEBIAN_MODEL_DIRECTORY.resolve("en-us.lm.bin"));
      TestClips.Clip clip = clip("sense_and_sensibility_01_austen_64kb-0870");

      Transcript unhinted = transcribe(withoutDashwood, Options.defaults(), clip);
      Transcript hinted =
          transcribe(withoutDashwood, new Options(List.of("Mr. Dashwood"), "en-US"), clip);
      System.out.printf(
          Locale.ROOT,
          "dictionary without 'dashwood'%n  no hints:  %s (%s)%n  hinted:    %s (%s)%n",
          unhinted.text(),
          unhinted.errors(),
          hinted.text(),
          hinted.errors());

      assertThat(WordErrorRate.words(unhinted.text())).doesNotContain("dashwood");
      assertThat(WordErrorRate.words(hinted.text())).contains("dashwood");
      assertThat(hinted.errors().errors()).isLessThan(unhinted.errors().errors());
    }
  }

  @Nested
  class CancellationAndClosing {
    @Test
    void anInterruptedPushThrowsAndTheStreamStaysUsable() throws Exception {
      Recorder recorder = new Recorder();
      short[] samples = clip("001").samples();
      try (SpeechRecognizer.Stream stream = engine.open(Options.defaults(), recorder)) {
        Thread.currentThread().interrupt();
        assertThatThrownBy(() -> stream.push(samples, 0, samples.length))
            .isInstanceOf(InterruptedException.class);
        assertThat(Thread.currentThread().isInterrupted()).isFalse();

        Thread.currentThread().interrupt();
        assertThatThrownBy(stream::flush).isInstanceOf(InterruptedException.class);
        assertThat(recorder.finals).isEmpty();

        push(stream, samples);
        stream.flush();
      }

      assertThat(Recorder.text(recorder.lastFinal())).isEqualTo(plain("001").text());
    }

    @Test
    void closeIsIdempotentAndLaterCallsAreDropped() throws Exception {
      Recorder recorder = new Recorder();
      SpeechRecognizer.Stream stream = engine.open(Options.defaults(), recorder);
      short[] samples = clip("001").samples();
      stream.push(samples, 0, samples.length / 2);
      stream.close();
      stream.close();
      stream.push(samples, samples.length / 2, samples.length - samples.length / 2);
      stream.flush();

      assertThat(recorder.finals).isEmpty();
    }
  }

  @Nested
  class Failures {
    @Test
    void aMissingModelIsUnavailableAndNamesThePackageAndTheFix() {
      assertThatThrownBy(
              () ->
                  new SphinxRecognizer(
                      Path.of("/nonexistent/en-us"),
                      Path.of("/nonexistent/cmudict-en-us.dict"),
                      Path.of("/nonexistent/en-us.lm.bin")))
          .isInstanceOfSatisfying(
              ProviderException.class,
              e -> {
                assertThat(e.kind()).isEqualTo(ProviderException.Kind.UNAVAILABLE);
                assertThat(e.getMessage())
                    .contains("pocketsphinx-en-us", "bash parley-speech-sphinx/setup.sh");
              });
    }

    @Test
    void aMissingLibraryIsUnavailableAndNamesThePackageAndTheFix() {
      assertThatThrownBy(
              () ->
                  PocketSphinx.lookup(
                      List.of("libparley-no-such-library.so.3"), List.of("libsphinxbase.so.3")))
          .isInstanceOfSatisfying(
              ProviderException.class,
              e -> {
                assertThat(e.kind()).isEqualTo(ProviderException.Kind.UNAVAILABLE);
                assertThat(e.getMessage())
                    .contains("libpocketsphinx3", "bash parley-speech-sphinx/setup.sh");
              });
    }

    @Test
    void anUnreadableModelIsUnavailableWithoutCrashingTheJvm(@TempDir Path dir) throws IOException {
      Path emptyAcousticModel = Files.createDirectory(dir.resolve("empty-hmm"));
      Path garbageLanguageModel = Files.writeString(dir.resolve("garbage.lm.bin"), "not a model");
      Path model = SphinxRecognizer.DEBIAN_MODEL_DIRECTORY;
      SphinxRecognizer noAcousticModel =
          new SphinxRecognizer(
              emptyAcousticModel,
              model.resolve("cmudict-en-us.dict"),
              model.resolve("en-us.lm.bin"));
      SphinxRecognizer badLanguageModel =
          new SphinxRecognizer(
              model.resolve("en-us"), model.resolve("cmudict-en-us.dict"), garbageLanguageModel);

      for (SphinxRecognizer broken : List.of(noAcousticModel, badLanguageModel)) {
        assertThatThrownBy(() -> broken.open(Options.defaults(), new Recorder()))
            .isInstanceOfSatisfying(
                ProviderException.class,
                e -> {
                  assertThat(e.kind()).isEqualTo(ProviderException.Kind.UNAVAILABLE);
                  assertThat(e.getMessage()).contains("bash parley-speech-sphinx/setup.sh");
                });
      }
    }

    @Test
    void otherLanguagesAreRejected() {
      assertThatThrownBy(() -> engine.open(new Options(List.of(), "de-DE"), new Recorder()))
          .isInstanceOfSatisfying(
              ProviderException.class,
              e -> assertThat(e.kind()).isEqualTo(ProviderException.Kind.REJECTED));
    }
  }

  private static Transcript plain(String id) {
    return Objects.requireNonNull(plainById.get(id), id);
  }

  private static TestClips.Clip clip(String id) {
    return plain(id).clip();
  }
}
