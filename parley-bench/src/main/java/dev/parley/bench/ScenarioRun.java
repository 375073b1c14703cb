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

import dev.parley.core.event.SessionEvent;
import java.util.BitSet;
import java.util.List;

/**
 * What happened in one benchmark call: the session's events, where the user really spoke and
 * paused, which 20 ms frames carried agent audio, and anything that kept the call from running as
 * written. Immutable.
 *
 * @param scenario the scenario run
 * @param config the configuration's name
 * @param events the session events, in the order they happened
 * @param spans where the user spoke and paused
 * @param agentAudioFrames the 20 ms frames (index = ms / 20) in which agent audio played
 * @param notes problems: an agent that never spoke, a call that failed
 * @param callMillis how long the call ran
 * @param readOnlyTools the agent's tools that only read, whose superseded calls are harmless
 */
public record ScenarioRun(
    Scenario scenario,
    String config,
    List<SessionEvent> events,
    List<SimulatedUser.Span> spans,
    BitSet agentAudioFrames,
    List<String> notes,
    long callMillis,
    java.util.Set<String> readOnlyTools) {

  public ScenarioRun {
    events = List.copyOf(events);
    spans = List.copyOf(spans);
    agentAudioFrames = (BitSet) agentAudioFrames.clone();
    notes = List.copyOf(notes);
    readOnlyTools = java.util.Set.copyOf(readOnlyTools);
  }

  /** Whether agent audio played in the 20 ms frame holding {@code millis}. */
  public boolean agentAudibleAt(long millis) {
    return millis >= 0 && agentAudioFrames.get((int) (millis / 20));
  }
}
