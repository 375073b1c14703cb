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

import static dev.parley.report.ScriptedCall.ms;
import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.event.SessionEvent;
import dev.parley.core.event.SessionEvent.AgentSpeechStarted;
import dev.parley.core.event.SessionEvent.UserSpeechEnded;
import dev.parley.core.event.SessionEvent.UserSpeechStarted;
import dev.parley.core.event.SessionEvent.UserTurnEnded;
import dev.parley.core.event.SpeechKind;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class TurnLatencyTest {
  @Test
  void scriptedCallMatchesHandComputedLatencies() {
    List<TurnLatency> turns = CallReport.turnLatencies(ScriptedCall.events());

    assertThat(turns)
        .containsExactly(
            // The filler at 2.70 s is not an answer: the response starts at 3.50 s.
            new TurnLatency(1, ms(2100), ms(3500), ScriptedCall.TURN_1),
            // Measured from the last speech end (7.80 s), not the pause at 6.10 s.
            new TurnLatency(2, ms(7800), ms(8100), ScriptedCall.TURN_2),
            new TurnLatency(3, ms(12_000), -1, ScriptedCall.TURN_3));
    assertThat(turns)
        .extracting(TurnLatency::latencyMillis)
        .containsExactly(OptionalLong.of(1400), OptionalLong.of(300), OptionalLong.empty());
    assertThat(turns).extracting(TurnLatency::answered).containsExactly(true, true, false);
  }

  @Test
  void aReplyThatComesOnlyAfterTheUserSpokeAgainAnswersTheLaterTurn() {
    List<SessionEvent> events =
        List.of(
            new UserSpeechStarted(ms(0)),
            new UserSpeechEnded(ms(1000)),
            new UserTurnEnded(ms(1200), "first"),
            new UserSpeechStarted(ms(1500)),
            new UserSpeechEnded(ms(2000)),
            new UserTurnEnded(ms(2200), "second"),
            new AgentSpeechStarted(ms(2600), SpeechKind.RESPONSE, "answer"));

    assertThat(CallReport.turnLatencies(events))
        .containsExactly(
            new TurnLatency(1, ms(1000), -1, "first"),
            new TurnLatency(2, ms(2000), ms(2600), "second"));
  }

  @Test
  void aTurnWithoutItsOwnSpeechEndIsMeasuredFromTheTurnEnd() {
    List<SessionEvent> events =
        List.of(
            new UserSpeechEnded(ms(1000)),
            new UserTurnEnded(ms(1100), "first"),
            new AgentSpeechStarted(ms(1500), SpeechKind.RESPONSE, "a"),
            new UserTurnEnded(ms(4000), "second, with no speech edge"),
            new AgentSpeechStarted(ms(4250), SpeechKind.RESPONSE, "b"));

    assertThat(CallReport.turnLatencies(events))
        .extracting(TurnLatency::userEndNanos)
        .containsExactly(ms(1000), ms(4000));
  }

  @Test
  void aSpeechEndDeliveredAfterTheTurnEndStillCountsByItsTime() {
    List<SessionEvent> events =
        List.of(
            new UserTurnEnded(ms(1300), "late edge"),
            new UserSpeechEnded(ms(1000)),
            new AgentSpeechStarted(ms(1600), SpeechKind.RESPONSE, "a"));

    assertThat(CallReport.turnLatencies(events))
        .containsExactly(new TurnLatency(1, ms(1000), ms(1600), "late edge"));
  }

  @Test
  void fillersAndBackchannelsNeverCountAsTheAnswer() {
    List<SessionEvent> events =
        List.of(
            new UserTurnEnded(ms(1000), "slow question"),
            new AgentSpeechStarted(ms(1100), SpeechKind.BACKCHANNEL, "mhm"),
            new AgentSpeechStarted(ms(1300), SpeechKind.FILLER, "One moment."));

    assertThat(CallReport.turnLatencies(events))
        .containsExactly(new TurnLatency(1, ms(1000), -1, "slow question"));
  }

  @Test
  void noEventsMeansNoTurns() {
    assertThat(CallReport.turnLatencies(List.of())).isEmpty();
  }

  @Test
  void theHumanBudgetHasInclusiveUpperBounds() {
    assertThat(LatencyBudget.of(0)).isEqualTo(LatencyBudget.GOOD);
    assertThat(LatencyBudget.of(400)).isEqualTo(LatencyBudget.GOOD);
    assertThat(LatencyBudget.of(401)).isEqualTo(LatencyBudget.SLOW);
    assertThat(LatencyBudget.of(1500)).isEqualTo(LatencyBudget.SLOW);
    assertThat(LatencyBudget.of(1501)).isEqualTo(LatencyBudget.DEAD);
  }
}
