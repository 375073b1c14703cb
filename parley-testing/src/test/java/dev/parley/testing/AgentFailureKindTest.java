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
package dev.parley.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.event.SessionEvent;
import dev.parley.core.session.SessionConfig;
import dev.parley.core.spi.ProviderException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Issue 19: a provider failure reaches the session with its kind, and the kind decides what the
 * caller hears. A transient failure before the reply said or did anything is asked again once; any
 * other failure, or a second one, gives the apology.
 */
class AgentFailureKindTest {
  private static final SessionConfig CONFIG =
      SessionConfig.defaults().withSpeculation(new SessionConfig.Speculation(false));

  private static final ScriptedAudio SCRIPT =
      ScriptedAudio.builder().silence(300).say("book a flight", 900).build();

  /** An agent that fails with {@code kind} the first {@code failures} times it is asked. */
  private static FakeAgent failing(ProviderException.Kind kind, int failures) {
    int[] asked = {0};
    return FakeAgent.replying(
        said -> {
          if (asked[0]++ < failures) {
            throw new ProviderException(kind, "model busy");
          }
          return "Where to?";
        });
  }

  private static Timeline play(FakeAgent agent) {
    return EmbeddedSession.builder()
        .agent(agent)
        .config(CONFIG)
        .build(SCRIPT)
        .play(SCRIPT, Duration.ofSeconds(3));
  }

  private static List<String> spoken(Timeline timeline) {
    return timeline.all(SessionEvent.AgentSpeechStarted.class).stream()
        .map(SessionEvent.AgentSpeechStarted::text)
        .toList();
  }

  @Test
  void aTransientFailureIsAskedAgainAndTheCallerHearsTheAnswer() {
    Timeline timeline = play(failing(ProviderException.Kind.TRANSIENT, 1));

    assertThat(spoken(timeline)).containsExactly("Where to?");
    SessionEvent.ServiceFailed failed = timeline.all(SessionEvent.ServiceFailed.class).getFirst();
    assertThat(failed.component()).isEqualTo("agent");
    assertThat(failed.message()).isEqualTo("model busy (transient: asked again)");
  }

  @Test
  void aFatalFailureIsNotAskedAgainAndTheCallerHearsTheApology() {
    Timeline timeline = play(failing(ProviderException.Kind.FATAL, 1));

    assertThat(spoken(timeline)).containsExactly(CONFIG.apology());
    assertThat(timeline.all(SessionEvent.ServiceFailed.class))
        .extracting(SessionEvent.ServiceFailed::message)
        .containsExactly("model busy");
  }

  @Test
  void aSecondTransientFailureGivesTheApology() {
    Timeline timeline = play(failing(ProviderException.Kind.TRANSIENT, 2));

    assertThat(spoken(timeline)).containsExactly(CONFIG.apology());
    assertThat(timeline.all(SessionEvent.ServiceFailed.class))
        .extracting(SessionEvent.ServiceFailed::message)
        .containsExactly("model busy (transient: asked again)", "model busy");
  }
}
