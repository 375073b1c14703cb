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
package dev.parley.report;

import java.util.OptionalLong;

/**
 * How long the agent took to answer one user turn: from the end of the user's last speech in the
 * turn to the first audio of the agent's response.
 *
 * @param turn the turn's number in the call, from 1
 * @param userEndNanos when the user's speech ended (the turn end itself if no speech end was seen)
 * @param agentStartNanos when the first audio of the response reached the caller, or {@code -1} if
 *     the agent never answered this turn
 * @param userText what the user said, as the turn ended
 */
public record TurnLatency(int turn, long userEndNanos, long agentStartNanos, String userText) {
  /** Whether the agent answered this turn. */
  public boolean answered() {
    return agentStartNanos >= 0;
  }

  /** The latency rounded to milliseconds, or empty if the agent never answered. */
  public OptionalLong latencyMillis() {
    return answered()
        ? OptionalLong.of(Math.round((agentStartNanos - userEndNanos) / 1e6))
        : OptionalLong.empty();
  }
}
