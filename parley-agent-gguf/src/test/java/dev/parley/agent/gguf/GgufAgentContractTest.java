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

import dev.parley.core.agent.Greeting;
import dev.parley.core.agent.ToolChoice;
import dev.parley.core.spi.Agent;
import dev.parley.core.spi.Conversation;
import dev.parley.core.spi.ProviderException.Kind;
import dev.parley.core.tool.Tool;
import dev.parley.testing.AgentContract;
import dev.parley.testing.FakeReply;
import dev.parley.testing.ScriptedTurn;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent contract on the real llama.cpp with a generated tiny model ({@link TinyLlamaModel}),
 * which needs no download. Its random weights follow no script, so the cases that need a scripted
 * model are skipped, and the script only chooses the configuration: a first turn that calls a tool
 * makes the tool choice {@code required}, a stalling one a long token budget, an unavailable model
 * a closed agent.
 */
class GgufAgentContractTest extends AgentContract {
  @TempDir static Path dir;
  static Path model;

  @BeforeAll
  static void write() throws IOException {
    model = TinyLlamaModel.write(dir.resolve("tiny.gguf"));
  }

  @Override
  protected ModelUnderTest model() {
    List<GgufAgent> opened = new ArrayList<>();
    ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor();
    return new ModelUnderTest() {
      @Override
      public Agent agent(List<ScriptedTurn> script, List<Tool> tools, Greeting greeting) {
        GgufAgent.Config config =
            GgufAgent.Config.of(model).withContextSize(2048).withMaxTokens(24).withSeed(11);
        ScriptedTurn first = script.getFirst();
        if (first instanceof ScriptedTurn.Calls) {
          config = config.withToolChoice(ToolChoice.required()).withMaxToolRounds(1);
        } else if (first instanceof ScriptedTurn.Stalls) {
          config = config.withMaxTokens(1500);
        }
        GgufAgent agent = GgufAgent.open(config, tools);
        opened.add(agent);
        if (first instanceof ScriptedTurn.Fails(Kind kind)) {
          if (kind != Kind.UNAVAILABLE) {
            throw new IllegalArgumentException("a local model cannot be made to fail as " + kind);
          }
          agent.close(); // a model that is gone
        }
        return agent;
      }

      @Override
      public List<String> sent(int index) {
        throw new UnsupportedOperationException("llama.cpp's requests are not recorded");
      }

      @Override
      public int requests() {
        return 0;
      }

      @Override
      public boolean scripted() {
        return false;
      }

      @Override
      public boolean greets() {
        return false;
      }

      @Override
      public boolean notes() {
        return false;
      }

      /** The decoder gave up the abandoned reply if the agent answers the next one. */
      @Override
      public boolean awaitAbandoned(Duration timeout) throws InterruptedException {
        GgufAgent last = opened.getLast();
        FakeReply next = new FakeReply();
        Future<?> done =
            callers.submit(
                () -> {
                  last.respond(
                      new Conversation("s2", List.of(new Conversation.Turn.User("hello"))), next);
                  return null;
                });
        try {
          done.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
          return false;
        }
        return !next.deltas().isEmpty();
      }

      @Override
      public void close() {
        opened.forEach(GgufAgent::close);
        callers.shutdownNow();
      }
    };
  }
}
