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

import dev.parley.core.spi.Agent;

/**
 * Makes the agent under test for one benchmark call. The engine suites use the {@link
 * StandInAgent}; the tool suites (FDB-v3) need an agent with tools, whose latencies the scenario
 * sets.
 */
@FunctionalInterface
public interface AgentFactory {
  /** A fresh agent for one call of {@code scenario}. */
  Agent create(Scenario scenario);

  /** The stand-in agent that says each scenario's replies. */
  static AgentFactory standIn() {
    return scenario -> new StandInAgent(scenario.agentReplies());
  }
}
