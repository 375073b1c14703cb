package dev.parley.core.agent;

import dev.parley.core.spi.Agent;
import dev.parley.core.spi.Conversation;

/** An agent that repeats the user's last turn: the simplest reply that proves the loop works. */
public final class EchoAgent implements Agent {
  @Override
  public String name() {
    return "echo";
  }

  @Override
  public void respond(Conversation conversation, Reply reply) {
    String said = conversation.lastUserText().strip();
    if (said.isEmpty()) {
      reply.text("I heard you, but I could not make out the words.");
    } else {
      reply.text("You said: " + said + ".");
    }
  }
}
