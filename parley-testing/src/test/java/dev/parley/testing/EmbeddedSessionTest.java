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

import static dev.parley.testing.TimelineAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.event.SessionEvent;
import dev.parley.core.session.ModelledLatency;
import dev.parley.core.session.SessionConfig;
import dev.parley.core.spi.Conversation;
import dev.parley.core.spi.ProviderException;
import java.time.Duration;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class EmbeddedSessionTest {

  private static ScriptedAudio thirtySecondCall() {
    ScriptedAudio.Builder script = ScriptedAudio.builder().silence(400);
    String[] turns = {
      "I would like to book a flight",
      "from Chicago to Boston",
      "on October seventh in the morning",
      "two passengers please",
      "yes that is right",
    };
    for (String turn : turns) {
      script.say(turn, 1800).silence(4200);
    }
    return script.build();
  }

  @Nested
  class Determinism {
    @Test
    void aThirtySecondCallGivesTheSameTimelineOnEveryRun() {
      ScriptedAudio script = thirtySecondCall();
      assertThat(script.durationMillis()).isEqualTo(30_400);
      String first = run(script);
      String second = run(script);
      assertThat(second).isEqualTo(first);
      assertThat(first.lines().filter(l -> l.contains("user_turn_end")).count()).isEqualTo(5);
    }

    private String run(ScriptedAudio script) {
      return EmbeddedSession.builder()
          .agent(FakeAgent.replying(said -> "Sure."))
          .latency(ModelledLatency.none().with("agent", 180).with("tts", 40))
          .build(script)
          .play(script, Duration.ofSeconds(2))
          .toString();
    }
  }

  @Nested
  class TakingTurns {
    @Test
    void theAgentAnswersWhatTheUserSaidAfterTheyFinish() {
      ScriptedAudio script =
          ScriptedAudio.builder().silence(300).say("fly to Boston", 1200).build();
      FakeAgent agent = FakeAgent.replying(said -> "Boston it is.");
      Timeline timeline =
          EmbeddedSession.builder().agent(agent).build(script).play(script, Duration.ofSeconds(3));

      assertThat(timeline)
          .hasInOrder(
              "user_speech_start",
              "user_turn_eager_end", // as soon as the words are in and the user has gone quiet
              "user_speech_end",
              "user_turn_end",
              "agent_speech_start",
              "agent_speech_end")
          .firstAtMillisBetween("user_speech_start", 300, 300)
          .firstAtMillisBetween("user_speech_end", 1500, 1500);
      assertThat(timeline.all(SessionEvent.UserTurnEnded.class).getFirst().text())
          .isEqualTo("fly to Boston");
      assertThat(agent.conversations().getFirst().lastUserText()).isEqualTo("fly to Boston");
    }

    @Test
    void modelledLatencyDelaysTheAgentsFirstAudio() {
      ScriptedAudio script = ScriptedAudio.builder().silence(300).say("hello there", 1000).build();
      SessionConfig noPacing =
          SessionConfig.defaults()
              .withPacingMillis(0)
              .withSpeculation(new SessionConfig.Speculation(false));
      Timeline quick =
          EmbeddedSession.builder()
              .config(noPacing)
              .build(script)
              .play(script, Duration.ofSeconds(3));
      Timeline slow =
          EmbeddedSession.builder()
              .config(noPacing)
              .latency(ModelledLatency.none().with("agent", 300).with("tts", 100))
              .build(script)
              .play(script, Duration.ofSeconds(3));
      long quickStart = quick.all(SessionEvent.AgentSpeechStarted.class).getFirst().atNanos();
      long slowStart = slow.all(SessionEvent.AgentSpeechStarted.class).getFirst().atNanos();
      assertThat(slowStart - quickStart).isBetween(400_000_000L, 420_000_000L);
    }

    @Test
    void aConfidentTurnDetectorEndsTheTurnSooner() {
      ScriptedAudio script = ScriptedAudio.builder().silence(300).say("my number is", 1000).build();
      Timeline unsure =
          EmbeddedSession.builder()
              .turnDetector(new FakeTurnDetector(turn -> 0.0))
              .build(script)
              .play(script, Duration.ofSeconds(3));
      Timeline sure =
          EmbeddedSession.builder()
              .turnDetector(new FakeTurnDetector(turn -> 1.0))
              .build(script)
              .play(script, Duration.ofSeconds(3));
      // Silence from 1.3 s; the words alone ("...is") would wait about 2 s.
      assertThat(unsure).firstAtMillisBetween("user_turn_end", 3700, 4400);
      assertThat(sure).firstAtMillisBetween("user_turn_end", 1500, 1560);
    }

    @Test
    void theTurnDetectorSeesTheTurnsAudioAndWords() {
      ScriptedAudio script = ScriptedAudio.builder().silence(300).say("my number is", 1000).build();
      java.util.List<dev.parley.core.spi.TurnSnapshot> seen = new java.util.ArrayList<>();
      EmbeddedSession.builder()
          .turnDetector(
              new FakeTurnDetector(
                  turn -> {
                    seen.add(turn);
                    return 0.5;
                  }))
          .build(script)
          .play(script, Duration.ofSeconds(2));
      assertThat(seen).hasSize(1);
      assertThat(seen.getFirst().transcript()).isEqualTo("my number is");
      assertThat(seen.getFirst().audio().length).isEqualTo(1500 * 16);
    }

    @Test
    void speakingAgainBeforeTheReplyIsHeardContinuesTheTurn() {
      ScriptedAudio script =
          ScriptedAudio.builder()
              .silence(300)
              .say("to New York", 900)
              .silence(700)
              .say("actually Boston", 900)
              .build();
      FakeAgent agent = FakeAgent.replying(said -> "Booking " + said + ".");
      Timeline timeline =
          EmbeddedSession.builder()
              .agent(agent)
              .latency(ModelledLatency.none().with("agent", 600))
              .build(script)
              .play(script, Duration.ofSeconds(3));

      assertThat(timeline).hasInOrder("user_turn_end", "user_turn_resumed", "user_turn_end");
      // A speculative reply may already have started, 40 ms before the user went on: it is cut.
      assertThat(timeline.all(SessionEvent.AgentSpeechEnded.class).getFirst().text()).isEmpty();
      assertThat(timeline.all(SessionEvent.UserTurnEnded.class).getLast().text())
          .isEqualTo("to New York actually Boston");
      assertThat(timeline.all(SessionEvent.AgentSpeechEnded.class).getLast().text())
          .isEqualTo("Booking to New York actually Boston.");
    }
  }

  @Nested
  class Interruptions {
    private final ScriptedAudio interrupting =
        ScriptedAudio.builder()
            .silence(300)
            .say("tell me everything", 1000)
            .silence(1500)
            .say("stop right there", 900)
            .build();

    @Test
    void sustainedSpeechInterruptsTheAgent() {
      FakeAgent agent =
          FakeAgent.replying(said -> "one two three four five six seven eight nine ten eleven");
      EmbeddedSession session = EmbeddedSession.builder().agent(agent).build(interrupting);
      Timeline timeline = session.play(interrupting, Duration.ofSeconds(3));

      // The agent starts at 1.7 s (400 ms pacing) and pauses when the user's speech is confirmed
      // at 2.9 s; "stop" is recognised 100 ms after it ends, at 3.16 s, and stops it for good.
      assertThat(timeline)
          .hasInOrder("agent_speech_start", "user_speech_start", "agent_interrupted")
          .firstAtMillisBetween("agent_interrupted", 3160, 3160);
      SessionEvent.AgentInterrupted interrupted =
          timeline.all(SessionEvent.AgentInterrupted.class).getFirst();
      assertThat(interrupted.heardText()).isEqualTo("one two three four");
      Conversation next = agent.conversations().getLast();
      assertThat(next.turns().get(1))
          .isEqualTo(
              new Conversation.Turn.Agent(
                  "one two three four five six seven eight nine ten eleven",
                  "one two three four",
                  true));
      assertThat(next.lastUserText()).isEqualTo("stop right there");
    }

    @Test
    void theAgentIsSilentFromTheMomentItIsInterrupted() {
      FakeAgent agent =
          FakeAgent.replying(said -> "one two three four five six seven eight nine ten");
      EmbeddedSession session = EmbeddedSession.builder().agent(agent).build(interrupting);
      session.play(interrupting, Duration.ofMillis(200));
      short[] played = session.agentAudio();
      int from = 2920 * 16; // paused when the onset is confirmed; the frame in flight plays out
      int to = (3000 + 900) * 16;
      for (int i = from; i < to; i++) {
        assertThat(played[i]).as("agent sample %d", i).isZero();
      }
      assertThat(played[2500 * 16 + 5]).isNotZero();
    }

    @Test
    void aShortSoundUnderAgentSpeechDoesNotInterrupt() {
      ScriptedAudio script =
          ScriptedAudio.builder()
              .silence(300)
              .say("tell me everything", 1000)
              .silence(1500)
              .noise(140)
              .silence(3000)
              .build();
      Timeline timeline =
          EmbeddedSession.builder()
              .agent(FakeAgent.saying("one two three four five six seven eight nine ten"))
              .build(script)
              .play(script, Duration.ofSeconds(1));
      assertThat(timeline)
          .hasNo("agent_interrupted")
          .has("interruption_ignored")
          .hasCount("agent_speech_end", 1);
      assertThat(timeline.all(SessionEvent.AgentSpeechEnded.class).getFirst().interrupted())
          .isFalse();
    }
  }

  @Nested
  class Context {
    @Test
    void afterTheAgentAsksForANumberTheCallerMayPauseBetweenDigits() {
      ScriptedAudio script =
          ScriptedAudio.builder()
              .silence(300)
              .say("I need to check my booking", 1500)
              .silence(3000)
              .say("four four seven", 1200)
              .silence(1400)
              .say("two nine one", 1200)
              .silence(3000)
              .build();
      FakeAgent agent =
          FakeAgent.replying(
              said -> said.startsWith("I need") ? "Sure. What's your booking number?" : "Thanks.");
      Timeline timeline =
          EmbeddedSession.builder().agent(agent).build(script).play(script, Duration.ofSeconds(1));
      assertThat(timeline.all(SessionEvent.UserTurnEnded.class))
          .extracting(SessionEvent.UserTurnEnded::text)
          .containsExactly("I need to check my booking", "four four seven two nine one");
    }

    @Test
    void withoutTheQuestionTheSamePauseEndsTheTurn() {
      ScriptedAudio script =
          ScriptedAudio.builder()
              .silence(300)
              .say("I need to check my booking", 1500)
              .silence(3000)
              .say("four four seven", 1200)
              .silence(1400)
              .say("two nine one", 1200)
              .silence(3000)
              .build();
      Timeline timeline =
          EmbeddedSession.builder()
              .agent(FakeAgent.saying("Sure."))
              .build(script)
              .play(script, Duration.ofSeconds(1));
      assertThat(timeline.all(SessionEvent.UserTurnEnded.class)).hasSize(3);
    }
  }

  @Nested
  class Idle {
    @Test
    void aQuietUserIsAskedIfTheyAreStillThereThenTheCallCanEnd() {
      ScriptedAudio script = ScriptedAudio.builder().silence(300).say("hello", 600).build();
      SessionConfig config =
          SessionConfig.defaults()
              .withIdle(new SessionConfig.Idle(3000, 2, "Are you still there?", true));
      Timeline timeline =
          EmbeddedSession.builder()
              .config(config)
              .agent(FakeAgent.saying("Hi."))
              .maxTailMillis(20_000)
              .build(script)
              .play(script, Duration.ofSeconds(20));
      assertThat(timeline.all(SessionEvent.AgentSpeechStarted.class))
          .extracting(SessionEvent.AgentSpeechStarted::text)
          .containsExactly("Hi.", "Are you still there?", "Are you still there?");
      assertThat(timeline.all(SessionEvent.SessionEnded.class))
          .extracting(SessionEvent.SessionEnded::reason)
          .containsExactly("user idle");
    }
  }

  @Nested
  class Tools {
    @Test
    void toolCallsReachTheTimeline() {
      ScriptedAudio script = ScriptedAudio.builder().silence(300).say("find flights", 900).build();
      Timeline timeline =
          EmbeddedSession.builder()
              .agent(FakeAgent.saying("Found two.").withTool("search_flights"))
              .build(script)
              .play(script, Duration.ofSeconds(2));
      // A read-only tool runs speculatively, on the eager end of turn.
      assertThat(timeline)
          .hasInOrder(
              "user_turn_eager_end",
              "tool_call_start",
              "tool_call_end",
              "user_turn_end",
              "agent_speech_start");
      SessionEvent.ToolCallStarted call =
          timeline.all(SessionEvent.ToolCallStarted.class).getFirst();
      assertThat(call.argumentsJson()).isEqualTo("{\"query\":\"find flights\"}");
      assertThat(call.speculative()).isTrue();
    }
  }

  @Nested
  class Failures {
    @Test
    void aFailingAgentIsReportedAndTheCallGoesOn() {
      ScriptedAudio script =
          ScriptedAudio.builder()
              .silence(300)
              .say("first", 600)
              .silence(2000)
              .say("second", 600)
              .build();
      int[] calls = {0};
      FakeAgent agent =
          FakeAgent.replying(
              said -> {
                if (calls[0]++ == 0) {
                  throw new ProviderException(ProviderException.Kind.UNAVAILABLE, "model is down");
                }
                return "Back again.";
              });
      Timeline timeline =
          EmbeddedSession.builder().agent(agent).build(script).play(script, Duration.ofSeconds(3));
      // The first reply starts speculatively, fails, and its apology is heard once the turn ends.
      assertThat(timeline)
          .hasInOrder(
              "service_failed",
              "user_turn_end",
              "agent_speech_start",
              "user_turn_end",
              "agent_speech_start");
      SessionEvent.ServiceFailed failed = timeline.all(SessionEvent.ServiceFailed.class).getFirst();
      assertThat(failed.component()).isEqualTo("agent");
      assertThat(failed.message()).isEqualTo("model is down");
    }

    @Test
    void aFailingTurnDetectorIsReportedAndTurnsEndOnTheOtherCues() {
      ScriptedAudio script =
          ScriptedAudio.builder().silence(300).say("book it please", 900).build();
      Timeline timeline =
          EmbeddedSession.builder()
              .turnDetector(
                  new FakeTurnDetector(
                      turn -> {
                        throw new ProviderException(ProviderException.Kind.FATAL, "model crashed");
                      }))
              .build(script)
              .play(script, Duration.ofSeconds(2));
      assertThat(timeline).has("service_failed").hasInOrder("user_turn_end", "agent_speech_start");
    }

    @Test
    void aFailingVadIsReportedOnceAndTheCallStaysUp() {
      ScriptedAudio script = ScriptedAudio.builder().silence(300).say("hello", 600).build();
      dev.parley.core.spi.VoiceActivityDetector broken =
          new dev.parley.core.spi.VoiceActivityDetector() {
            @Override
            public String name() {
              return "broken";
            }

            @Override
            public int windowSamples() {
              return 320;
            }

            @Override
            public Stream open() {
              return new Stream() {
                @Override
                public float speechProbability(short[] samples, int offset) {
                  throw new ProviderException(ProviderException.Kind.FATAL, "vad crashed");
                }

                @Override
                public void reset() {}

                @Override
                public void close() {}
              };
            }
          };
      Timeline timeline =
          EmbeddedSession.builder().vad(broken).build(script).play(script, Duration.ofSeconds(1));
      assertThat(timeline).hasCount("service_failed", 1);
    }

    @Test
    void aListenerThatThrowsDoesNotEndTheCall() {
      ScriptedAudio script = ScriptedAudio.builder().silence(300).say("hello", 600).build();
      EmbeddedSession session = EmbeddedSession.builder().build(script);
      Timeline timeline = session.play(script, Duration.ofSeconds(2));
      assertThat(timeline).has("agent_speech_end");
    }
  }
}
