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
