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
package dev.parley.core.session;

import dev.parley.core.turn.BargeInPolicy;
import dev.parley.core.turn.ContextRule;
import java.util.List;

/**
 * The conversational rules of a session, grouped by concern, with defaults users of Pipecat,
 * LiveKit Agents and Vapi would expect. {@link #defaults()} is Parley's behaviour; {@link #naive()}
 * is the baseline the benchmark compares against (fixed 500 ms silence, stop on any onset, no
 * pacing). Every value is checked when built; a value out of range fails at once with a message
 * naming the key.
 *
 * @param vad how speech probabilities become speech segments
 * @param endpointing when the user's turn ends
 * @param bargeIn what user sound under agent speech means
 * @param pacingMillis the least time between the user's end of speech and the agent's first audio
 *     (Vapi {@code waitSeconds}: 400 ms; 600–800 for healthcare, 0 for games)
 * @param echo how the agent's own voice in the caller's audio is kept from counting as the user
 * @param idle what the agent does when the user goes quiet
 * @param backchannels the agent's own "mhm" while the user talks at length
 * @param turnAudioMillis how much of the turn's audio a turn detector is shown (Smart Turn: 8 s)
 * @param inboxCapacity frames a live session buffers before dropping caller audio
 * @param speculation whether the agent starts on an eager end of turn
 * @param masking what the agent says while a slow tool runs
 * @param apology what the agent says when it fails (its model is down), so the line never goes
 *     silent
 * @param stall when a stalled agent, recogniser or synthesiser gets a filler, an apology or a
 *     restart, so a component that hangs never leaves a dead line
 */
public record SessionConfig(
    Vad vad,
    Endpointing endpointing,
    BargeInPolicy.Settings bargeIn,
    long pacingMillis,
    Echo echo,
    Idle idle,
    Backchannels backchannels,
    long turnAudioMillis,
    int inboxCapacity,
    Speculation speculation,
    Masking masking,
    String apology,
    Stall stall) {

  public SessionConfig {
    check(!apology.isBlank(), "apology", "a non-empty sentence");
    check(pacingMillis >= 0 && pacingMillis <= 5000, "pacingMillis", "0..5000");
    check(turnAudioMillis >= 1000 && turnAudioMillis <= 30_000, "turnAudioMillis", "1000..30000");
    check(inboxCapacity >= 16, "inboxCapacity", ">= 16");
  }

  /**
   * Speech segmentation.
   *
   * @param startThreshold probability at or above which speech may start (Silero: 0.5)
   * @param stopThreshold probability below which speech may end
   * @param minSpeechMillis speech must last this long to count
   * @param minSilenceMillis silence must last this long to end speech
   */
  public record Vad(
      double startThreshold, double stopThreshold, long minSpeechMillis, long minSilenceMillis) {
    public Vad {
      check(startThreshold > 0 && startThreshold < 1, "vad.startThreshold", "(0, 1)");
      check(
          stopThreshold > 0 && stopThreshold <= startThreshold,
          "vad.stopThreshold",
          "(0, startThreshold]");
      check(minSpeechMillis >= 20 && minSpeechMillis <= 1000, "vad.minSpeechMillis", "20..1000");
      check(minSilenceMillis >= 20 && minSilenceMillis <= 2000, "vad.minSilenceMillis", "20..2000");
    }
  }

  /**
   * End of turn.
   *
   * @param fixedSilenceMillis if positive, the naive rule: the turn ends after this much silence,
   *     whatever was said; 0 for Parley's judge
   * @param minWaitMillis the least silence that ends a turn the judge is sure of
   * @param hardFallbackMillis the most silence an ordinary turn waits (Pipecat: 3 s)
   * @param eagerThreshold completion probability at which an eager end of turn fires (Flux)
   * @param rules context rules, such as pauses between dictated digits
   * @param holdMaxWaitMillis the most silence a turn waits after a hold request ("hold on", "let me
   *     think", a trailing "um") or under a context rule that asks for longer than the fallback
   */
  public record Endpointing(
      long fixedSilenceMillis,
      long minWaitMillis,
      long hardFallbackMillis,
      double eagerThreshold,
      List<ContextRule> rules,
      long holdMaxWaitMillis) {
    /** The default longest wait after a hold request ("hold on", "let me think"): 8 s. */
    public static final long DEFAULT_HOLD_MAX_WAIT_MILLIS = 8000;

    /** Endpointing with the default hold wait. */
    public Endpointing(
        long fixedSilenceMillis,
        long minWaitMillis,
        long hardFallbackMillis,
        double eagerThreshold,
        List<ContextRule> rules) {
      this(
          fixedSilenceMillis,
          minWaitMillis,
          hardFallbackMillis,
          eagerThreshold,
          rules,
          DEFAULT_HOLD_MAX_WAIT_MILLIS);
    }

    public Endpointing {
      rules = List.copyOf(rules);
      check(
          holdMaxWaitMillis >= hardFallbackMillis && holdMaxWaitMillis <= 30_000,
          "endpointing.holdMaxWaitMillis",
          "hardFallbackMillis..30000");
      check(
          fixedSilenceMillis >= 0 && fixedSilenceMillis <= 10_000,
          "endpointing.fixedSilenceMillis",
          "0..10000");
      check(
          minWaitMillis >= 0 && minWaitMillis <= hardFallbackMillis,
          "endpointing.minWaitMillis",
          "0..hardFallbackMillis");
      check(
          hardFallbackMillis >= 200 && hardFallbackMillis <= 10_000,
          "endpointing.hardFallbackMillis",
          "200..10000");
      check(eagerThreshold > 0 && eagerThreshold <= 1, "endpointing.eagerThreshold", "(0, 1]");
    }
  }

  /**
   * Echo of the agent's voice in the caller's audio.
   *
   * @param inputEchoCancelled whether the input already went through echo cancellation (browser,
   *     phone network); if not, user speech counts only when louder than the agent's recent audio
   *     less {@code gateDb}
   * @param gateDb how far below the agent's level the caller's audio may be and still count
   */
  public record Echo(boolean inputEchoCancelled, double gateDb) {
    public Echo {
      check(gateDb >= 0 && gateDb <= 40, "echo.gateDb", "0..40");
    }
  }

  /**
   * The user going quiet with the turn on their side.
   *
   * @param idleMillis silence after the agent finished before it prompts; 0 disables
   * @param maxPrompts how many times it prompts
   * @param prompt what it says
   * @param hangUpAfterPrompts whether the call ends after the last prompt goes unanswered
   */
  public record Idle(long idleMillis, int maxPrompts, String prompt, boolean hangUpAfterPrompts) {
    public Idle {
      check(
          idleMillis == 0 || (idleMillis >= 1000 && idleMillis <= 600_000),
          "idle.idleMillis",
          "0 or 1000..600000");
      check(maxPrompts >= 0 && maxPrompts <= 10, "idle.maxPrompts", "0..10");
    }
  }

  /**
   * The agent's backchannels: while the user talks at length, a short "mhm" in their pauses that
   * does not take the turn (Retell's frequency 0.8; none of the open frameworks ships this).
   *
   * @param enabled whether the agent backchannels at all (off for some personas)
   * @param minTurnMillis how long the user must have held the turn first
   * @param minPauseMillis the pause before the backchannel starts
   * @param frequency the share of eligible pauses that get one, drawn from a seeded sequence so
   *     calls replay identically
   * @param minSpacingMillis the least time between two backchannels
   * @param phrases what the agent says, in turn
   * @param gain the level relative to the agent's replies
   */
  public record Backchannels(
      boolean enabled,
      long minTurnMillis,
      long minPauseMillis,
      double frequency,
      long minSpacingMillis,
      List<String> phrases,
      double gain) {
    public Backchannels {
      phrases = List.copyOf(phrases);
      check(
          minTurnMillis >= 0 && minTurnMillis <= 60_000, "backchannels.minTurnMillis", "0..60000");
      check(
          minPauseMillis >= 200 && minPauseMillis <= 600,
          "backchannels.minPauseMillis",
          "200..600");
      check(frequency >= 0 && frequency <= 1, "backchannels.frequency", "[0, 1]");
      check(minSpacingMillis >= 0, "backchannels.minSpacingMillis", ">= 0");
      check(
          !enabled || !phrases.isEmpty(), "backchannels.phrases", "a non-empty list when enabled");
      check(gain > 0 && gain <= 1, "backchannels.gain", "(0, 1]");
    }
  }

  /**
   * Speculative replies: on an eager end of turn the agent starts at once; its audio is held until
   * the turn is final and then played if the final words are the same, else dropped and redone.
   * Read-only tools run speculatively and their results are reused; other tools wait for the final
   * turn.
   *
   * @param enabled whether replies start on an eager end of turn (off: on the final end only)
   */
  public record Speculation(boolean enabled) {}

  /**
   * Latency masking: while a tool runs long with nothing being said, a short acknowledgement, then
   * progress lines; never over the user or within the pacing gap after they stop.
   *
   * @param enabled whether the agent masks slow tools at all
   * @param firstMillis how long a tool runs before the first acknowledgement
   * @param progressMillis how long a tool runs before each progress line after it (at 1×, 2×, 3×)
   * @param fillers the acknowledgements, said in turn so they vary
   * @param progressLines the progress lines, said in turn
   */
  public record Masking(
      boolean enabled,
      long firstMillis,
      long progressMillis,
      List<String> fillers,
      List<String> progressLines) {
    public Masking {
      fillers = List.copyOf(fillers);
      progressLines = List.copyOf(progressLines);
      check(firstMillis >= 100 && firstMillis <= 10_000, "masking.firstMillis", "100..10000");
      check(
          progressMillis > firstMillis && progressMillis <= 60_000,
          "masking.progressMillis",
          "(firstMillis, 60000]");
      check(
          !enabled || (!fillers.isEmpty() && !progressLines.isEmpty()),
          "masking.fillers",
          "non-empty lists of fillers and progress lines when enabled");
    }

    /** Parley's masking: 700 ms, then 3 s. */
    public static Masking defaults() {
      return new Masking(
          true,
          700,
          3000,
          List.of(
              "Let me check that for you.",
              "One moment, please.",
              "Okay, let me look that up.",
              "Just a second."),
          List.of(
              "Still working on it, thanks for waiting.",
              "This is taking a little longer than usual.",
              "Almost there."));
    }

    /** No masking: silence while tools run. */
    public static Masking off() {
      Masking d = defaults();
      return new Masking(false, d.firstMillis, d.progressMillis, d.fillers, d.progressLines);
    }
  }

  /**
   * The stall watch: the session watches the agent, the recogniser and the synthesiser as it
   * watches tools, so a component that hangs is found within seconds and the caller never waits on
   * a dead line.
   *
   * @param enabled whether the session watches at all
   * @param agentFirstWordsMillis no words this long after the user's turn ended: the caller hears a
   *     filler (one of {@code masking.fillers})
   * @param agentGapMillis no words this long between two chunks of a reply: a filler
   * @param agentLimitMillis no words this long: the reply is given up, ended at a sentence boundary
   *     and followed by the apology, and a {@code service_failed} is reported; the next turn is
   *     answered as usual
   * @param recognizerLimitMillis no final result this long after the end of speech: the recogniser
   *     stream is reported and reopened
   * @param synthesizerLimitMillis no audio this long for text given to the synthesiser: the reply
   *     is given up and the synthesiser stream reopened
   * @param maxStalls stalls of one component in a row after which the call ends politely (the
   *     goodbye, then hang-up) rather than fail the caller again
   * @param goodbye what the agent says before it ends a call it can no longer serve
   */
  public record Stall(
      boolean enabled,
      long agentFirstWordsMillis,
      long agentGapMillis,
      long agentLimitMillis,
      long recognizerLimitMillis,
      long synthesizerLimitMillis,
      int maxStalls,
      String goodbye) {
    public Stall {
      check(
          agentFirstWordsMillis >= 200 && agentFirstWordsMillis <= 30_000,
          "stall.agentFirstWordsMillis",
          "200..30000");
      check(
          agentGapMillis >= 200 && agentGapMillis <= 30_000, "stall.agentGapMillis", "200..30000");
      check(
          agentLimitMillis > Math.max(agentFirstWordsMillis, agentGapMillis)
              && agentLimitMillis <= 120_000,
          "stall.agentLimitMillis",
          "(max(agentFirstWordsMillis, agentGapMillis), 120000]");
      check(
          recognizerLimitMillis >= 500 && recognizerLimitMillis <= 60_000,
          "stall.recognizerLimitMillis",
          "500..60000");
      check(
          synthesizerLimitMillis >= 500 && synthesizerLimitMillis <= 60_000,
          "stall.synthesizerLimitMillis",
          "500..60000");
      check(maxStalls >= 1 && maxStalls <= 100, "stall.maxStalls", "1..100");
      check(!goodbye.isBlank(), "stall.goodbye", "a non-empty sentence");
    }

    /** Filler at 1.5 s (2 s between chunks), apology at 6 s, services found within 4–5 s. */
    public static Stall defaults() {
      return new Stall(
          true,
          1500,
          2000,
          6000,
          5000,
          4000,
          3,
          "I'm sorry, I'm having technical trouble. Please call again later. Goodbye.");
    }

    /** No watch: a hung component is waited for (the behaviour before issue 17). */
    public static Stall off() {
      Stall d = defaults();
      return new Stall(
          false,
          d.agentFirstWordsMillis,
          d.agentGapMillis,
          d.agentLimitMillis,
          d.recognizerLimitMillis,
          d.synthesizerLimitMillis,
          d.maxStalls,
          d.goodbye);
    }
  }

  /** Parley's defaults. */
  public static SessionConfig defaults() {
    return new SessionConfig(
        new Vad(0.5, 0.35, 100, 200),
        new Endpointing(0, 200, 3000, 0.5, List.of(ContextRule.digitsAfterNumberQuestion())),
        BargeInPolicy.Settings.defaults(),
        400,
        new Echo(true, 6),
        new Idle(8000, 2, "Are you still there?", false),
        new Backchannels(true, 6000, 250, 0.8, 5000, List.of("Mhm.", "Right.", "I see."), 0.6),
        8000,
        256,
        new Speculation(true),
        Masking.defaults(),
        "Sorry, I'm having trouble right now. Could you say that again?",
        Stall.defaults());
  }

  /** The naive baseline: 500 ms of silence ends a turn, any onset stops the agent, no pacing. */
  public static SessionConfig naive() {
    SessionConfig d = defaults();
    return new SessionConfig(
        d.vad,
        new Endpointing(500, 0, 3000, 1.0, List.of()),
        BargeInPolicy.Settings.naive(),
        0,
        d.echo,
        new Idle(0, 0, "", false),
        new Backchannels(false, 6000, 250, 0, 5000, List.of(), 1.0),
        d.turnAudioMillis,
        d.inboxCapacity,
        new Speculation(false),
        Masking.off(),
        d.apology,
        d.stall);
  }

  public SessionConfig withVad(Vad vad) {
    return copy(c -> c.vad = vad);
  }

  public SessionConfig withEndpointing(Endpointing endpointing) {
    return copy(c -> c.endpointing = endpointing);
  }

  public SessionConfig withBargeIn(BargeInPolicy.Settings bargeIn) {
    return copy(c -> c.bargeIn = bargeIn);
  }

  public SessionConfig withPacingMillis(long pacingMillis) {
    return copy(c -> c.pacingMillis = pacingMillis);
  }

  public SessionConfig withEcho(Echo echo) {
    return copy(c -> c.echo = echo);
  }

  public SessionConfig withIdle(Idle idle) {
    return copy(c -> c.idle = idle);
  }

  public SessionConfig withBackchannels(Backchannels backchannels) {
    return copy(c -> c.backchannels = backchannels);
  }

  public SessionConfig withTurnAudioMillis(long turnAudioMillis) {
    return copy(c -> c.turnAudioMillis = turnAudioMillis);
  }

  public SessionConfig withInboxCapacity(int inboxCapacity) {
    return copy(c -> c.inboxCapacity = inboxCapacity);
  }

  public SessionConfig withSpeculation(Speculation speculation) {
    return copy(c -> c.speculation = speculation);
  }

  public SessionConfig withMasking(Masking masking) {
    return copy(c -> c.masking = masking);
  }

  public SessionConfig withApology(String apology) {
    return copy(c -> c.apology = apology);
  }

  public SessionConfig withStall(Stall stall) {
    return copy(c -> c.stall = stall);
  }

  /** This config with one setting changed by {@code change}; validated like any other. */
  private SessionConfig copy(java.util.function.Consumer<Copy> change) {
    Copy c = new Copy(this);
    change.accept(c);
    return new SessionConfig(
        c.vad,
        c.endpointing,
        c.bargeIn,
        c.pacingMillis,
        c.echo,
        c.idle,
        c.backchannels,
        c.turnAudioMillis,
        c.inboxCapacity,
        c.speculation,
        c.masking,
        c.apology,
        c.stall);
  }

  /** The settings of a config being changed, for {@link #copy}. */
  private static final class Copy {
    Vad vad;
    Endpointing endpointing;
    BargeInPolicy.Settings bargeIn;
    long pacingMillis;
    Echo echo;
    Idle idle;
    Backchannels backchannels;
    long turnAudioMillis;
    int inboxCapacity;
    Speculation speculation;
    Masking masking;
    String apology;
    Stall stall;

    Copy(SessionConfig from) {
      vad = from.vad;
      endpointing = from.endpointing;
      bargeIn = from.bargeIn;
      pacingMillis = from.pacingMillis;
      echo = from.echo;
      idle = from.idle;
      backchannels = from.backchannels;
      turnAudioMillis = from.turnAudioMillis;
      inboxCapacity = from.inboxCapacity;
      speculation = from.speculation;
      masking = from.masking;
      apology = from.apology;
      stall = from.stall;
    }
  }

  private static void check(boolean ok, String key, String range) {
    if (!ok) {
      throw new IllegalArgumentException("session config: " + key + " must be in " + range);
    }
  }
}
