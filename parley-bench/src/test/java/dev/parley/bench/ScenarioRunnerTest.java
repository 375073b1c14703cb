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

import dev.parley.core.session.ModelledLatency;
import dev.parley.core.speech.EnergyVad;
import dev.parley.core.speech.PlaceholderVoice;
import dev.parley.core.spi.Agent;
import dev.parley.core.spi.Conversation;
import dev.parley.core.spi.SpeechRecognizer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScenarioRunnerTest {
  /** Hears nothing; keeps the options each stream was opened with. */
  private static final class OptionsRecorder implements SpeechRecognizer {
    final List<Options> opened = new CopyOnWriteArrayList<>();

    @Override
    public String name() {
      return "options-recorder";
    }

    @Override
    public Stream open(Options options, Listener listener) {
      opened.add(options);
      return new Stream() {
        @Override
        public void push(short[] samples, int offset, int length) {}

        @Override
        public void flush() {}

        @Override
        public void close() {}
      };
    }
  }

  /** An agent with a domain: its words and the slot it asks for. */
  private static final class DomainAgent implements Agent {
    @Override
    public String name() {
      return "domain";
    }

    @Override
    public List<String> phraseHints() {
      return List.of("boston", "denver");
    }

    @Override
    public List<SpeechRecognizer.Expectation> expectations() {
      return List.of(
          new SpeechRecognizer.Expectation(
              SpeechRecognizer.Expectation.CITY, List.of("boston", "denver")));
    }

    @Override
    public void respond(Conversation conversation, Agent.Reply reply) {
      reply.text("Okay.");
    }
  }

  @TempDir Path dir;

  private static List<SpeechRecognizer.Options> openedUnder(BenchConfig config) throws Exception {
    OptionsRecorder recognizer = new OptionsRecorder();
    BenchStack stack =
        new BenchStack(
            new EnergyVad(),
            new PlaceholderVoice(),
            Optional.empty(),
            recognizer,
            new UserVoice(new PlaceholderVoice()),
            ModelledLatency.none(),
            100);
    Scenario scenario =
        ScenarioParser.parse(
                Suite.SMOOTH_TURN_TAKING,
                "inline.scn",
                "scenario s01\n  say \"fly me to boston\"\n  expect take within 800\n")
            .getFirst();
    ScenarioRunner.run(scenario, config, stack, s -> new DomainAgent());
    return recognizer.opened;
  }

  @Test
  void theRecogniserHearsTheCallAsALiveCallToTheAgentWould() throws Exception {
    assertThat(openedUnder(BenchConfig.named("default")))
        .isNotEmpty()
        .allSatisfy(
            o -> assertThat(o).isEqualTo(SpeechRecognizer.Options.forAgent(new DomainAgent())));
  }

  @Test
  void aConfigurationCanMeasureTheRecogniserWithoutTheAgentsWords() throws Exception {
    Path file = dir.resolve("bare.conf");
    Files.writeString(file, "recognizer.hints = false\n");

    BenchConfig bare = BenchConfig.named(file.toString());

    assertThat(bare.name()).isEqualTo("bare");
    assertThat(openedUnder(bare))
        .isNotEmpty()
        .allSatisfy(o -> assertThat(o).isEqualTo(SpeechRecognizer.Options.defaults()));
  }
}
