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
package dev.parley.agent.gguf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.core.spi.Conversation;
import dev.parley.core.spi.ProviderException;
import dev.parley.core.tool.Tool;
import dev.parley.core.tool.ToolContext;
import dev.parley.core.tool.ToolEffect;
import dev.parley.core.tool.ToolSchema;
import dev.parley.core.tool.ToolSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent on the real llama.cpp, with a generated tiny model whose random weights say nothing
 * meaningful: the tests check how text arrives, that grammar-constrained calls are well formed,
 * cancellation, and the prompt cache, never what is said.
 */
class GgufAgentTest {
  static final String SCHEMA =
      "{\"type\":\"object\",\"properties\":{"
          + "\"city\":{\"type\":\"string\",\"enum\":[\"Paris\",\"Rome\",\"Oslo\"]},"
          + "\"passengers\":{\"type\":\"integer\",\"minimum\":1,\"maximum\":9}},"
          + "\"required\":[\"city\",\"passengers\"],\"additionalProperties\":false}";

  static final Tool FLIGHTS =
      new Tool() {
        @Override
        public ToolSpec spec() {
          return new ToolSpec(
              "search_flights",
              "Finds flights to a city.",
              SCHEMA,
              ToolEffect.READ_ONLY,
              Duration.ofSeconds(5));
        }

        @Override
        public String invoke(String argumentsJson, ToolContext context) {
          return "{\"flights\":[\"PA 101 at 09:40\"]}";
        }
      };

  @TempDir static Path dir;
  static Path model;
  static GgufAgent agent;
  static final ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor();

  @BeforeAll
  static void load() throws IOException {
    model = TinyLlamaModel.write(dir.resolve("tiny.gguf"));
    agent =
        GgufAgent.open(
            GgufAgent.Config.of(model).withContextSize(2048).withMaxTokens(24).withSeed(11),
            List.of());
  }

  @AfterAll
  static void close() {
    agent.close();
    callers.shutdownNow();
  }

  static Conversation said(String text) {
    return new Conversation("s1", List.of(new Conversation.Turn.User(text)));
  }

  static void respond(GgufAgent agent, Conversation conversation, RecordingReply reply)
      throws Exception {
    Future<?> done =
        callers.submit(
            () -> {
              agent.respond(conversation, reply);
              return null;
            });
    try {
      done.get(60, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw (Exception) e.getCause();
    }
  }

  @Test
  void textStreamsTokenByTokenAndStopsAtTheLimit() throws Exception {
    RecordingReply reply = new RecordingReply();

    respond(agent, said("hello, can you help me book a flight?"), reply);

    assertThat(reply.deltas).hasSizeGreaterThan(1).hasSizeLessThanOrEqualTo(24);
    assertThat(reply.deltas).allSatisfy(delta -> assertThat(delta).isNotEmpty());
    // Without tools the output is speech only: it never opens a JSON object.
    assertThat(reply.text().strip()).doesNotStartWith("{");
    assertThat(reply.calls).isEmpty();
  }

  @Test
  void theNameNamesTheFile() {
    assertThat(agent.name()).isEqualTo("gguf:tiny.gguf");
    assertThat(agent.file().architecture()).isEqualTo("llama");
  }

  @Test
  void aRequiredToolCallIsWellFormedAndMatchesTheSchema() throws Exception {
    try (GgufAgent withTools =
        GgufAgent.open(
            GgufAgent.Config.of(model)
                .withContextSize(2048)
                .withMaxTokens(16)
                .withSeed(5)
                .withToolChoice(dev.parley.core.agent.ToolChoice.required())
                .withMaxToolRounds(1),
            List.of(FLIGHTS))) {
      for (int turn = 0; turn < 3; turn++) {
        RecordingReply reply = new RecordingReply(List.of(FLIGHTS));

        respond(withTools, said("find me a flight to Paris for two, turn " + turn), reply);

        assertThat(reply.calls).hasSize(1);
        assertThat(reply.calls.getFirst().name()).isEqualTo("search_flights");
        assertThat(
                ToolSchema.compile("search_flights", SCHEMA)
                    .violations(reply.calls.getFirst().argumentsJson()))
            .as("arguments %s", reply.calls.getFirst().argumentsJson())
            .isEmpty();
        // After the result the last round is speech, streamed as before.
        assertThat(reply.deltas).isNotEmpty().hasSizeLessThanOrEqualTo(16);
        assertThat(reply.text().strip()).doesNotStartWith("{");
      }
    }
  }

  @Test
  void withAutoChoiceEachReplyIsSpeechOrAValidCall() throws Exception {
    try (GgufAgent withTools =
        GgufAgent.open(
            GgufAgent.Config.of(model).withContextSize(2048).withMaxTokens(16).withSeed(9),
            List.of(FLIGHTS))) {
      for (int turn = 0; turn < 4; turn++) {
        RecordingReply reply = new RecordingReply(List.of(FLIGHTS));

        respond(withTools, said("flights to Oslo? turn " + turn), reply);

        for (var call : reply.calls) {
          assertThat(ToolSchema.compile("search_flights", SCHEMA).violations(call.argumentsJson()))
              .isEmpty();
        }
        assertThat(reply.text()).doesNotContain("\"tool\"");
      }
    }
  }

  @Test
  void theSystemPromptStaysCachedAcrossTurnsAndSessions() throws Exception {
    Path log = dir.resolve("llama.log");
    String system = "You are the travel desk of a small airline. ".repeat(40);
    try (GgufAgent cached =
        GgufAgent.open(
            GgufAgent.Config.of(model)
                .withContextSize(2048)
                .withMaxTokens(8)
                .withSeed(1)
                .withSystemPrompt(system)
                .withNativeLog(log),
            List.of())) {
      RecordingReply first = new RecordingReply();
      respond(cached, said("hello"), first);
      Conversation secondTurn =
          new Conversation(
              "s1",
              List.of(
                  new Conversation.Turn.User("hello"),
                  new Conversation.Turn.Agent(first.text(), first.text(), false),
                  new Conversation.Turn.User("a flight to Rome tomorrow")));
      respond(cached, secondTurn, new RecordingReply());
      respond(
          cached,
          new Conversation("s2", List.of(new Conversation.Turn.User("is the desk open?"))),
          new RecordingReply());

      List<NativeLog.Prompt> prompts = NativeLog.prompts(log, 3);
      NativeLog.Prompt cold = prompts.get(0);
      NativeLog.Prompt nextTurn = prompts.get(1);
      NativeLog.Prompt otherSession = prompts.get(2);
      assertThat(cold.evaluated()).isEqualTo(cold.total()).isGreaterThan(400);
      // The next turn evaluates only what follows the cached prefix (the last reply, re-rendered,
      // and the new user turn); everything the first turn evaluated is reused.
      assertThat(nextTurn.total()).isGreaterThan(cold.total());
      assertThat(nextTurn.total() - nextTurn.evaluated()).isGreaterThanOrEqualTo(cold.total() - 30);
      assertThat(nextTurn.evaluated()).isLessThan(nextTurn.total() / 10);
      // Another session shares the system prompt: that prefix stays cached too.
      assertThat(otherSession.total() - otherSession.evaluated())
          .isGreaterThanOrEqualTo(cold.total() - 30);
      assertThat(otherSession.evaluated()).isLessThan(otherSession.total() / 10);
    }
  }

  @Test
  void badFilesGiveOneClearErrorAndNoNativeCrash() throws IOException {
    byte[] bytes = TinyLlamaModel.bytes(7);
    Path truncated = Files.write(dir.resolve("cut.gguf"), Arrays.copyOf(bytes, bytes.length - 100));
    Path notGguf = Files.writeString(dir.resolve("model.gguf"), "<html>404 Not Found</html>");
    Path missing = dir.resolve("missing.gguf");

    for (Path bad : List.of(truncated, notGguf, missing)) {
      assertThatThrownBy(() -> GgufAgent.open(bad))
          .isInstanceOf(ProviderException.class)
          .hasMessageStartingWith("GGUF model " + bad + " ");
    }
    // The process and the loaded model are fine afterwards.
    RecordingReply reply = new RecordingReply();
    try {
      respond(agent, said("still there?"), reply);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
    assertThat(reply.deltas).isNotEmpty();
  }
}
