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

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.event.SessionEvent;
import dev.parley.core.event.SpeechKind;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The tau-voice panel on hand-made call timelines: every number below is worked out by hand. */
class InteractionMetricsTest {
  private static final long MS = 1_000_000L;

  private static Scenario scenario(Suite suite, String text) throws ScenarioFormatException {
    return ScenarioParser.parse(suite, "x.scn", text).getFirst();
  }

  private static BitSet audio(long fromMillis, long toMillis) {
    BitSet frames = new BitSet();
    frames.set((int) (fromMillis / 20), (int) (toMillis / 20));
    return frames;
  }

  private static SimulatedUser.Span speech(long from, long to, boolean overAgent) {
    return new SimulatedUser.Span(SimulatedUser.Span.Kind.SPEECH, from, to, "words", overAgent);
  }

  private static List<SessionEvent> reply(long from, long to) {
    return List.of(
        new SessionEvent.AgentSpeechStarted(from * MS, SpeechKind.RESPONSE, "an answer"),
        new SessionEvent.AgentSpeechEnded(to * MS, SpeechKind.RESPONSE, "an answer", false));
  }

  @Test
  void anAnsweredTurnHasItsResponseLatency() throws ScenarioFormatException {
    Scenario s = scenario(Suite.SMOOTH_TURN_TAKING, "scenario a\n  say \"Yes.\"\n  expect take\n");
    ScenarioRun run =
        new ScenarioRun(
            s,
            "default",
            reply(1400, 3000),
            List.of(speech(0, 1000, false)),
            audio(1400, 3000),
            List.of(),
            5000,
            Set.of());
    InteractionMetrics.Events e = InteractionMetrics.of(run);
    assertThat(e.userTurns()).isEqualTo(1);
    assertThat(e.eligibleTurns()).isEqualTo(1);
    assertThat(e.responseLatencies()).containsExactly(400L);
    assertThat(e.agentInterruptions()).isZero();
  }

  @Test
  void anInterruptionYieldsWhenTheAgentFallsSilentForATick() throws ScenarioFormatException {
    Scenario s =
        scenario(
            Suite.USER_INTERRUPTION,
            "scenario u\n  say \"What now?\"\n  after agent 500\n  say \"Stop.\"\n  expect stop\n");
    ScenarioRun run =
        new ScenarioRun(
            s,
            "default",
            reply(1400, 2160),
            List.of(speech(0, 1000, false), speech(2000, 2400, true)),
            audio(1400, 2160),
            List.of(),
            6000,
            Set.of());
    InteractionMetrics.Events e = InteractionMetrics.of(run);
    assertThat(e.interruptions()).isEqualTo(1);
    assertThat(e.yieldLatencies()).containsExactly(160L);
  }

  @Test
  void aPauseUnderABackchannelCountsAsYieldingAndTalkingThroughDoesNot()
      throws ScenarioFormatException {
    Scenario s =
        scenario(
            Suite.BACKCHANNEL,
            "scenario b\n  say \"Tell me.\"\n  after agent 500\n  say \"mhm\"\n  expect keep\n");
    BitSet paused = audio(1400, 6000);
    paused.clear(2000 / 20, 2500 / 20); // held still for half a second, then resumed
    ScenarioRun pausing =
        new ScenarioRun(
            s,
            "default",
            reply(1400, 6000),
            List.of(speech(0, 1000, false), speech(2000, 2300, true)),
            paused,
            List.of(),
            7000,
            Set.of());
    ScenarioRun through =
        new ScenarioRun(
            s,
            "default",
            reply(1400, 6000),
            List.of(speech(0, 1000, false), speech(2000, 2300, true)),
            audio(1400, 6000),
            List.of(),
            7000,
            Set.of());
    assertThat(InteractionMetrics.of(pausing).backchannelErrors()).isEqualTo(1);
    assertThat(InteractionMetrics.of(through).backchannelErrors()).isZero();
    assertThat(InteractionMetrics.of(through).backchannels()).isEqualTo(1);
    assertThat(InteractionMetrics.of(through).interruptions()).isZero();
  }

  @Test
  void aReplyStartingInsideTheUsersSpeechIsAnAgentInterruption() throws ScenarioFormatException {
    Scenario s = scenario(Suite.SMOOTH_TURN_TAKING, "scenario a\n  say \"Yes.\"\n  expect take\n");
    ScenarioRun run =
        new ScenarioRun(
            s,
            "default",
            reply(800, 3000),
            List.of(speech(0, 1000, false)),
            audio(800, 3000),
            List.of(),
            5000,
            Set.of());
    Map<String, Number> m =
        InteractionMetrics.aggregate(List.of(new Verdict(run, true, true, List.of(), Map.of())));
    assertThat(m.get("tau_agent_interruption_rate")).isEqualTo(1.0);
  }
}
