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
import dev.parley.core.spi.Conversation;
import java.util.List;

/**
 * The agent of the engine suites: says the scenario's replies in order, one per user turn, the last
 * one again when they run out. It stands for any agent so that the engine's turn-taking is measured
 * apart from what an agent would say; what a model costs is charged as modelled latency instead.
 * Stateless apart from the scenario's replies; a new one per call.
 */
final class StandInAgent implements Agent {
  static final String DEFAULT_REPLY =
      "Sure, let me look into that for you and read you the options one by one.";

  private final List<String> replies;

  StandInAgent(List<String> replies) {
    this.replies = replies.isEmpty() ? List.of(DEFAULT_REPLY) : List.copyOf(replies);
  }

  @Override
  public String name() {
    return "stand-in";
  }

  @Override
  public void respond(Conversation conversation, Reply reply) {
    int userTurns = 0;
    for (Conversation.Turn turn : conversation.turns()) {
      if (turn instanceof Conversation.Turn.User) {
        userTurns++;
      }
    }
    reply.text(replies.get(Math.clamp(userTurns - 1, 0, replies.size() - 1)));
  }
}
