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
package dev.parley.agent.langchain4j;

import dev.parley.core.agent.Greeting;
import dev.parley.core.spi.Agent;
import dev.parley.core.tool.Tool;
import dev.parley.testing.AgentContract;
import dev.parley.testing.ScriptedTurn;
import java.time.Duration;
import java.util.List;

/** The agent contract, over a fake LangChain4j streaming chat model. */
class LangChain4jAgentContractTest extends AgentContract {
  @Override
  protected ModelUnderTest model() {
    FakeStreamingChatModel model = new FakeStreamingChatModel();
    return new ModelUnderTest() {
      @Override
      public Agent agent(List<ScriptedTurn> script, List<Tool> tools, Greeting greeting) {
        model.play(script);
        LangChain4jAgent.Builder b =
            LangChain4jAgent.builder(model).greeting(greeting).sleeper(wait -> {});
        tools.forEach(b::tool);
        return b.build();
      }

      @Override
      public List<String> sent(int index) {
        return FakeStreamingChatModel.lines(model.requests().get(index));
      }

      @Override
      public int requests() {
        return model.requests().size();
      }

      @Override
      public boolean awaitAbandoned(Duration timeout) throws InterruptedException {
        return model.awaitCancelled(timeout);
      }

      @Override
      public void close() {}
    };
  }
}
