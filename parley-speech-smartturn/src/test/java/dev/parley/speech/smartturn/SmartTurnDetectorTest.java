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
package dev.parley.speech.smartturn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.parley.core.clock.MediaClock;
import dev.parley.core.spi.ProviderException;
import dev.parley.core.spi.TurnSnapshot;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.opentest4j.TestAbortedException;

/**
 * The detector on ONNX Runtime, run on small stand-in models that compute {@code sigmoid(mean of
 * the features)} (see {@link TinyOnnxModel}), since the real weights cannot be downloaded here; and
 * on the real model when it is installed.
 */
class SmartTurnDetectorTest {
  @TempDir Path models;

  @Nested
  class Inference {
    @ParameterizedTest
    @EnumSource(TinyOnnxModel.Ending.class)
    void answersWhatTheModelComputesOnTheReferenceFeatures(TinyOnnxModel.Ending ending)
        throws Exception {
      try (SmartTurnDetector detector = standIn("logits", ending)) {
        for (String signal : Golden.SIGNALS) {
          float p = detector.completionProbability(turn(Golden.pcm(signal)));

          // Independent of the Java features: the mean of the Python reference's.
          assertThat(p).as(signal).isCloseTo(sigmoidOfMean(Golden.features(signal)), within(1e-5f));
        }
      }
    }

    @Test
    void anOutputMadeBySigmoidIsTakenAsAProbability() throws Exception {
      try (SmartTurnDetector detector = standIn("logits", TinyOnnxModel.Ending.SIGMOID)) {
        assertThat(detector.outputKind()).isEqualTo(OnnxGraph.Kind.PROBABILITY);
      }
    }

    @Test
    void aReshapeAfterTheSigmoidStillMakesAProbability() throws Exception {
      try (SmartTurnDetector detector =
          standIn("logits", TinyOnnxModel.Ending.SIGMOID_THEN_RESHAPE)) {
        assertThat(detector.outputKind()).isEqualTo(OnnxGraph.Kind.PROBABILITY);
      }
    }

    @Test
    void anOutputWithoutSigmoidIsTakenAsALogit() throws Exception {
      try (SmartTurnDetector detector = standIn("logits", TinyOnnxModel.Ending.LOGIT)) {
        assertThat(detector.outputKind()).isEqualTo(OnnxGraph.Kind.LOGIT);
      }
    }

    @Test
    void theFirstOutputIsReadWhateverItsName() throws Exception {
      try (SmartTurnDetector detector = standIn("output", TinyOnnxModel.Ending.SIGMOID)) {
        assertThat(detector.outputName()).isEqualTo("output");
        assertThat(detector.completionProbability(turn(Golden.pcm("chirp_3s"))))
            .isCloseTo(sigmoidOfMean(Golden.features("chirp_3s")), within(1e-5f));
      }
    }

    @Test
    void silenceAndNoAudioAreJudgedToo() throws Exception {
      try (SmartTurnDetector detector = standIn("logits", TinyOnnxModel.Ending.SIGMOID)) {
        float expected = (float) (1 / (1 + Math.exp(1.5))); // every feature of silence is -1.5
        assertThat(detector.completionProbability(turn(new short[0])))
            .isCloseTo(expected, within(1e-6f));
        assertThat(detector.completionProbability(turn(new short[8000])))
            .isCloseTo(expected, within(1e-6f));
      }
    }

    @Test
    void isNamedSmartTurnV3() throws Exception {
      try (SmartTurnDetector detector = standIn("logits", TinyOnnxModel.Ending.SIGMOID)) {
        assertThat(detector.name()).isEqualTo("smart-turn-v3");
      }
    }
  }

  @Nested
  class SharedBetweenSessions {
    @Test
    void concurrentCallsGetTheSameAnswersAsOneAtATime() throws Exception {
      List<short[]> turns = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        turns.add(WhisperFeaturesTest.noise((i + 1) * 8000, i));
      }
      try (SmartTurnDetector detector = standIn("logits", TinyOnnxModel.Ending.SIGMOID)) {
        float[] alone = new float[turns.size()];
        for (int i = 0; i < turns.size(); i++) {
          alone[i] = detector.completionProbability(turn(turns.get(i)));
        }

        CountDownLatch start = new CountDownLatch(1);
        List<Future<Float>> answers = new ArrayList<>();
        try (ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor()) {
          for (int round = 0; round < 3; round++) {
            for (short[] audio : turns) {
              answers.add(
                  workers.submit(
                      () -> {
                        start.await();
                        return detector.completionProbability(turn(audio));
                      }));
            }
          }
          start.countDown();
          for (int i = 0; i < answers.size(); i++) {
            assertThat(answers.get(i).get()).isEqualTo(alone[i % turns.size()]);
          }
        }
      }
    }

    @Test
    void anInterruptedCallerGetsNoAnswer() throws Exception {
      try (SmartTurnDetector detector = standIn("logits", TinyOnnxModel.Ending.SIGMOID)) {
        Thread.currentThread().interrupt();

        assertThatThrownBy(() -> detector.completionProbability(turn(new short[16_000])))
            .isInstanceOf(InterruptedException.class);
        assertThat(Thread.interrupted()).isFalse();
      }
    }

    @Test
    void aClosedDetectorRefusesWork() throws Exception {
      SmartTurnDetector detector = standIn("logits", TinyOnnxModel.Ending.SIGMOID);
      detector.completionProbability(turn(new short[16_000]));
      detector.close();
      detector.close();

      assertThatThrownBy(() -> detector.completionProbability(turn(new short[16_000])))
          .isInstanceOf(IllegalStateException.class);
    }
  }

  @Nested
  class Loading {
    @Test
    void noInstalledModelMeansNoDetector() {
      assertThat(SmartTurnDetector.loadIfInstalled(models)).isEmpty();
    }

    @Test
    void aCorruptInstalledModelIsReportedNotHidden() throws IOException {
      Files.write(models.resolve(SmartTurnModel.FILE_NAME), new byte[100]);

      assertThatThrownBy(() -> SmartTurnDetector.loadIfInstalled(models))
          .isInstanceOfSatisfying(
              ProviderException.class,
              e -> assertThat(e.kind()).isEqualTo(ProviderException.Kind.UNAVAILABLE))
          .hasMessageContaining("is corrupt")
          .hasMessageContaining("./parley models install smart-turn");
    }

    @Test
    void aFileThatIsNotOnnxCannotBeLoaded() throws IOException {
      Path file =
          Files.write(
              models.resolve("garbage.onnx"), "not a model".getBytes(StandardCharsets.UTF_8));

      assertThatThrownBy(() -> SmartTurnDetector.load(SmartTurnModel.trustUnverified(file)))
          .isInstanceOfSatisfying(
              ProviderException.class,
              e -> assertThat(e.kind()).isEqualTo(ProviderException.Kind.UNAVAILABLE))
          .hasMessageContaining("ONNX Runtime cannot load the Smart Turn model from " + file);
    }

    @Test
    void aModelWithAnotherInputIsNotSmartTurn() throws IOException {
      Path file =
          Files.write(
              models.resolve("other.onnx"),
              TinyOnnxModel.build("mel", "logits", TinyOnnxModel.Ending.SIGMOID));

      assertThatThrownBy(() -> SmartTurnDetector.load(SmartTurnModel.trustUnverified(file)))
          .isInstanceOfSatisfying(
              ProviderException.class,
              e -> assertThat(e.kind()).isEqualTo(ProviderException.Kind.UNAVAILABLE))
          .hasMessageContaining("does not have the Smart Turn v3 signature");
    }

    @Test
    void aStandInIsMarkedUnverified() throws Exception {
      try (SmartTurnDetector detector = standIn("logits", TinyOnnxModel.Ending.SIGMOID)) {
        assertThat(detector.toString()).contains("unverified").contains("as PROBABILITY");
      }
    }
  }

  /**
   * The real Smart Turn v3.2 when it is installed: skipped otherwise, since the weights are
   * optional and cannot be downloaded everywhere; {@code PARLEY_REQUIRE_SMART_TURN=true} makes its
   * absence a failure.
   */
  @Test
  void theInstalledModelJudgesTheGoldenSignals() throws Exception {
    SmartTurnModel model;
    try {
      model = SmartTurnModel.installed();
    } catch (ProviderException e) {
      if (Boolean.parseBoolean(System.getenv("PARLEY_REQUIRE_SMART_TURN"))) {
        throw new AssertionError(e.getMessage(), e);
      }
      throw new TestAbortedException(e.getMessage());
    }
    MediaClock clock = MediaClock.system();
    try (SmartTurnDetector detector = SmartTurnDetector.load(model)) {
      assertThat(detector.outputKind()).isEqualTo(OnnxGraph.Kind.PROBABILITY);
      for (String signal : Golden.SIGNALS) {
        float p = detector.completionProbability(turn(Golden.pcm(signal)));
        System.out.printf(Locale.ROOT, "Smart Turn v3.2 on %s: %.4f%n", signal, p);
        assertThat(p).isBetween(0f, 1f);
      }
      TurnSnapshot turn = turn(Golden.pcm("voiced_9s"));
      int runs = 10;
      long[] nanos = new long[runs];
      for (int i = 0; i < runs; i++) {
        long start = clock.nanos();
        detector.completionProbability(turn);
        nanos[i] = clock.nanos() - start;
      }
      Arrays.sort(nanos);
      System.out.printf(
          Locale.ROOT,
          "Smart Turn v3.2, whole call on 8 s of audio: median %.1f ms of %d%n",
          nanos[runs / 2] / 1e6,
          runs);
    }
  }

  /**
   * Prints what a judgement costs with the stand-in model: the features of 8 s, then the whole
   * call, whose difference is the ONNX Runtime binding's overhead with a 256 KB input (the stand-in
   * has no encoder; Smart Turn's own inference costs more). Nothing is asserted about time.
   */
  @Test
  void printsTheCostOfAJudgement() throws Exception {
    short[] speech = Golden.pcm("quiet_8s");
    TurnSnapshot turn = turn(speech);
    MediaClock clock = MediaClock.system();
    int runs = 50;
    try (SmartTurnDetector detector = standIn("logits", TinyOnnxModel.Ending.SIGMOID)) {
      WhisperFeatures features = new WhisperFeatures();
      float[] values = new float[WhisperFeatures.SIZE];
      for (int i = 0; i < 30; i++) {
        detector.completionProbability(turn);
        features.compute(speech, 0, speech.length, values);
      }
      long[] featureNanos = new long[runs];
      long[] callNanos = new long[runs];
      for (int i = 0; i < runs; i++) {
        long start = clock.nanos();
        features.compute(speech, 0, speech.length, values);
        long middle = clock.nanos();
        detector.completionProbability(turn);
        long end = clock.nanos();
        featureNanos[i] = middle - start;
        callNanos[i] = end - middle;
      }
      Arrays.sort(featureNanos);
      Arrays.sort(callNanos);
      System.out.printf(
          Locale.ROOT,
          "Smart Turn with the stand-in model, 8 s of audio, median of %d: features %.2f ms,"
              + " whole call %.2f ms, so inference about %.2f ms%n",
          runs,
          featureNanos[runs / 2] / 1e6,
          callNanos[runs / 2] / 1e6,
          (callNanos[runs / 2] - featureNanos[runs / 2]) / 1e6);
    }
  }

  private SmartTurnDetector standIn(String outputName, TinyOnnxModel.Ending ending)
      throws IOException {
    Path file =
        Files.write(
            models.resolve("tiny-" + outputName + "-" + ending + ".onnx"),
            TinyOnnxModel.build(outputName, ending));
    return SmartTurnDetector.load(SmartTurnModel.trustUnverified(file));
  }

  private static TurnSnapshot turn(short[] audio) {
    return new TurnSnapshot(audio, "", "", 500);
  }

  private static float sigmoidOfMean(float[] features) {
    double sum = 0;
    for (float value : features) {
      sum += value;
    }
    return (float) (1 / (1 + Math.exp(-sum / features.length)));
  }
}
