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
package dev.parley.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class ScenarioParserTest {

  /** The real-speech suites are as large as the real recordings allow: RealSpeechSuiteTest. */
  @ParameterizedTest
  @EnumSource(
      value = Suite.class,
      names = {"REAL", "REAL_HELDOUT"},
      mode = EnumSource.Mode.EXCLUDE)
  void everyBundledSyntheticSuiteHasAtLeastTwentyScenarios(Suite suite) throws Exception {
    List<Scenario> scenarios = Bench.load(suite, null);
    assertThat(scenarios).hasSizeGreaterThanOrEqualTo(20);
    assertThat(scenarios).allSatisfy(s -> assertThat(s.suite()).isEqualTo(suite));
    assertThat(scenarios).allSatisfy(s -> assertThat(s.expectations()).isNotEmpty());
  }

  @Test
  void aScenarioReadsStepsVoiceRepliesToolsAndExpectations() throws Exception {
    String text =
        """
        # a comment
        scenario denver-900
          voice slt rate 1.1 noise 20 phone
          agent "Sure, let me look." # trailing comment
          tool search_flights 1200
          say "I want to book a flight to"
          pause 900
          say "Denver"
          after agent 600
          say "mhm"
          after reply 300
          wait 1000
          expect hold
          expect keep
          expect take within 800
          expect tool search_flights {"to": "Denver", "passengers": 2}
          expect no-tool book_flight
          tail 2500
        """;
    Scenario s = ScenarioParser.parse(Suite.PAUSE_HANDLING, "x.scn", text).getFirst();
    assertThat(s.name()).isEqualTo("denver-900");
    assertThat(s.line()).isEqualTo(2);
    assertThat(s.voice()).isEqualTo(new Scenario.Voice("slt", 1.1, 20, true));
    assertThat(s.agentReplies()).containsExactly("Sure, let me look.");
    assertThat(s.toolLatencyMillis()).containsEntry("search_flights", 1200L);
    assertThat(s.steps())
        .containsExactly(
            new Scenario.Step.Say(6, "I want to book a flight to"),
            new Scenario.Step.Pause(7, 900),
            new Scenario.Step.Say(8, "Denver"),
            new Scenario.Step.AfterAgent(9, 600),
            new Scenario.Step.Say(10, "mhm"),
            new Scenario.Step.AfterReply(11, 300),
            new Scenario.Step.Wait(12, 1000));
    assertThat(s.expectations())
        .contains(
            new Scenario.Expectation.Take(15, 800),
            new Scenario.Expectation.Tool(
                16, "search_flights", java.util.Map.of("to", "Denver", "passengers", "2")),
            new Scenario.Expectation.NoTool(17, "book_flight"));
    assertThat(s.tailMillis()).isEqualTo(2500);
  }

  @Test
  void aRealRecordingStandsInForTheVoice() throws Exception {
    java.nio.file.Path wav = java.nio.file.Path.of("../samples/jfk.wav").toAbsolutePath();
    org.junit.jupiter.api.Assumptions.assumeTrue(java.nio.file.Files.isRegularFile(wav));
    String text =
        "scenario jfk\n  play \"" + wav + "\" \"and so my fellow americans\"\n  expect take\n";
    Scenario s = ScenarioParser.parse(Suite.SMOOTH_TURN_TAKING, "x.scn", text).getFirst();
    assertThat(s.steps())
        .containsExactly(new Scenario.Step.Recording(2, wav, "and so my fellow americans"));
    UserVoice.Clip clip =
        new UserVoice(new dev.parley.core.speech.PlaceholderVoice())
            .recording(wav, "and so my fellow americans", Scenario.Voice.plain());
    assertThat(clip.words()).hasSize(5);
    assertThat(clip.words().getLast().endMillis()).isLessThanOrEqualTo(clip.millis());
  }

  @Test
  void aSliceOfARealRecordingIsCutWhereTheFileSays() throws Exception {
    java.nio.file.Path wav = java.nio.file.Path.of("../samples/jfk.wav").toAbsolutePath();
    org.junit.jupiter.api.Assumptions.assumeTrue(java.nio.file.Files.isRegularFile(wav));
    String text =
        "scenario jfk\n  play \""
            + wav
            + "\" 0..2240 \"and so my fellow americans\"\n  pause 1000\n  play \""
            + wav
            + "\" 3200..end \"ask not\"\n  expect hold\n";
    Scenario s = ScenarioParser.parse(Suite.REAL, "x.scn", text).getFirst();
    assertThat(s.steps())
        .containsExactly(
            new Scenario.Step.Recording(2, wav, "and so my fellow americans", 0, 2240),
            new Scenario.Step.Pause(3, 1000),
            new Scenario.Step.Recording(4, wav, "ask not", 3200, Scenario.Step.Recording.TO_END));
    UserVoice voice = new UserVoice(new dev.parley.core.speech.PlaceholderVoice());
    UserVoice.Clip whole = voice.recording(wav, "whole", Scenario.Voice.plain());
    UserVoice.Clip head =
        voice.recording(wav, 0, 2240, "and so my fellow americans", Scenario.Voice.plain());
    UserVoice.Clip tail =
        voice.recording(
            wav, 3200, Scenario.Step.Recording.TO_END, "ask not", Scenario.Voice.plain());
    // Trimmed to its sound, a slice is never longer than the cut, and the two cuts hold less
    // than the whole by at least the gap left out between them.
    assertThat(head.millis()).isLessThanOrEqualTo(2240).isGreaterThan(1500);
    assertThat(head.millis() + tail.millis()).isLessThanOrEqualTo(whole.millis() - 900);
    // Both are trimmed from the same first sound, so the head is the whole's opening, exactly.
    assertThat(head.samples())
        .isEqualTo(java.util.Arrays.copyOf(whole.samples(), head.samples().length));
  }

  @Test
  void relativeRecordingsOfABundledFileResolveUnderTheInstallation() throws Exception {
    java.nio.file.Path home = java.nio.file.Path.of("..").toAbsolutePath().normalize();
    org.junit.jupiter.api.Assumptions.assumeTrue(
        java.nio.file.Files.isRegularFile(home.resolve("samples/jfk.wav")));
    String text = "scenario jfk\n  play \"samples/jfk.wav\" 0..2240 \"and so\"\n  expect take\n";
    Scenario s = ScenarioParser.parse(Suite.REAL, "real.scn", text, home).getFirst();
    assertThat(((Scenario.Step.Recording) s.steps().getFirst()).wav())
        .isEqualTo(home.resolve("samples/jfk.wav"));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          scenario a~  paws 900~  expect hold                        | 2 | unknown line 'paws'
          scenario a~  say I want~  expect take                       | 2 | expected 'say "text"' but found 'say I want'
          scenario a~  say "unterminated~  expect take                | 2 | unterminated quoted text
          scenario a~  say "hi"~  pause 50~  expect hold              | 3 | a pause must be 100..10000 ms, found 50
          scenario a~  say "hi"~  pause soon~  expect hold            | 3 | a pause must be whole milliseconds, found 'soon'
          scenario a~  say "hi"~  expect hold                         | 3 | 'expect hold' needs a 'pause' step
          scenario a~  say "hi"~  expect keep                         | 3 | 'expect keep' needs an 'after agent MS' step followed by a 'say' step
          scenario a~  say "hi"~  expect take~scenario a              | 4 | duplicate scenario name 'a'
          scenario a~  say "hi"                                       | 1 | scenario 'a' has no 'expect' line
          say "hi"                                                    | 1 | 'say' before the first 'scenario NAME' line
          scenario Bad Name                                           | 1 | expected 'scenario NAME'
          scenario a~  voice robot~  say "hi"~  expect take           | 2 | unknown voice 'robot' (known: slt)
          scenario a~  voice slt rate 3~  say "hi"~  expect take      | 2 | the rate must be 0.7..1.4, found 3
          scenario a~  say "hi"~  expect tool f {"to": }              | 3 | tool arguments are not valid JSON
          scenario a~  say "hi"~  expect tool f ["to"]                | 3 | tool arguments must be a JSON object
          scenario a~  say "hi"~  expect perfection                   | 3 | unknown expectation 'perfection'
          scenario a~  say "héllo"~  expect take                      | 2 | a character the voice cannot speak
          # only a comment                                            | 1 | no scenarios in the file
          scenario a~  play "nowhere.wav" "hello"~  expect take       | 2 | no such recording: nowhere.wav
          scenario a~  play "../samples/jfk.wav" 900 "so"~  expect take  | 2 | a slice must be FROM..TO in ms (TO may be 'end'), found '900'
          scenario a~  play "../samples/jfk.wav" 900..910 "so"~  expect take | 2 | a slice must end more than 20 ms after it starts
          scenario a~  play "../samples/jfk.wav" 900..x "so"~  expect take | 2 | a slice's end must be whole milliseconds, found 'x'
          """)
  void aBadFileIsReportedWithItsFileLineAndProblem(String text, int line, String problem) {
    assertThatThrownBy(
            () ->
                ScenarioParser.parse(Suite.SMOOTH_TURN_TAKING, "mine.scn", text.replace("~", "\n")))
        .isInstanceOf(ScenarioFormatException.class)
        .hasMessageStartingWith("mine.scn:" + line + ": ")
        .hasMessageContaining(problem)
        .satisfies(
            e -> {
              ScenarioFormatException f = (ScenarioFormatException) e;
              assertThat(f.file()).isEqualTo("mine.scn");
              assertThat(f.line()).isEqualTo(line);
            });
  }
}
