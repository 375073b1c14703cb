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

import dev.parley.core.event.SessionEvent;
import dev.parley.core.event.SpeechKind;
import dev.parley.core.session.SessionConfig;
import dev.parley.core.spi.Conversation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Scenarios of conversational behaviour written from the user's side — thinking pauses, complete
 * answers, backchannels and real barge-ins under agent speech, coughs, the agent's own echo — run
 * through an {@link EmbeddedSession} under one {@link SessionConfig}, with the measures of
 * Full-Duplex-Bench: how often the agent takes the turn in a pause, how fast it answers a finished
 * turn, how often a backchannel stops it, how fast and how surely a real interruption does.
 *
 * <p>Scripted audio with an oracle transcript isolates the engine from speech recognition. Every
 * run of a scenario gives the same timeline.
 */
public final class ConversationSuite {
  private static final long MS = 1_000_000L;

  /** The agent's reply: 20 words of 250 ms, five seconds of speech to interrupt or backchannel. */
  private static final String LONG_REPLY =
      "Let me read you the options one by one so you can pick the flight that suits you best today";

  private ConversationSuite() {}

  /** The measures of one configuration over the suite. */
  public record Result(
      int pauseScenarios,
      double pauseTakeOverRate,
      int smoothScenarios,
      double turnTakeRate,
      long turnEndDecisionMillisP50,
      long firstAudioMillisP50,
      long firstAudioMillisP90,
      int backchannelScenarios,
      double backchannelFalseStopRate,
      int interruptionScenarios,
      double interruptionStopRate,
      long interruptionPauseMillisP50,
      long interruptionPauseMillisMax,
      double heardTextWithinOneWordRate,
      int noiseScenarios,
      double noiseFalseStopRate,
      int echoScenarios,
      double echoFalseStopRate,
      int monologueScenarios,
      int agentBackchannels,
      long agentBackchannelOverlapMillis,
      double monologueTakeOverRate) {

    /** One line per measure, for logs and the README. */
    public String table(String name) {
      return String.format(
          Locale.ROOT,
          """
          %s
            pause take-over rate         %.3f  (%d scenarios)
            turn-take rate               %.3f  (%d scenarios)
            turn-end decision p50        %d ms
            first agent audio p50 / p90  %d / %d ms
            backchannel false-stop rate  %.3f  (%d scenarios)
            interruption stop rate       %.3f  (%d scenarios)
            interruption pause p50 / max %d / %d ms
            heard text within one word   %.3f
            noise false-stop rate        %.3f  (%d scenarios)
            echo false-stop rate         %.3f  (%d scenarios)
            agent backchannels           %d in %d monologues, %d ms over the user
            monologue take-over rate     %.3f
          """,
          name,
          pauseTakeOverRate,
          pauseScenarios,
          turnTakeRate,
          smoothScenarios,
          turnEndDecisionMillisP50,
          firstAudioMillisP50,
          firstAudioMillisP90,
          backchannelFalseStopRate,
          backchannelScenarios,
          interruptionStopRate,
          interruptionScenarios,
          interruptionPauseMillisP50,
          interruptionPauseMillisMax,
          heardTextWithinOneWordRate,
          noiseFalseStopRate,
          noiseScenarios,
          echoFalseStopRate,
          echoScenarios,
          agentBackchannels,
          monologueScenarios,
          agentBackchannelOverlapMillis,
          monologueTakeOverRate);
    }
  }

  /** Runs every scenario under {@code config}. */
  public static Result run(SessionConfig config) {
    // Pause handling: the user stops mid-thought; the agent must wait.
    String[][] pauses = {
      {"I want to book a flight to", "Denver"},
      {"I'd like to fly from Chicago and", "then on to Boston"},
      {"can you check my booking for", "next Tuesday"},
      {"the passenger name is um", "Maria Lopez"},
      {"I need a seat with", "extra legroom"},
      {"we are travelling with two kids and", "a dog"},
      {"put me on the flight that leaves at", "nine"},
      {"actually I was thinking of uh", "Seattle instead"},
      {"my email is", "maria at example dot com"},
      {"the best day for me would be", "Friday"},
      {"I want the cheapest one but", "not too early"},
      {"so", "what are my options"},
      {"could you book the", "window seat"},
      {"let me think um", "the second one"},
      {"I'm flying out of", "Newark"},
      {"and I need to be back by", "Sunday night"},
      {"is there anything on", "Thursday"},
      {"my frequent flyer number is", "four four seven two"},
      {"the trip is for", "three people"},
      {"I was hoping to leave in the", "afternoon"},
    };
    long[] pauseMillis = {700, 900, 1100, 1300, 1500};
    int tookOver = 0;
    for (int i = 0; i < pauses.length; i++) {
      long pause = pauseMillis[i % pauseMillis.length];
      long firstMillis = 250L * words(pauses[i][0]);
      ScriptedAudio script =
          ScriptedAudio.builder()
              .silence(300)
              .say(pauses[i][0], firstMillis)
              .silence(pause)
              .say(pauses[i][1], 250L * words(pauses[i][1]))
              .silence(3000)
              .build();
      Timeline t = play(config, script, FakeAgent.saying("Okay, noted."), Duration.ofSeconds(1));
      long pauseStart = 300 + firstMillis;
      long pauseEnd = pauseStart + pause;
      for (SessionEvent.AgentSpeechStarted start : t.all(SessionEvent.AgentSpeechStarted.class)) {
        long at = start.atNanos() / MS;
        if (start.kind() == SpeechKind.RESPONSE && at >= pauseStart && at < pauseEnd + 100) {
          tookOver++;
          break;
        }
      }
    }

    // Smooth turn-taking: complete turns; the agent should answer, and soon.
    String[] complete = {
      "book a flight to Boston please",
      "yes",
      "no thanks",
      "two passengers",
      "that is all thank you",
      "Boston",
      "next Friday in the morning",
      "what time does it land",
      "I want the window seat",
      "the first one sounds good",
      "can you repeat the price",
      "yes that is right",
      "okay",
      "cancel my booking",
      "how much is it",
      "I'll take the nine o'clock flight",
      "sure",
      "I need to change my flight",
      "please book it",
      "that works for me",
    };
    List<Long> decisions = new ArrayList<>();
    List<Long> firstAudio = new ArrayList<>();
    int answered = 0;
    for (String said : complete) {
      long speech = 250L * words(said);
      ScriptedAudio script =
          ScriptedAudio.builder().silence(300).say(said, speech).silence(3000).build();
      Timeline t = play(config, script, FakeAgent.saying("Sure."), Duration.ofSeconds(1));
      long end = 300 + speech;
      var turnEnds = t.all(SessionEvent.UserTurnEnded.class);
      var starts = t.all(SessionEvent.AgentSpeechStarted.class);
      if (!turnEnds.isEmpty()) {
        decisions.add(turnEnds.getFirst().atNanos() / MS - end);
      }
      if (!starts.isEmpty()) {
        answered++;
        firstAudio.add(starts.getFirst().atNanos() / MS - end);
      }
    }

    // Backchannels, noise and echo under a long reply: the agent must carry on.
    String[] backchannels = {
      "mhm", "uh-huh", "right", "okay", "yeah", "got it", "sure", "mm-hmm", "I see", "yep"
    };
    long[] offsets = {600, 2200};
    int backchannelRuns = 0;
    int backchannelStops = 0;
    for (String bc : backchannels) {
      for (long offset : offsets) {
        backchannelRuns++;
        if (overlap(config, bc, offset, 200L + 150L * words(bc), 0, 0).stopped()) {
          backchannelStops++;
        }
      }
    }
    int noiseRuns = 0;
    int noiseStops = 0;
    for (long burst : new long[] {120, 180, 240, 300}) {
      for (long offset : new long[] {500, 1200, 1900, 2600, 3300}) {
        noiseRuns++;
        if (overlap(config, null, offset, burst, 0, 0).stopped()) {
          noiseStops++;
        }
      }
    }
    int echoRuns = 0;
    int echoStops = 0;
    SessionConfig rawInput = config.withEcho(new SessionConfig.Echo(false, config.echo().gateDb()));
    boolean gates = !config.bargeIn().interruptOnAnyOnset();
    for (double gain : new double[] {0.1, 0.2, 0.3, 0.4}) {
      for (long delay : new long[] {20, 60, 100, 150, 200}) {
        echoRuns++;
        if (overlap(gates ? rawInput : config, "", 0, 0, gain, delay).stopped()) {
          echoStops++;
        }
      }
    }

    // Real interruptions: the agent must stop, fast, and remember what was heard.
    String[] interruptions = {
      "wait",
      "stop",
      "hold on",
      "actually make it Boston",
      "no no that's wrong",
      "sorry can I ask something",
      "can you repeat that",
      "I want the second one",
      "excuse me",
      "hang on a second",
    };
    int interruptRuns = 0;
    int stops = 0;
    int heardRight = 0;
    List<Long> pauseLatencies = new ArrayList<>();
    for (String said : interruptions) {
      for (long offset : new long[] {900, 2700}) {
        interruptRuns++;
        Outcome o = overlap(config, said, offset, 250L * words(said) + 100, 0, 0);
        if (o.stopped) {
          stops++;
        }
        if (o.pauseMillis >= 0) {
          pauseLatencies.add(o.pauseMillis);
        }
        if (o.heardWithinOneWord) {
          heardRight++;
        }
      }
    }

    // Monologues: the user talks at length with short pauses mid-thought; the agent may say
    // "mhm" in a pause but must never talk over them or take the turn.
    String[] pieces = {
      "so last year we flew to Denver and", "the connection in Chicago was a mess so",
      "this time I want something direct but", "not too early in the morning because",
    };
    int monologues = 20;
    int agentBackchannels = 0;
    long overlap = 0;
    int monologueTakeOvers = 0;
    for (int m = 0; m < monologues; m++) {
      ScriptedAudio.Builder b = ScriptedAudio.builder().silence(300);
      List<long[]> speech = new ArrayList<>();
      long at = 300;
      for (int i = 0; i < pieces.length; i++) {
        long length = 250L * words(pieces[i]) + 40L * m;
        b.say(pieces[i], length);
        speech.add(new long[] {at, at + length});
        at += length;
        long pause = 400 + 40L * ((m + i) % 5);
        b.silence(pause);
        at += pause;
      }
      b.say("what do you have", 1000);
      speech.add(new long[] {at, at + 1000});
      long monologueEnd = at + 1000;
      ScriptedAudio script = b.silence(3000).build();
      Timeline t = play(config, script, FakeAgent.saying("Let me look."), Duration.ofSeconds(1));
      long startedAt = -1;
      boolean tookOverMonologue = false;
      for (SessionEvent event : t.events()) {
        if (event instanceof SessionEvent.AgentSpeechStarted start) {
          if (start.kind() == SpeechKind.BACKCHANNEL) {
            agentBackchannels++;
            startedAt = start.atNanos() / MS;
          } else if (start.atNanos() / MS < monologueEnd) {
            tookOverMonologue = true;
          }
        } else if (event instanceof SessionEvent.AgentSpeechEnded end
            && end.kind() == SpeechKind.BACKCHANNEL
            && startedAt >= 0) {
          long endedAt = end.atNanos() / MS;
          for (long[] span : speech) {
            overlap += Math.max(0, Math.min(endedAt, span[1]) - Math.max(startedAt, span[0]));
          }
          startedAt = -1;
        }
      }
      if (tookOverMonologue) {
        monologueTakeOvers++;
      }
    }

    return new Result(
        pauses.length,
        (double) tookOver / pauses.length,
        complete.length,
        (double) answered / complete.length,
        percentile(decisions, 50),
        percentile(firstAudio, 50),
        percentile(firstAudio, 90),
        backchannelRuns,
        (double) backchannelStops / backchannelRuns,
        interruptRuns,
        (double) stops / interruptRuns,
        percentile(pauseLatencies, 50),
        percentile(pauseLatencies, 100),
        (double) heardRight / interruptRuns,
        noiseRuns,
        (double) noiseStops / noiseRuns,
        echoRuns,
        (double) echoStops / echoRuns,
        monologues,
        agentBackchannels,
        overlap,
        (double) monologueTakeOvers / monologues);
  }

  private record Outcome(boolean stopped, long pauseMillis, boolean heardWithinOneWord) {}

  /**
   * The user asks for something, the agent starts its long reply, and {@code offset} ms into it the
   * user says {@code said} (null: a wordless noise; empty: nothing) for {@code millis}.
   */
  private static Outcome overlap(
      SessionConfig config,
      @org.jspecify.annotations.Nullable String said,
      long offset,
      long millis,
      double echoGain,
      long echoDelay) {
    String request = "tell me about the flights";
    long requestMillis = 1250;
    // Where the agent starts depends on the config; find out with a run that has no overlap.
    ScriptedAudio probe =
        ScriptedAudio.builder().silence(300).say(request, requestMillis).silence(200).build();
    Timeline quiet = play(config, probe, FakeAgent.saying(LONG_REPLY), Duration.ofMillis(800));
    var first = quiet.all(SessionEvent.AgentSpeechStarted.class);
    long agentStart = first.isEmpty() ? 300 + requestMillis + 500 : first.getFirst().atNanos() / MS;
    long onset = agentStart + offset;
    ScriptedAudio.Builder b =
        ScriptedAudio.builder()
            .silence(300)
            .say(request, requestMillis)
            .silence(onset - 300 - requestMillis);
    if (said == null) {
      b.noise(millis);
    } else if (!said.isEmpty()) {
      b.say(said, millis);
    }
    ScriptedAudio script = b.silence(6000).build();
    FakeAgent agent = FakeAgent.saying(LONG_REPLY);
    EmbeddedSession session =
        EmbeddedSession.builder()
            .config(config)
            .agent(agent)
            .echo(echoGain, echoDelay)
            .maxTailMillis(1000)
            .build(script);
    Timeline t = session.play(script, Duration.ofSeconds(1));
    var interrupted = t.all(SessionEvent.AgentInterrupted.class);
    boolean stopped = !interrupted.isEmpty();
    // The pause: the first 20 ms of silence in the agent's audio after the user's onset.
    short[] played = session.agentAudio();
    long pauseMillis = -1;
    for (int at = (int) (onset * 16); at + 320 <= played.length; at += 320) {
      boolean silent = true;
      for (int i = at; i < at + 320 && silent; i++) {
        silent = played[i] == 0;
      }
      if (silent) {
        pauseMillis = at / 16 - onset;
        break;
      }
    }
    boolean heardRight = false;
    if (stopped) {
      // Words the user actually heard: 250 ms each of the reply from the agent's start to the
      // pause.
      long heardMillis = Math.max(0, onset + Math.max(0, pauseMillis) - agentStart);
      long playedWords = heardMillis / 250;
      List<Conversation> seen = agent.conversations();
      for (Conversation c : seen) {
        for (Conversation.Turn turn : c.turns()) {
          if (turn instanceof Conversation.Turn.Agent a && a.interrupted()) {
            heardRight = Math.abs(words(a.heardText()) - playedWords) <= 1;
          }
        }
      }
      if (seen.size() < 2) {
        heardRight = Math.abs(words(interrupted.getFirst().heardText()) - playedWords) <= 1;
      }
    }
    return new Outcome(stopped, pauseMillis, heardRight);
  }

  private static Timeline play(
      SessionConfig config, ScriptedAudio script, FakeAgent agent, Duration tail) {
    return EmbeddedSession.builder()
        .config(config)
        .agent(agent)
        .maxTailMillis(tail.toMillis())
        .build(script)
        .play(script, tail);
  }

  private static int words(String text) {
    String s = text.strip();
    return s.isEmpty() ? 0 : s.split("\\s+").length;
  }

  private static long percentile(List<Long> values, int p) {
    if (values.isEmpty()) {
      return -1;
    }
    long[] sorted = values.stream().mapToLong(Long::longValue).toArray();
    Arrays.sort(sorted);
    int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
    return sorted[Math.clamp(index, 0, sorted.length - 1)];
  }
}
