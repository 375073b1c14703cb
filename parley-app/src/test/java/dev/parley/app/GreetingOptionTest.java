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
package dev.parley.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parley.agent.demo.TravelDeskAgent;
import dev.parley.core.agent.EchoAgent;
import dev.parley.core.audio.AudioFormat;
import dev.parley.core.audio.WavWriter;
import dev.parley.core.spi.Agent;
import dev.parley.testing.ScriptedAudio;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --greeting} on {@code converse} and {@code serve}, and who greets by default. */
class GreetingOptionTest {
  @TempDir Path tmp;

  private static final LocalDate TODAY = LocalDate.of(2026, 10, 1);

  @Test
  void converseSpeaksTheGreetingBeforeTheCallersFirstWords() throws Exception {
    ScriptedAudio call =
        ScriptedAudio.builder().silence(3000).say("hello there", 800).silence(300).build();
    Path in = tmp.resolve("user.wav");
    Files.write(in, WavWriter.toBytes(AudioFormat.SESSION, call.samples()));
    Path out = tmp.resolve("out");
    StringWriter err = new StringWriter();
    int code =
        Main.execute(
            new PrintWriter(new StringWriter(), true),
            new PrintWriter(err, true),
            "converse",
            "--user",
            in.toString(),
            "--out",
            out.toString(),
            "--vad",
            "energy",
            "--tts",
            "placeholder",
            "--stt",
            "none",
            "--agent",
            "echo",
            "--greeting",
            "Hello, you are through to the test desk.");
    assertThat(code).as(err.toString()).isZero();
    JsonNode timeline = new ObjectMapper().readTree(out.resolve("timeline.json").toFile());
    List<JsonNode> spoken = new ArrayList<>();
    for (JsonNode event : timeline.get("events")) {
      if (event.get("type").asText().equals("agent_speech_start")) {
        spoken.add(event);
      }
    }
    assertThat(spoken).isNotEmpty();
    assertThat(spoken.getFirst().get("text").asText())
        .isEqualTo("Hello, you are through to the test desk.");
  }

  @Test
  void theDemoDeskGreetsPhoneCallersButNotScriptedOnes() {
    Agent desk = TravelDeskAgent.create(TODAY);
    assertThat(Agents.opening(desk, null, true).greets()).isTrue();
    assertThat(Agents.opening(desk, null, false).greets()).isFalse();
    assertThat(Agents.opening(new EchoAgent(), null, true).greets()).isFalse();
    assertThat(Agents.opening(new EchoAgent(), "Hi.", false).greets()).isTrue();
  }

  @Test
  void aBlankGreetingIsAUsageError() throws Exception {
    Path in = tmp.resolve("user.wav");
    Files.write(
        in,
        WavWriter.toBytes(
            AudioFormat.SESSION, ScriptedAudio.builder().silence(500).build().samples()));
    StringWriter err = new StringWriter();
    int code =
        Main.execute(
            new PrintWriter(new StringWriter(), true),
            new PrintWriter(err, true),
            "converse",
            "--user",
            in.toString(),
            "--out",
            tmp.resolve("o").toString(),
            "--vad",
            "energy",
            "--tts",
            "placeholder",
            "--stt",
            "none",
            "--greeting",
            " ");
    assertThat(code).isNotZero();
    assertThat(err.toString()).contains("--greeting");
  }
}
