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
