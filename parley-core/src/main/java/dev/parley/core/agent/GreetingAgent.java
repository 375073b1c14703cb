package dev.parley.core.agent;

import dev.parley.core.spi.Agent;
import dev.parley.core.spi.CallInfo;
import dev.parley.core.spi.Conversation;
import dev.parley.core.tool.Tool;
import dev.parley.core.tool.ToolCall;
import java.util.List;

/**
 * Another agent that opens every call with a fixed line ({@code serve --greeting TEXT}): the line
 * is spoken as the call connects, interruptible like any reply, and everything else is the wrapped
 * agent's. Thread-safe if the wrapped agent is.
 */
public final class GreetingAgent implements Agent {
  private final Agent agent;
  private final String greeting;

  /**
   * An agent that says {@code greeting} first, then is {@code agent}.
   *
   * @throws IllegalArgumentException if {@code greeting} is blank
   */
  public GreetingAgent(Agent agent, String greeting) {
    if (greeting.isBlank()) {
      throw new IllegalArgumentException("a greeting must say something");
    }
    this.agent = agent;
    this.greeting = greeting.strip();
  }

  @Override
  public String name() {
    return agent.name();
  }

  @Override
  public List<Tool> tools() {
    return agent.tools();
  }

  @Override
  public List<String> phraseHints() {
    return agent.phraseHints();
  }

  @Override
  public List<ToolCall> prefetch() {
    return agent.prefetch();
  }

  @Override
  public boolean greets() {
    return true;
  }

  @Override
  public void greet(CallInfo call, Reply reply) {
    reply.text(greeting);
  }

  @Override
  public void respond(Conversation conversation, Reply reply) throws InterruptedException {
    agent.respond(conversation, reply);
  }
}
