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
import dev.parley.core.audio.AudioFormat;
import dev.parley.core.audio.WavWriter;
import dev.parley.speech.cloud.FakeGeminiLive;
import dev.parley.speech.cloud.FakeMoshi;
import dev.parley.speech.cloud.FakeRealtime;
import dev.parley.speech.cloud.FakeReply;
import dev.parley.speech.cloud.FakeSpeechServer;
import dev.parley.testing.ScriptedAudio;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code parley converse --agent openai-realtime:URL#MODEL} against the loopback fake of OpenAI's
 * Realtime API: the call runs through Parley's speech-to-speech session and writes the same files,
 * in the same event vocabulary, as a cascaded call.
 */
class ConverseSpeechToSpeechTest {
  private static final String KEY = "rt-test-key";

  @TempDir Path tmp;

  private record Run(int exitCode, String out, String err) {}

  private static Run converse(Map<String, String> env, String... args) {
    ConverseCommand command = new ConverseCommand();
    command.env = env;
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = new CommandLine(command);
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    cli.setExecutionExceptionHandler(
        (e, line, parsed) -> {
          line.getErr().println("parley: " + e.getMessage());
          return 2;
        });
    int code = cli.execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  private Path recording() throws Exception {
    short[] caller =
        ScriptedAudio.builder()
            .silence(300)
            .say("find me a flight from Chicago to Boston on Friday", 1200)
            .silence(200)
            .build()
            .samples();
    Path file = tmp.resolve("caller.wav");
    Files.write(
        file, WavWriter.toBytes(new AudioFormat(16_000, 1, AudioFormat.Encoding.PCM16), caller));
    return file;
  }

  private static List<String> types(JsonNode timeline) {
    List<String> types = new ArrayList<>();
    timeline.path("events").forEach(e -> types.add(e.path("type").asText()));
    return types;
  }

  @Test
  void aCallWithTheRealtimeModelWritesTheCascadedCallsFilesAndEvents() throws Exception {
    String arguments =
        "{\"from\":\"Chicago\",\"to\":\"Boston\",\"date\":\"2026-12-11\",\"passengers\":1}";
    FakeRealtime realtime =
        new FakeRealtime(
            List.of("find me a flight from Chicago to Boston on Friday"),
            List.of(
                List.of(
                    new FakeReply.Say("Let me look.", 500),
                    new FakeReply.Call("call_1", "search_flights", arguments)),
                List.of(new FakeReply.Say("There are three flights on Friday.", 900))));
    Path out = tmp.resolve("out");
    try (FakeSpeechServer fake = realtime.listen(KEY)) {
      Run run =
          converse(
              Map.of("OPENAI_API_KEY", KEY),
              "--user",
              recording().toString(),
              "--out",
              out.toString(),
              "--agent",
              "openai-realtime:" + fake.uri() + "#gpt-realtime",
              "--tools",
              "demo",
              "--today",
              "2026-12-07",
              "--tail-seconds",
              "3");

      assertThat(run.exitCode()).as(run.err()).isZero();
      assertThat(run.err()).contains("runs live on the wall clock");
      assertThat(realtime.of("session.update")).hasSize(1);
      assertThat(realtime.of("conversation.item.create")).hasSize(1); // the search's one answer
      assertThat(realtime.of("response.create")).hasSize(2);
    }
    for (String file : List.of("call.wav", "timeline.json", "events.jsonl", "report.html")) {
      assertThat(out.resolve(file)).isNotEmptyFile();
    }
    JsonNode timeline = new ObjectMapper().readTree(out.resolve("timeline.json").toFile());
    assertThat(types(timeline))
        .contains(
            "user_speech_start",
            "user_speech_end",
            "user_turn_end",
            "latency_breakdown",
            "agent_speech_start",
            "tool_call_start",
            "tool_call_end",
            "agent_speech_end")
        .endsWith("session_end");
    assertThat(timeline.toString()).contains("three flights on Friday");
    assertThat(Files.readString(out.resolve("report.html"))).contains("search_flights");
  }

  @Test
  void delegatedTheModelSpeaksTheNamedAgentsAnswer() throws Exception {
    FakeRealtime realtime =
        new FakeRealtime(List.of("find me a flight from Chicago to Boston on Friday"), List.of());
    Path out = tmp.resolve("delegated");
    try (FakeSpeechServer fake = realtime.listen(KEY)) {
      Run run =
          converse(
              Map.of("OPENAI_API_KEY", KEY),
              "--user",
              recording().toString(),
              "--out",
              out.toString(),
              "--agent",
              "openai-realtime:" + fake.uri() + "#gpt-realtime",
              "--delegate",
              "echo",
              "--tail-seconds",
              "4");
      assertThat(run.exitCode()).as(run.err()).isZero();
      assertThat(realtime.of("session.update").getFirst().path("session").path("tools").size())
          .isZero();
      assertThat(realtime.of("response.create"))
          .singleElement()
          .satisfies(
              m ->
                  assertThat(m.path("response").path("instructions").asText())
                      .contains("Chicago to Boston"));
    }
    JsonNode timeline = new ObjectMapper().readTree(out.resolve("timeline.json").toFile());
    assertThat(types(timeline)).contains("user_turn_end", "agent_speech_start", "agent_speech_end");
  }

  @Test
  void aCallWithGeminiLiveWritesTheSameFilesAndEvents() throws Exception {
    String arguments =
        "{\"from\":\"Chicago\",\"to\":\"Boston\",\"date\":\"2026-12-11\",\"passengers\":1}";
    FakeGeminiLive live =
        new FakeGeminiLive(
            List.of("find me a flight from Chicago to Boston on Friday"),
            List.of(
                List.of(
                    new FakeReply.Say("Let me look.", 500),
                    new FakeReply.Call("call_1", "search_flights", arguments)),
                List.of(new FakeReply.Say("There are three flights on Friday.", 900))));
    Path out = tmp.resolve("gemini");
    try (FakeSpeechServer fake = live.listen(KEY)) {
      Run run =
          converse(
              Map.of("GEMINI_API_KEY", KEY),
              "--user",
              recording().toString(),
              "--out",
              out.toString(),
              "--agent",
              "gemini-live:" + fake.uri() + "#gemini-live-2.5-flash-preview",
              "--tools",
              "demo",
              "--today",
              "2026-12-07",
              "--tail-seconds",
              "3");

      assertThat(run.exitCode()).as(run.err()).isZero();
      assertThat(live.of("setup")).hasSize(1);
      assertThat(live.of("toolResponse")).hasSize(1); // the search's one answer
      assertThat(live.realtime("activityEnd")).hasSize(1);
    }
    JsonNode timeline = new ObjectMapper().readTree(out.resolve("timeline.json").toFile());
    assertThat(types(timeline))
        .contains(
            "user_speech_start",
            "user_turn_end",
            "latency_breakdown",
            "agent_speech_start",
            "tool_call_start",
            "tool_call_end",
            "agent_speech_end")
        .endsWith("session_end");
    assertThat(timeline.toString())
        .contains("three flights on Friday")
        .contains("find me a flight from Chicago to Boston on Friday");
  }

  @Test
  void delegatedGeminiLiveSpeaksTheNamedAgentsAnswer() throws Exception {
    FakeGeminiLive live =
        new FakeGeminiLive(List.of("find me a flight from Chicago to Boston on Friday"), List.of());
    Path out = tmp.resolve("gemini-delegated");
    try (FakeSpeechServer fake = live.listen(KEY)) {
      Run run =
          converse(
              Map.of("GEMINI_API_KEY", KEY),
              "--user",
              recording().toString(),
              "--out",
              out.toString(),
              "--agent",
              "gemini-live:" + fake.uri() + "#gemini-live-2.5-flash-preview",
              "--delegate",
              "echo",
              "--tail-seconds",
              "4");
      assertThat(run.exitCode()).as(run.err()).isZero();
      assertThat(live.of("setup").getFirst().path("setup").has("tools")).isFalse();
      assertThat(live.of("clientContent"))
          .anySatisfy(
              m ->
                  assertThat(m.toString()).contains("word for word").contains("Chicago to Boston"));
    }
    JsonNode timeline = new ObjectMapper().readTree(out.resolve("timeline.json").toFile());
    assertThat(types(timeline)).contains("user_turn_end", "agent_speech_start", "agent_speech_end");
  }

  @Test
  void aCallWithAMoshiServerRunsThroughTheSameSession() throws Exception {
    FakeMoshi moshi = new FakeMoshi(List.of(new FakeReply.Say("Hi, I can help with that.", 1000)));
    Path out = tmp.resolve("moshi");
    try (FakeSpeechServer fake = moshi.listen()) {
      Run run =
          converse(
              Map.of(),
              "--user",
              recording().toString(),
              "--out",
              out.toString(),
              "--agent",
              "moshi:" + fake.uri(),
              "--tail-seconds",
              "3");
      assertThat(run.exitCode()).as(run.err()).isZero();
    }
    JsonNode timeline = new ObjectMapper().readTree(out.resolve("timeline.json").toFile());
    assertThat(types(timeline))
        .contains("user_speech_start", "user_turn_end", "agent_speech_start", "agent_speech_end");
    assertThat(timeline.toString()).contains("Hi, I can help with that.");
  }

  @Test
  void aMissingKeyOrAMalformedModelIsAClearErrorAndWritesNothing() throws Exception {
    Path out = tmp.resolve("none");
    Run noKey =
        converse(
            Map.of(),
            "--user",
            recording().toString(),
            "--out",
            out.toString(),
            "--agent",
            "openai-realtime:wss://api.openai.com#gpt-realtime");
    assertThat(noKey.exitCode()).isNotZero();
    assertThat(noKey.err()).contains("OPENAI_API_KEY");
    Run noModel =
        converse(
            Map.of("OPENAI_API_KEY", KEY),
            "--user",
            recording().toString(),
            "--out",
            out.toString(),
            "--agent",
            "openai-realtime:wss://api.openai.com");
    assertThat(noModel.exitCode()).isNotZero();
    assertThat(noModel.err()).contains("openai-realtime:URL#MODEL");
    Run noGeminiKey =
        converse(
            Map.of("OPENAI_API_KEY", KEY),
            "--user",
            recording().toString(),
            "--out",
            out.toString(),
            "--agent",
            "gemini-live:wss://generativelanguage.googleapis.com#gemini-live-2.5-flash-preview");
    assertThat(noGeminiKey.exitCode()).isNotZero();
    assertThat(noGeminiKey.err()).contains("GEMINI_API_KEY");
    assertThat(out).doesNotExist();
  }
}
