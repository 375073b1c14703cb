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

import dev.parley.core.event.SessionEvent;
import dev.parley.core.event.SessionEvent.AgentInterrupted;
import dev.parley.core.event.SessionEvent.AgentResumed;
import dev.parley.core.event.SessionEvent.AgentSpeechEnded;
import dev.parley.core.event.SessionEvent.AgentSpeechStarted;
import dev.parley.core.event.SessionEvent.InterruptionIgnored;
import dev.parley.core.event.SessionEvent.ServiceFailed;
import dev.parley.core.event.SessionEvent.SessionEnded;
import dev.parley.core.event.SessionEvent.ToolCallEnded;
import dev.parley.core.event.SessionEvent.ToolCallStarted;
import dev.parley.core.event.SessionEvent.UserSpeechEnded;
import dev.parley.core.event.SessionEvent.UserSpeechStarted;
import dev.parley.core.event.SessionEvent.UserTurnEagerEnd;
import dev.parley.core.event.SessionEvent.UserTurnEnded;
import dev.parley.core.event.SessionEvent.UserTurnResumed;
import dev.parley.core.event.SpeechKind;
import dev.parley.core.event.ToolStatus;
import java.util.List;

/**
 * A 13-second order-status call: a speculative lookup with a filler (turn 1 answered in 1400 ms),
 * the user cuts the answer off and corrects the address while the agent backchannels (turn 2, 300
 * ms), a cough that does not interrupt, and a goodbye the agent never answers because TTS fails.
 */
final class ScriptedCall {
  static final String TURN_1 = "Where's my order <#1234> & \"when\"?";
  static final String TURN_2 = "Actually, can you send it to Boston instead?";
  static final String TURN_3 = "Thanks, bye.";
  static final String ANSWER_1 = "Your order 1234 shipped yesterday and arrives on Friday by noon.";
  static final String HEARD_1 = "Your order 1234 shipped yesterday";
  static final long USER_AUDIO_MILLIS = 12_500;

  private ScriptedCall() {}

  static long ms(long millis) {
    return millis * 1_000_000L;
  }

  static List<SessionEvent> events() {
    return List.of(
        new UserSpeechStarted(ms(500)),
        new UserSpeechEnded(ms(2100)),
        new UserTurnEagerEnd(ms(2200), "Where's my order", 0.82),
        new ToolCallStarted(ms(2250), "c1", "lookup_order", "{\"order\":\"1234\"}", true),
        new UserTurnEnded(ms(2450), TURN_1),
        new AgentSpeechStarted(ms(2700), SpeechKind.FILLER, "One moment."),
        new AgentSpeechEnded(ms(3200), SpeechKind.FILLER, "One moment.", false),
        new ToolCallEnded(ms(3400), "c1", "lookup_order", ToolStatus.OK),
        new AgentSpeechStarted(ms(3500), SpeechKind.RESPONSE, ANSWER_1),
        new UserSpeechStarted(ms(5000)),
        new AgentInterrupted(ms(5300), HEARD_1),
        new AgentSpeechEnded(ms(5300), SpeechKind.RESPONSE, HEARD_1, true),
        new UserSpeechEnded(ms(6100)),
        new AgentSpeechStarted(ms(6250), SpeechKind.BACKCHANNEL, "mhm"),
        new UserTurnEagerEnd(ms(6400), "Actually, can you send it", 0.71),
        new AgentSpeechEnded(ms(6500), SpeechKind.BACKCHANNEL, "mhm", false),
        new UserSpeechStarted(ms(6600)),
        new UserTurnResumed(ms(6650)),
        new UserSpeechEnded(ms(7800)),
        new UserTurnEnded(ms(8000), TURN_2),
        new AgentSpeechStarted(
            ms(8100), SpeechKind.RESPONSE, "Sure, I'll send it to Boston, arriving Saturday."),
        new UserSpeechStarted(ms(8900)),
        new UserSpeechEnded(ms(9050)),
        new InterruptionIgnored(ms(9050), "cough: 150 ms, no words"),
        new AgentResumed(ms(9300)),
        new AgentSpeechEnded(
            ms(10_400),
            SpeechKind.RESPONSE,
            "Sure, I'll send it to Boston, arriving Saturday.",
            false),
        new UserSpeechStarted(ms(11_000)),
        new UserSpeechEnded(ms(12_000)),
        new UserTurnEnded(ms(12_300), TURN_3),
        new ServiceFailed(ms(12_500), "tts", "connection reset <503> & closed"),
        new SessionEnded(ms(13_000), "hangup"));
  }
}
