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

import dev.parley.core.audio.AudioRing;
import dev.parley.core.audio.Resampler;
import dev.parley.core.event.SessionEvent;
import dev.parley.core.event.SpeechKind;
import dev.parley.core.event.ToolStatus;
import dev.parley.core.frame.Frame;
import dev.parley.core.prosody.ProsodyTracker;
import dev.parley.core.prosody.UserAffect;
import dev.parley.core.spi.Agent;
import dev.parley.core.spi.CallAction;
import dev.parley.core.spi.CallControl;
import dev.parley.core.spi.CallInfo;
import dev.parley.core.spi.Conversation;
import dev.parley.core.spi.ProviderException;
import dev.parley.core.spi.SpeechRecognizer;
import dev.parley.core.spi.SpeechSynthesizer;
import dev.parley.core.spi.TurnDetector;
import dev.parley.core.spi.TurnSnapshot;
import dev.parley.core.spi.VoiceActivityDetector;
import dev.parley.core.tool.ToolCall;
import dev.parley.core.tool.ToolEffect;
import dev.parley.core.tool.ToolResult;
import dev.parley.core.turn.Acoustics;
import dev.parley.core.turn.BargeInPolicy;
import dev.parley.core.turn.EndpointingPolicy;
import dev.parley.core.turn.FinalStretch;
import dev.parley.core.turn.SilenceTurnPolicy;
import dev.parley.core.turn.SpeechSegmenter;
import dev.parley.core.turn.TurnDecision;
import dev.parley.core.turn.TurnJudge;
import dev.parley.core.turn.TurnPolicy;
import dev.parley.core.turn.TurnTaking;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * All state of one call and the rules that move it: owns the user's audio ring, the detector
 * streams, the turn policy, the conversation, the current reply and its playout.
 *
 * <p>Confined to one thread, the session loop, and never blocks: blocking work goes to {@link
 * Worker}s and comes back as {@link Frame}s. It reads no clock either; its driver passes the time
 * to every call and asks {@link #nextDeadlineNanos()} when to call {@link #onTime} next. All times
 * are nanoseconds on the session's media clock; events are stamped relative to the session start.
 */
final class SessionCore {
  static final long NEVER = Long.MAX_VALUE;
  static final int RATE = 16_000;
  static final long SAMPLE_NANOS = 1_000_000_000L / RATE;
  static final int FRAME_SAMPLES = 320;
  static final long FRAME_NANOS = FRAME_SAMPLES * SAMPLE_NANOS;
  private static final long MILLI = 1_000_000L;

  /** How long an end of turn waits for the recogniser's final words before going without. */
  private static final long FINAL_TRANSCRIPT_GRACE_NANOS =
      TurnTaking.FINAL_TRANSCRIPT_GRACE_MILLIS * MILLI;

  /** How far back the agent's output is compared with the caller's audio for echo: 200 ms. */
  private static final int ECHO_WINDOW_FRAMES = 10;

  private static final double SILENCE_DB = -120;

  private enum Reply {
    IDLE,
    THINKING,
    SPEAKING
  }

  private final SessionConfig config;
  private final Components components;
  private final Consumer<SessionEvent> listener;
  private final AudioOutput output;
  private final long originNanos;
  private final Worker sttWorker;
  private final Worker agentWorker;
  private final Worker ttsWorker;
  private final @Nullable Worker turnWorker;
  private final @Nullable Worker prefetchWorker;

  // The user's side.
  private final AudioRing ring;
  private final VoiceActivityDetector.Stream vad;
  private final short[] window;
  private int windowFill;
  private long windowStartSequence;
  private boolean vadFailed;
  private final SpeechSegmenter segmenter;
  private final ProsodyTracker prosody = new ProsodyTracker();
  private final FinalStretch finalStretch = new FinalStretch();
  private final short[] prosodyFrame = new short[FRAME_SAMPLES];
  private int prosodyFill;
  private long prosodyFrameSequence;
  private final TurnPolicy policy;
  private long policyWakeNanos = NEVER;
  private long turnEpoch;
  private long speechOnsetNanos;
  private long turnVoicedNanos;
  private final StringBuilder turnText = new StringBuilder();
  private String partialText = "";
  private String carriedUserText = "";
  private boolean awaitingFinal;
  private boolean endOfTurnWaiting;
  private long finalDeadlineNanos = NEVER;

  // The agent's side.
  private final List<Conversation.Turn> history = new ArrayList<>();
  private long responseId;
  private Reply reply = Reply.IDLE;
  private final StringBuilder replyText = new StringBuilder();
  private Playout playout = new Playout();
  private final short[] frame = new short[FRAME_SAMPLES];
  private long nextTickNanos = NEVER;
  private final BargeInPolicy bargeIn;
  private final ReplyPause pause = new ReplyPause();
  private final StallWatch stall;
  private long agentDoneResponseId = -1;
  // A reply given up on its agent keeps the audio its synthesiser still owes for text it was
  // given; the apology's first audio then cuts that at a sentence boundary.
  private long givenUpResponseId = -1;
  private boolean cutBeforeApology;
  private boolean ignoreTranscripts;
  private long lastSilenceNanos;
  private long replyNotBeforeNanos;
  private long replyAudioStartNanos = Long.MIN_VALUE / 2;
  private String lastAgentUtterance = "";
  private long idleAtNanos = NEVER;
  private int idlePrompts;
  private boolean ended;
  // What the transport confirms the caller heard (telephony marks), relative to the origin: the
  // time base of AudioOutput.play's atNanos, which is what a transport has to echo back.
  private boolean heardConfirmed;
  private long heardUpToNanos = Long.MIN_VALUE;
  // When each stage of the reply to the last user turn first happened, for LatencyBreakdown; -1
  // until it does, and turnEndNanos -1 once the breakdown is out or for a reply to no turn.
  private long breakdownSpeechEndNanos = -1;
  private long breakdownTurnEndNanos = -1;
  private long breakdownTokenNanos = -1;
  private long breakdownAudioNanos = -1;
  private final java.util.Set<String> reportedFailures = new java.util.HashSet<>();

  // The agent's own backchannels while the user holds the turn.
  private final List<String> backchannelTexts = new ArrayList<>();
  private final List<short[]> backchannelClips = new ArrayList<>();
  private int backchannelNext;
  private long backchannelRoll = 0x5DEECE66DL;
  private long lastBackchannelNanos = Long.MIN_VALUE / 2;
  private long backchannelAtNanos = NEVER;
  private long backchannelTickNanos = NEVER;
  private @Nullable Playout backchannel;
  private String backchannelText = "";
  private boolean backchannelAudible;
  private boolean turnOpen;
  private long turnStartNanos;
  private final short[] backchannelFrame = new short[FRAME_SAMPLES];

  // Echo gating for input without echo cancellation: the agent's recent output levels.
  private final double[] agentLevelsDb = new double[ECHO_WINDOW_FRAMES];
  private int agentLevelIndex;
  private boolean echoGated;

  SessionCore(
      SessionConfig config,
      Components components,
      Consumer<SessionEvent> listener,
      AudioOutput output,
      long originNanos,
      WorkerFactory workers,
      CallInfo call,
      CallControl control) {
    this.call = call;
    this.control = control;
    this.workers = workers;
    this.config = config;
    this.components = components;
    this.listener = listener;
    this.output = output;
    this.originNanos = originNanos;
    this.sttWorker = workers.worker("stt");
    this.agentWorker = workers.worker("agent");
    this.ttsWorker = workers.worker("tts");
    this.turnWorker = components.turnDetector().isPresent() ? workers.worker("turn") : null;
    this.ring = new AudioRing(ringCapacity(config.turnAudioMillis()));
    this.vad = components.vad().open();
    this.window = new short[components.vad().windowSamples()];
    this.segmenter =
        new SpeechSegmenter(
            config.vad().startThreshold(),
            config.vad().stopThreshold(),
            config.vad().minSpeechMillis() * MILLI,
            config.vad().minSilenceMillis() * MILLI);
    SessionConfig.Endpointing endpointing = config.endpointing();
    TurnJudge judge =
        new TurnJudge(
            endpointing.rules(),
            endpointing.hardFallbackMillis(),
            endpointing.holdMaxWaitMillis(),
            components.completionModel());
    this.turnTaking =
        new TurnTaking(
            endpointing.fixedSilenceMillis() > 0
                ? new SilenceTurnPolicy(endpointing.fixedSilenceMillis())
                : new EndpointingPolicy(
                    judge,
                    endpointing.minWaitMillis(),
                    endpointing.hardFallbackMillis(),
                    endpointing.eagerThreshold()),
            new BargeInPolicy(config.bargeIn(), components.recognizer().transcribesVocalisations()),
            judge,
            endpointing.eagerThreshold());
    this.policy = turnTaking.policy();
    this.bargeIn = turnTaking.bargeIn();
    this.stall = new StallWatch(config.stall());
    java.util.Arrays.fill(agentLevelsDb, SILENCE_DB);
    SttSide stt = new SttSide(components.recognizer(), components.recognizerOptions());
    sttWorker.submit(stt::open);
    this.sttSide = stt;
    this.feedsRecognizer = components.recognizer().hearsAudio();
    this.sttFeed = new SttFeed(config.inboxCapacity(), stt::push);
    this.ttsSide = new TtsSide(components.synthesizer());
    this.tools = new ToolRuntime(components.agent().name(), components.agent().tools(), call);
    List<ToolCall> prefetch = components.agent().prefetch();
    if (!prefetch.isEmpty()) {
      ToolRuntime runtime = tools;
      Worker worker = workers.worker("prefetch");
      worker.submit(out -> runtime.prefetch(prefetch, out));
      this.prefetchWorker = worker;
    } else {
      this.prefetchWorker = null;
    }
    // A greeting's speech must not queue behind the clips prepared at start (fillers,
    // backchannels): a session that greets prepares them on a worker of their own.
    Worker clips = components.agent().greets() ? workers.worker("tts") : ttsWorker;
    this.clipWorker = clips == ttsWorker ? null : clips;
    this.mask = new LatencyMask(config.masking());
    // The masking lines serve slow tools, and a slow agent when the stall watch is on.
    if (mask.enabled() && (!components.agent().tools().isEmpty() || config.stall().enabled())) {
      SpeechSynthesizer synthesizer = components.synthesizer();
      for (String line : config.masking().fillers()) {
        clips.submit(
            out -> out.post(new Frame.MaskingClip(line, synthesize(synthesizer, line), false)));
      }
      for (String line : config.masking().progressLines()) {
        clips.submit(
            out -> out.post(new Frame.MaskingClip(line, synthesize(synthesizer, line), true)));
      }
    }
    if (config.backchannels().enabled()) {
      SpeechSynthesizer synthesizer = components.synthesizer();
      for (String phrase : config.backchannels().phrases()) {
        clips.submit(
            out -> out.post(new Frame.BackchannelClip(phrase, synthesize(synthesizer, phrase))));
      }
    }
    if (components.agent().greets()) {
      greet();
    }
  }

  // The call: who it is, what its carrier can do, and a hang-up or transfer a reply asked for.
  private final CallInfo call;
  private final CallControl control;
  private final WorkerFactory workers;
  private final PendingCallAction callAction = new PendingCallAction();
  private @Nullable Worker controlWorker;
  private final @Nullable Worker clipWorker;

  /** Creates the session's workers, one per component. */
  interface WorkerFactory {
    Worker worker(String component);
  }

  private final SttSide sttSide;
  private final boolean feedsRecognizer;
  private final SttFeed sttFeed;
  private final TtsSide ttsSide;
  private final ToolRuntime tools;

  /** Whether this silence has had its eager end of turn. */
  private boolean eagerSent;

  /** Every turn-taking decision: the policy, barge-in, onsets under a reply, early ends. */
  private final TurnTaking turnTaking;

  /** The reply started on an eager end of turn, until the turn is final. */
  private @Nullable Speculation speculation;

  /** What the agent says while a slow tool runs. */
  private final LatencyMask mask;

  /** A tool call the loop has seen start and not yet end. */
  private record OpenCall(String name, long responseId, long startNanos, boolean readOnly) {}

  private final java.util.Map<String, OpenCall> openCalls = new java.util.LinkedHashMap<>();
  private final java.util.Set<String> endedCalls = new java.util.HashSet<>();

  /** Read-only calls of a dropped speculative reply: reported when they end, not recorded. */
  private final java.util.Set<String> detachedCalls = new java.util.HashSet<>();

  private long keptReadsResponseId = -1;

  /** The tool context of the current reply. */
  private ToolRuntime.@Nullable Reply replyContext;

  private static int ringCapacity(long turnAudioMillis) {
    int needed = (int) (turnAudioMillis * RATE / 1000) * 2;
    return Integer.highestOneBit(Math.max(needed, 1 << 14) - 1) << 1;
  }

  boolean ended() {
    return ended;
  }

  /** Samples of user audio received so far. */
  long userSamples() {
    return ring.endSequence();
  }

  /** The earliest time {@link #onTime} has something to do. */
  long nextDeadlineNanos() {
    long soonest = Math.min(Math.min(policyWakeNanos, nextTickNanos), finalDeadlineNanos);
    soonest = Math.min(soonest, Math.min(backchannelAtNanos, backchannelTickNanos));
    soonest = Math.min(soonest, Math.min(mask.atNanos, mask.tickNanos));
    soonest = Math.min(soonest, stall.nextDeadlineNanos());
    soonest = Math.min(soonest, callAction.nextDeadlineNanos());
    return Math.min(soonest, Math.min(bargeIn.wakeAtNanos(), idleAtNanos));
  }

  // ---- the user's audio -------------------------------------------------------------------

  /** Takes caller audio (16 kHz mono PCM16) that arrived at {@code nowNanos}. */
  void onUserAudio(short[] samples, int offset, int length, long nowNanos) {
    if (ended) {
      return;
    }
    ring.write(samples, offset, length);
    if (feedsRecognizer) {
      sttWorker.submit(sttFeed.copyOf(samples, offset, length));
    }
    feedProsody(samples, offset, length);
    int i = 0;
    while (i < length) {
      int n = Math.min(length - i, window.length - windowFill);
      System.arraycopy(samples, offset + i, window, windowFill, n);
      windowFill += n;
      i += n;
      if (windowFill == window.length) {
        onWindow(nowNanos);
        windowStartSequence += window.length;
        windowFill = 0;
      }
    }
  }

  /** Pitch, loudness and rhythm, 20 ms at a time, allocation-free. */
  private void feedProsody(short[] samples, int offset, int length) {
    int i = 0;
    while (i < length) {
      int n = Math.min(length - i, FRAME_SAMPLES - prosodyFill);
      System.arraycopy(samples, offset + i, prosodyFrame, prosodyFill, n);
      prosodyFill += n;
      i += n;
      if (prosodyFill == FRAME_SAMPLES) {
        prosody.accept(prosodyFrame, 0, segmenter.speaking(), audioNanos(prosodyFrameSequence));
        if (segmenter.speaking()) {
          finalStretch.accept(
              prosody.levelDbfs(), prosody.pitchHz(), audioNanos(prosodyFrameSequence));
        }
        prosodyFrameSequence += FRAME_SAMPLES;
        prosodyFill = 0;
      }
    }
  }

  private void onWindow(long nowNanos) {
    float probability = 0f;
    if (!vadFailed) {
      try {
        probability = vad.speechProbability(window, 0);
      } catch (ProviderException e) {
        vadFailed = true;
        emit(new SessionEvent.ServiceFailed(rel(nowNanos), "vad", String.valueOf(e.getMessage())));
      }
    }
    if (!config.echo().inputEchoCancelled()) {
      probability = gateEcho(probability, nowNanos);
    }
    if (backchannel != null && probability >= config.vad().startThreshold()) {
      stopBackchannel(nowNanos, true); // never over the user: cut at the first window of sound
    }
    if (mask.playing != null && probability >= config.vad().startThreshold()) {
      stopMaskLine(nowNanos, true);
    }
    if (reply == Reply.SPEAKING
        && !segmenter.speaking()
        && probability >= config.vad().startThreshold()) {
      pause.pauseOnSound(); // the reply too stops at the first window of sound, not 130 ms later
    }
    long start = audioNanos(windowStartSequence);
    long end = audioNanos(windowStartSequence + window.length);
    switch (segmenter.accept(start, end, probability)) {
      case STARTED -> onSpeechStarted(segmenter.edgeNanos(), nowNanos);
      case ENDED -> onSpeechEnded(segmenter.edgeNanos(), nowNanos);
      case NONE -> {}
    }
    if (pause.tentative() && !segmenter.speaking() && segmenter.pendingOnsetNanos() < 0) {
      resumeReply(nowNanos); // the sound was too short to be speech: a click, not the caller
    }
  }

  /**
   * Input without echo cancellation hears the agent too: speech counts as the user's only when it
   * is louder than the agent's recent output less the gate. Reports the first gated window of each
   * stretch.
   */
  private float gateEcho(float probability, long nowNanos) {
    double agentDb = agentLevelDb();
    if (agentDb <= SILENCE_DB || probability < config.vad().startThreshold()) {
      echoGated = false;
      return probability;
    }
    if (levelDb(window, 0, window.length) >= agentDb - config.echo().gateDb()) {
      echoGated = false;
      return probability;
    }
    if (!echoGated && !segmenter.speaking()) {
      echoGated = true;
      emit(new SessionEvent.InterruptionIgnored(rel(nowNanos), "echo"));
    }
    return 0f;
  }

  /** The agent's loudest output level over the echo window. */
  private double agentLevelDb() {
    double agentDb = SILENCE_DB;
    for (double level : agentLevelsDb) {
      agentDb = Math.max(agentDb, level);
    }
    return agentDb;
  }

  private static double levelDb(short[] samples, int offset, int length) {
    double sum = 0;
    for (int i = offset; i < offset + length; i++) {
      double s = samples[i] / 32768.0;
      sum += s * s;
    }
    return sum == 0 ? SILENCE_DB : 10 * Math.log10(sum / length);
  }

  private void onSpeechStarted(long onsetNanos, long nowNanos) {
    speechOnsetNanos = onsetNanos;
    turnEpoch++;
    ignoreTranscripts = false;
    idleAtNanos = NEVER;
    idlePrompts = 0;
    backchannelAtNanos = NEVER;
    if (!turnOpen && reply == Reply.IDLE) {
      turnOpen = true;
      turnStartNanos = onsetNanos;
    }
    if (!prosody.inTurn()) {
      prosody.startTurn();
    }
    finalStretch.reset();
    bargeIn.noteAgentLevel(agentLevelDb());
    emit(new SessionEvent.UserSpeechStarted(rel(onsetNanos)));
    TurnDecision started = policy.onSpeechStarted(onsetNanos);
    if (eagerSent && !(started instanceof TurnDecision.Resumed)) {
      emit(new SessionEvent.UserTurnResumed(rel(nowNanos))); // after an early eager end
    }
    eagerSent = false;
    apply(started, nowNanos);
    dropSpeculation(nowNanos); // the user went on: the speculative reply answered too little
    switch (reply) {
      case SPEAKING -> {
        if (turnTaking.onsetUnderReply(
                onsetNanos, TurnTaking.Reply.SPEAKING, replyAudioStartNanos, false)
            == TurnTaking.Onset.CONTINUES_TURN) {
          // Too soon to be a reaction to the reply: the user was going on with their turn.
          emit(new SessionEvent.AgentSpeechEnded(rel(nowNanos), SpeechKind.RESPONSE, "", true));
          output.clear();
          carriedUserText = removeLastUserTurn();
          keepReads();
          cancelReply(nowNanos);
          emit(new SessionEvent.UserTurnResumed(rel(nowNanos)));
        } else {
          onBargeIn(bargeIn.onSpeechStarted(onsetNanos), nowNanos);
        }
      }
      case THINKING -> {
        if (turnTaking.onsetUnderReply(
                onsetNanos, TurnTaking.Reply.THINKING, 0, mask.linesThisReply() > 0)
            == TurnTaking.Onset.BARGE_IN) {
          // After a filler the user has heard the agent take the turn: judge it as a barge-in.
          onBargeIn(bargeIn.onSpeechStarted(onsetNanos), nowNanos);
        } else {
          // The user went on before hearing anything: their turn continues, the reply is void.
          carriedUserText = removeLastUserTurn();
          keepReads();
          cancelReply(nowNanos);
          emit(new SessionEvent.UserTurnResumed(rel(nowNanos)));
        }
      }
      case IDLE -> {}
    }
  }

  private void onSpeechEnded(long silenceNanos, long nowNanos) {
    turnVoicedNanos += silenceNanos - speechOnsetNanos;
    lastSilenceNanos = silenceNanos;
    emit(new SessionEvent.UserSpeechEnded(rel(silenceNanos)));
    awaitingFinal = true;
    sttWorker.submit(sttSide::flush);
    stall.recognizerFlushed(nowNanos);
    // Only up to where the silence began: the VAD's hangover frames are not how the speech ended.
    Acoustics ending = finalStretch.summary(prosody.finalPitchSlope(), silenceNanos);
    onBargeIn(bargeIn.onSpeechEnded(silenceNanos, ending), nowNanos);
    policy.onAcoustics(ending);
    if (reply != Reply.IDLE) {
      rearmMask(); // the user spoke over a tool's wait: the line may be due sooner now
    }
    TurnDecision decision = policy.onSpeechEnded(silenceNanos);
    apply(decision, nowNanos);
    if (decision instanceof TurnDecision.WakeAt) {
      maybeBackchannel(silenceNanos, nowNanos); // the judge thinks the user is not done
    }
    if (turnWorker != null && components.turnDetector().isPresent()) {
      judgeTurn(components.turnDetector().get(), turnWorker, silenceNanos, nowNanos);
    }
  }

  private void judgeTurn(TurnDetector detector, Worker worker, long silenceNanos, long nowNanos) {
    long end = ring.endSequence();
    long maxSamples = config.turnAudioMillis() * RATE / 1000;
    long start = Math.max(ring.startSequence(), end - maxSamples);
    short[] audio = new short[(int) (end - start)];
    ring.read(start, audio, 0, audio.length);
    TurnSnapshot snapshot =
        new TurnSnapshot(
            audio, currentUserText(), lastAgentUtterance, (nowNanos - silenceNanos) / MILLI);
    long epoch = turnEpoch;
    worker.submit(
        out -> out.post(new Frame.TurnJudgement(epoch, detector.completionProbability(snapshot))));
  }

  private void apply(TurnDecision decision, long nowNanos) {
    if (bargeIn.active()) {
      // The overlap is not yet judged: the turn is not the user's until it is an interruption.
      if (decision instanceof TurnDecision.WakeAt || decision instanceof TurnDecision.EndOfTurn) {
        policyWakeNanos = nowNanos + FRAME_NANOS;
      }
      return;
    }
    switch (decision) {
      case TurnDecision.Wait w -> {}
      case TurnDecision.WakeAt wake -> policyWakeNanos = wake.atNanos();
      case TurnDecision.EagerEnd eager -> {
        policyWakeNanos = eager.wakeAtNanos();
        if (!eagerSent) {
          eagerSent = true;
          emit(
              new SessionEvent.UserTurnEagerEnd(
                  rel(nowNanos), currentUserText(), eager.probability()));
        }
        speculate();
      }
      case TurnDecision.Resumed r -> {
        policyWakeNanos = NEVER;
        dropSpeculation(nowNanos);
        emit(new SessionEvent.UserTurnResumed(rel(nowNanos)));
      }
      case TurnDecision.EndOfTurn e -> {
        policyWakeNanos = NEVER;
        if (awaitingFinal) {
          endOfTurnWaiting = true;
          finalDeadlineNanos = nowNanos + FINAL_TRANSCRIPT_GRACE_NANOS;
        } else {
          endTurn(nowNanos);
        }
      }
    }
  }

  private void endTurn(long nowNanos) {
    eagerSent = false;
    endOfTurnWaiting = false;
    finalDeadlineNanos = NEVER;
    String text = currentUserText();
    long voiced = turnVoicedNanos;
    turnVoicedNanos = 0;
    turnText.setLength(0);
    partialText = "";
    carriedUserText = "";
    turnOpen = false;
    backchannelAtNanos = NEVER;
    if (backchannel != null) {
      stopBackchannel(nowNanos, true);
    }
    UserAffect affect = prosody.inTurn() ? prosody.endTurn() : UserAffect.silent(0);
    Speculation early = speculation;
    if (early != null && !early.answers(text)) {
      dropSpeculation(nowNanos); // a later word changed the turn: redo with the final words
      early = null;
    }
    if (!turnTaking.isTurn(text, voiced)) {
      return; // a cough or a click with no words is not a turn
    }
    emit(new SessionEvent.UserTurnEnded(rel(nowNanos), text, affect));
    history.add(new Conversation.Turn.User(text, affect));
    replyNotBeforeNanos = lastSilenceNanos + config.pacingMillis() * MILLI;
    if (early != null) {
      promote(early, nowNanos);
    } else {
      startReply();
    }
    if (agentDoneResponseId != responseId) {
      stall.replyAwaited(nowNanos);
    }
    // After startReply, which clears the stamps; a promoted speculation keeps its earlier ones.
    breakdownSpeechEndNanos = lastSilenceNanos;
    breakdownTurnEndNanos = nowNanos;
  }

  private String currentUserText() {
    StringBuilder text = new StringBuilder(carriedUserText);
    appendWords(text, turnText);
    appendWords(text, partialText);
    return text.toString();
  }

  private static void appendWords(StringBuilder text, CharSequence words) {
    if (!words.isEmpty()) {
      if (!text.isEmpty()) {
        text.append(' ');
      }
      text.append(words);
    }
  }

  /**
   * Takes the last user turn out of the history to be continued; tool turns recorded after it stay,
   * because they happened.
   */
  private String removeLastUserTurn() {
    for (int i = history.size() - 1; i >= 0; i--) {
      if (history.get(i) instanceof Conversation.Turn.User user) {
        history.remove(i);
        return user.text();
      }
    }
    return "";
  }

  // ---- frames from workers ----------------------------------------------------------------

  /** Handles a frame a worker posted, at {@code nowNanos}. */
  void onFrame(Frame frame, long nowNanos) {
    if (ended) {
      return;
    }
    if (frame instanceof Frame.ToolStarted || frame instanceof Frame.ToolEnded) {
      onTool(frame, nowNanos); // facts about the world, even from a cancelled reply
      return;
    }
    if (frame instanceof Frame.Response response
        && response.responseId() != responseId
        && !(response.responseId() == givenUpResponseId
            && (frame instanceof Frame.SpeechText || frame instanceof Frame.SpeechAudio))) {
      return; // a reply that was cancelled: the one stale-id guard
    }
    switch (frame) {
      case Frame.UserAudio audio ->
          onUserAudio(audio.samples(), 0, audio.samples().length, nowNanos);
      case Frame.TranscriptPartial partial -> {
        if (ignoreTranscripts) {
          return;
        }
        partialText = partial.text();
        dropStaleSpeculation(nowNanos);
        onBargeIn(bargeIn.onWords(currentUserText()), nowNanos);
        emit(new SessionEvent.TranscriptPartial(rel(nowNanos), currentUserText()));
        apply(policy.onTranscript(currentUserText(), nowNanos), nowNanos);
        speculateEarly(nowNanos);
      }
      case Frame.TranscriptFinal fin -> {
        awaitingFinal = false;
        stall.recognizerFinal();
        if (ignoreTranscripts) {
          return;
        }
        partialText = "";
        for (SpeechRecognizer.Word word : fin.words()) {
          appendWords(turnText, word.text());
        }
        dropStaleSpeculation(nowNanos);
        onBargeIn(bargeIn.onWords(currentUserText()), nowNanos);
        apply(policy.onTranscript(currentUserText(), nowNanos), nowNanos);
        speculateEarly(nowNanos);
        if (endOfTurnWaiting) {
          endTurn(nowNanos);
        }
      }
      case Frame.TurnJudgement judgement -> {
        if (judgement.turnEpoch() == turnEpoch) {
          apply(policy.onJudgement(judgement.probability(), nowNanos), nowNanos);
        }
      }
      case Frame.AgentText text -> {
        if (breakdownTokenNanos < 0) {
          breakdownTokenNanos = nowNanos;
        }
        replyText.append(text.delta());
        long id = responseId;
        ttsWorker.submit(out -> ttsSide.push(out, id, text.delta()));
        stall.agentAlive(nowNanos);
        stall.synthesizerGiven(nowNanos, endsASentence(text.delta()));
      }
      case Frame.AgentExpects expects -> {
        String slot = expects.slot();
        sttWorker.submit(out -> sttSide.expect(slot));
      }
      case Frame.AgentDone done -> {
        long id = responseId;
        ttsWorker.submit(out -> ttsSide.flush(out, id));
        agentDoneResponseId = id;
        stall.stopWatchingAgent();
        stall.synthesizerGiven(nowNanos, true);
      }
      case Frame.AgentFailed failed -> {
        if (speculation != null) {
          emit(new SessionEvent.ServiceFailed(rel(nowNanos), "agent", failed.message()));
          dropSpeculation(nowNanos); // the final turn asks again
        } else {
          giveUpOnAgent(failed.message(), nowNanos);
        }
      }
      case Frame.ToolStarted tool -> onTool(tool, nowNanos);
      case Frame.ToolEnded tool -> onTool(tool, nowNanos);
      case Frame.SpeechText text -> {
        cutBeforeApology(text.responseId());
        playout.announce(text.text());
      }
      case Frame.SpeechAudio audio -> {
        if (breakdownAudioNanos < 0) {
          breakdownAudioNanos = nowNanos;
        }
        cutBeforeApology(audio.responseId());
        playout.append(audio.samples());
        stall.synthesizerAnswered();
        if (nextTickNanos == NEVER && speculation == null) { // a speculative reply is held
          nextTickNanos = nextGridNanos(Math.max(nowNanos, replyNotBeforeNanos));
        }
      }
      case Frame.SpeechDone done -> {
        playout.finish();
        stall.synthesizerAnswered();
        if (reply != Reply.SPEAKING && !playout.hasAudio() && speculation == null) {
          finishReply(nowNanos); // the agent had nothing to say
        }
      }
      case Frame.ComponentFailed failed -> {
        // A model that fails on every window or turn is reported once, not every time.
        if (reportedFailures.add(failed.component() + ": " + failed.message())) {
          emit(new SessionEvent.ServiceFailed(rel(nowNanos), failed.component(), failed.message()));
        }
      }
      case Frame.MaskingClip clip -> mask.addClip(clip.text(), clip.samples(), clip.progress());
      case Frame.BackchannelClip clip -> {
        backchannelTexts.add(clip.text());
        backchannelClips.add(clip.samples());
      }
      case Frame.Hangup hangup -> end(hangup.reason(), nowNanos);
      case Frame.CallActionRequested request ->
          callAction.request(request.responseId(), request.action());
      case Frame.CallActionDone done -> onCallActionDone(done, nowNanos);
      case Frame.Dtmf dtmf -> onDtmf(dtmf.digit(), nowNanos);
      case Frame.PlaybackHeard heard -> {
        heardConfirmed = true;
        heardUpToNanos = Math.max(heardUpToNanos, heard.upToNanos());
      }
    }
  }

  // ---- time -------------------------------------------------------------------------------

  /** Runs whatever is due at {@code nowNanos}. */
  void onTime(long nowNanos) {
    if (ended) {
      return;
    }
    if (nextTickNanos <= nowNanos) {
      long tick = nextTickNanos;
      nextTickNanos = NEVER;
      playTick(tick);
    }
    if (policyWakeNanos <= nowNanos) {
      policyWakeNanos = NEVER;
      apply(policy.onWake(nowNanos), nowNanos);
    }
    if (finalDeadlineNanos <= nowNanos && endOfTurnWaiting) {
      awaitingFinal = false;
      endTurn(nowNanos);
    }
    if (bargeIn.wakeAtNanos() <= nowNanos) {
      onBargeIn(bargeIn.onWake(nowNanos), nowNanos);
    }
    if (idleAtNanos <= nowNanos) {
      idleAtNanos = NEVER;
      onIdle(nowNanos);
    }
    if (backchannelAtNanos <= nowNanos) {
      backchannelAtNanos = NEVER;
      startBackchannel(nowNanos);
    }
    if (mask.atNanos <= nowNanos) {
      mask.atNanos = NEVER;
      maybeMask(nowNanos);
    }
    if (mask.tickNanos <= nowNanos) {
      long tick = mask.tickNanos;
      mask.tickNanos = NEVER;
      playMaskTick(tick);
    }
    if (backchannelTickNanos <= nowNanos) {
      long tick = backchannelTickNanos;
      backchannelTickNanos = NEVER;
      playBackchannelTick(tick);
    }
    if (stall.nextDeadlineNanos() <= nowNanos) {
      if (toolRunning()) {
        stall.agentAlive(nowNanos); // a tool's wait is the tool watch's and the mask's to cover
      }
      for (StallWatch.Due due = stall.onTime(nowNanos);
          due != StallWatch.Due.NONE && !ended;
          due = stall.onTime(nowNanos)) {
        onStall(due, nowNanos);
      }
    }
    if (callAction.nextDeadlineNanos() <= nowNanos) {
      long heard = heardConfirmed ? originNanos + heardUpToNanos : Long.MIN_VALUE;
      CallAction due = callAction.takeDue(nowNanos, heardConfirmed, heard);
      if (due != null) {
        runCallAction(due);
      }
    }
  }

  private long nextGridNanos(long nowNanos) {
    long sinceOrigin = nowNanos - originNanos;
    long frames = (sinceOrigin + FRAME_NANOS - 1) / FRAME_NANOS;
    return originNanos + frames * FRAME_NANOS;
  }

  private void playTick(long tickNanos) {
    boolean userStarting =
        reply != Reply.SPEAKING && (segmenter.speaking() || segmenter.pendingOnsetNanos() >= 0);
    // Hold the grid: while a filler plays to its end (the answer follows it), and rather than
    // start a reply over a user who has started to speak.
    if (mask.playing != null || userStarting) {
      recordAgentLevel(SILENCE_DB);
      nextTickNanos = tickNanos + FRAME_NANOS;
      return;
    }
    ReplyPause.Step step = pause.tick();
    if (step != ReplyPause.Step.PLAY) {
      // Paused while the caller's sound is judged: fade out, clear the transport, then hold.
      double level = SILENCE_DB;
      if (step == ReplyPause.Step.FADE_OUT) {
        playout.peek(frame);
        ReplyPause.fadeOut(frame);
        level = levelDb(frame, 0, FRAME_SAMPLES);
        output.play(rel(tickNanos), frame, 0, FRAME_SAMPLES);
      } else if (step == ReplyPause.Step.CLEAR) {
        output.clear();
      }
      recordAgentLevel(level);
      nextTickNanos = tickNanos + FRAME_NANOS; // hold the grid while the overlap is judged
      return;
    }
    int filled = playout.pull(frame);
    pause.played(frame, filled);
    playout.sentUntil(rel(tickNanos) + FRAME_NANOS);
    recordAgentLevel(filled > 0 ? levelDb(frame, 0, FRAME_SAMPLES) : SILENCE_DB);
    if (filled > 0) {
      if (reply != Reply.SPEAKING) {
        reply = Reply.SPEAKING;
        replyAudioStartNanos = tickNanos;
        emitLatencyBreakdown(tickNanos);
        emit(
            new SessionEvent.AgentSpeechStarted(
                rel(tickNanos), SpeechKind.RESPONSE, replyText.toString()));
      }
      output.play(rel(tickNanos), frame, 0, FRAME_SAMPLES);
    }
    if (playout.drained()) {
      finishReply(tickNanos + filled * SAMPLE_NANOS);
    } else {
      nextTickNanos = tickNanos + FRAME_NANOS; // absolute deadlines: playout never drifts
    }
  }

  private void emitLatencyBreakdown(long sentNanos) {
    if (breakdownTurnEndNanos < 0) {
      return; // an idle prompt, or a reply already measured
    }
    emit(
        new SessionEvent.LatencyBreakdown(
            rel(sentNanos),
            rel(breakdownSpeechEndNanos),
            rel(breakdownTurnEndNanos),
            breakdownTokenNanos < 0 ? -1 : rel(breakdownTokenNanos),
            breakdownAudioNanos < 0 ? -1 : rel(breakdownAudioNanos)));
    breakdownTurnEndNanos = -1;
  }

  /**
   * Tool frames are facts about the world and pass the stale-id guard: a side effect that finishes
   * after its reply was interrupted is still recorded, once. A read-only call of a cancelled reply
   * was reported cancelled at the time, and its late end is ignored.
   */
  private void onTool(Frame frame, long nowNanos) {
    switch (frame) {
      case Frame.ToolStarted tool -> {
        OpenCall kept = openCalls.get(tool.id());
        if (kept != null) {
          // A redone reply asks again for a call still running from the one it replaced (a read
          // kept for it, or a side effect that could not be cancelled): it is now this reply's
          // wait, to be masked from when the call began.
          boolean keptRead = detachedCalls.remove(tool.id());
          if (keptRead || (tool.responseId() == responseId && kept.responseId() != responseId)) {
            openCalls.put(
                tool.id(),
                new OpenCall(kept.name(), tool.responseId(), kept.startNanos(), kept.readOnly()));
            rearmMask();
          }
          return;
        }
        if (endedCalls.contains(tool.id())) {
          return;
        }
        boolean readOnly = tools.effect(tool.name()) == ToolEffect.READ_ONLY;
        if (tool.responseId() != responseId && tool.responseId() != 0 && readOnly) {
          return; // started by a reply already cancelled; its end is reported nowhere
        }
        openCalls.put(tool.id(), new OpenCall(tool.name(), tool.responseId(), nowNanos, readOnly));
        emit(
            new SessionEvent.ToolCallStarted(
                rel(nowNanos), tool.id(), tool.name(), tool.argumentsJson(), tool.speculative()));
        rearmMask();
      }
      case Frame.ToolEnded tool -> {
        if (tool.status() == ToolStatus.COMPENSATED) {
          if (endedCalls.add(tool.id() + "#undo")) {
            emit(
                new SessionEvent.ToolCallEnded(
                    rel(nowNanos), tool.id(), tool.name(), ToolStatus.COMPENSATED));
            recordTool(tool);
          }
          return;
        }
        if (openCalls.remove(tool.id()) == null) {
          return; // already reported (cancelled), or never started for the session
        }
        endedCalls.add(tool.id());
        emit(new SessionEvent.ToolCallEnded(rel(nowNanos), tool.id(), tool.name(), tool.status()));
        if (tool.responseId() == responseId) {
          stall.agentAlive(nowNanos); // the agent goes on from the tool's result
        }
        if (!detachedCalls.remove(tool.id())) {
          recordTool(tool);
        }
        rearmMask();
      }
      default -> throw new IllegalArgumentException("not a tool frame: " + frame);
    }
  }

  private void recordTool(Frame.ToolEnded tool) {
    Conversation.Turn turn =
        new Conversation.Turn.Tool(
            tool.id(), tool.name(), tool.argumentsJson(), tool.status(), tool.resultJson());
    Speculation early = speculation;
    if (early != null && tool.responseId() == early.responseId) {
      early.heldTools.add(turn); // part of the conversation only if the reply is promoted
    } else {
      history.add(turn);
    }
  }

  /** Reports the read-only calls of a cancelled reply as cancelled, now. */
  private void cancelOpenReads(long cancelledId, long nowNanos) {
    var it = openCalls.entrySet().iterator();
    while (it.hasNext()) {
      var entry = it.next();
      OpenCall call = entry.getValue();
      if (call.responseId() == cancelledId
          && call.readOnly()
          && !detachedCalls.contains(entry.getKey())) {
        it.remove();
        endedCalls.add(entry.getKey());
        emit(
            new SessionEvent.ToolCallEnded(
                rel(nowNanos), entry.getKey(), call.name(), ToolStatus.CANCELLED));
      }
    }
    if (cancelledId != keptReadsResponseId) {
      tools.discard(cancelledId, nowNanos);
    }
  }

  // ---- the reply --------------------------------------------------------------------------

  private void startReply() {
    responseId++;
    breakdownTokenNanos = -1;
    breakdownAudioNanos = -1;
    submitReply(new Conversation(call.callId(), history), ToolRuntime.Reply.fin(responseId));
  }

  /**
   * Starts a reply to the words so far on an eager end of turn: its audio is held and its side
   * effects wait until the turn is final.
   */
  private void speculate() {
    String text = currentUserText();
    if (!config.speculation().enabled()
        || reply != Reply.IDLE
        || speculation != null
        || text.isBlank()) {
      return;
    }
    List<Conversation.Turn> turns = new ArrayList<>(history);
    UserAffect affect = prosody.inTurn() ? prosody.summary() : UserAffect.silent(0);
    turns.add(new Conversation.Turn.User(text, affect));
    responseId++;
    Speculation early = new Speculation(responseId, text);
    speculation = early;
    breakdownTokenNanos = -1;
    breakdownAudioNanos = -1;
    submitReply(
        new Conversation(call.callId(), turns),
        new ToolRuntime.Reply(
            responseId, true, early.gate, new java.util.concurrent.atomic.AtomicBoolean()));
  }

  /**
   * An eager end of turn before the silence is confirmed: the user has gone quiet (the VAD's
   * silence has begun but not yet lasted {@code vad.minSilenceMillis}), the recogniser has given
   * the words up to the silence, and they read as a finished turn. The turn policy's own eager end
   * waits for the confirmed silence, up to 200 ms later; starting here is what lets a promoted
   * reply save time (LiveKit's preemptive generation, Flux's {@code EagerEndOfTurn}).
   */
  private void speculateEarly(long nowNanos) {
    if (!config.speculation().enabled()
        || eagerSent
        || reply != Reply.IDLE
        || bargeIn.active()
        || segmenter.pendingSilenceNanos() < 0) {
      return;
    }
    String text = currentUserText();
    double p = turnTaking.earlyEnd(text, lastAgentUtterance);
    if (Double.isNaN(p)) {
      return;
    }
    eagerSent = true;
    emit(new SessionEvent.UserTurnEagerEnd(rel(nowNanos), text, p));
    speculate();
  }

  /** The final turn is what the speculative reply answered: let it be heard. */
  private void promote(Speculation early, long nowNanos) {
    speculation = null;
    history.addAll(early.heldTools);
    early.gate.open();
    if (playout.hasAudio() && nextTickNanos == NEVER) {
      nextTickNanos = nextGridNanos(Math.max(nowNanos, replyNotBeforeNanos));
    } else if (playout.finished() && !playout.hasAudio()) {
      finishReply(nowNanos);
    }
    rearmMask();
  }

  /** Cancels a speculative reply whose words are no longer the user's. */
  private void dropStaleSpeculation(long nowNanos) {
    Speculation early = speculation;
    if (early != null && !early.answers(currentUserText())) {
      dropSpeculation(nowNanos);
      if (eagerSent) {
        eagerSent = false; // the words went on: the new ones may have their own eager end
        emit(new SessionEvent.UserTurnResumed(rel(nowNanos)));
      }
    }
  }

  /**
   * Cancels the speculative reply. Its read-only calls still running are left to finish: their
   * results go to the turn's cache, where the redone reply finds them if it asks the same.
   */
  private void dropSpeculation(long nowNanos) {
    if (speculation != null) {
      speculation = null;
      keepReads();
      cancelReply(nowNanos);
    }
  }

  /**
   * The current reply is about to be cancelled and redone for the same turn: its read-only calls
   * still running finish into the turn's cache (reported when they end, not recorded), where the
   * redone reply finds them if it asks the same.
   */
  private void keepReads() {
    for (var entry : openCalls.entrySet()) {
      if (entry.getValue().responseId() == responseId) {
        detachedCalls.add(entry.getKey());
      }
    }
    keptReadsResponseId = responseId;
    ToolRuntime.Reply context = replyContext;
    if (context != null && context.responseId() == responseId) {
      context.keepReads().set(true);
    }
  }

  private void submitReply(Conversation conversation, ToolRuntime.Reply context) {
    stall.replyStarted();
    replyContext = context;
    reply = Reply.THINKING;
    replyText.setLength(0);
    playout = new Playout();
    mask.newReply();
    long id = responseId;
    Agent agent = components.agent();
    agentWorker.submit(
        out -> {
          try {
            agent.respond(conversation, new ReplyPoster(out, context, tools));
          } catch (RuntimeException e) { // a ProviderException, or a bug in the agent
            // Never a silent dead line: the session ends what was said cleanly and apologises.
            out.post(new Frame.AgentFailed(id, String.valueOf(e.getMessage())));
          } finally {
            out.post(new Frame.AgentDone(id));
          }
        });
  }

  private void finishReply(long atNanos) {
    callAction.replyFinished(responseId, atNanos);
    if (reply == Reply.SPEAKING) {
      String text = playout.text();
      emit(new SessionEvent.AgentSpeechEnded(rel(atNanos), SpeechKind.RESPONSE, text, false));
      history.add(new Conversation.Turn.Agent(replyText.toString(), text, false));
      lastAgentUtterance = text;
      policy.onAgentUtterance(text);
      SessionConfig.Idle idle = config.idle();
      if (idle.idleMillis() > 0 && (idlePrompts < idle.maxPrompts() || idle.hangUpAfterPrompts())) {
        idleAtNanos = atNanos + idle.idleMillis() * MILLI;
      }
    }
    reply = Reply.IDLE;
    nextTickNanos = NEVER;
    playout = new Playout();
    pause.reset();
    tools.forgetReads();
    mask.newReply();
    givenUpResponseId = -1;
    cutBeforeApology = false;
    stall.stopWatchingAgent();
    stall.synthesizerReleased();
    if (stall.endingCall()) {
      end("service unavailable", atNanos); // the goodbye has been said
    }
  }

  /**
   * A key press is deliberate input: it stops the agent at once and is the user's whole turn, as
   * the text {@code [DTMF 5]}.
   */
  private void onDtmf(char digit, long nowNanos) {
    if (reply == Reply.SPEAKING) {
      interrupt(nowNanos);
    } else if (reply == Reply.THINKING) {
      cancelReply(nowNanos);
    }
    carriedUserText = "";
    turnText.setLength(0);
    partialText = "";
    policy.reset();
    policyWakeNanos = NEVER;
    turnText.append("[DTMF ").append(digit).append(']');
    awaitingFinal = false;
    endTurn(nowNanos);
  }

  private void interrupt(long nowNanos) {
    String heard = heardConfirmed ? playout.heardTextUpTo(heardUpToNanos) : playout.heardText();
    emit(new SessionEvent.AgentInterrupted(rel(nowNanos), heard));
    if (reply == Reply.SPEAKING) {
      emit(new SessionEvent.AgentSpeechEnded(rel(nowNanos), SpeechKind.RESPONSE, heard, true));
    }
    history.add(new Conversation.Turn.Agent(replyText.toString(), heard, true));
    lastAgentUtterance = heard;
    policy.onAgentUtterance(heard);
    cancelReply(nowNanos);
    output.clear();
  }

  /** Abandons the current reply: later frames of it fall to the stale-id guard. */
  private void cancelReply(long nowNanos) {
    cancelOpenReads(responseId, nowNanos);
    mask.newReply();
    responseId++;
    agentWorker.cancel();
    ttsWorker.cancel();
    ttsWorker.submit(out -> ttsSide.close());
    reply = Reply.IDLE;
    nextTickNanos = NEVER;
    playout = new Playout();
    bargeIn.clear();
    pause.reset();
    stall.stopWatchingAgent();
    stall.synthesizerReleased();
    givenUpResponseId = -1; // cancelled too: its audio still owed is no longer wanted
    cutBeforeApology = false;
  }

  private void onBargeIn(BargeInPolicy.Action action, long nowNanos) {
    switch (action) {
      case NONE -> {}
      case PAUSE -> pause.pause();
      case INTERRUPT -> {
        interrupt(nowNanos);
        policy.onInterruptedAgent();
        apply(policy.onWake(nowNanos), nowNanos); // the overlap is the user's turn now
      }
      case RESUME -> {
        emit(new SessionEvent.InterruptionIgnored(rel(nowNanos), bargeIn.reason()));
        resumeReply(nowNanos);
        // The sound was not a turn: forget it, and any words of it still on their way.
        policy.reset();
        policyWakeNanos = NEVER;
        turnOpen = false;
        if (prosody.inTurn()) {
          prosody.endTurn(); // a backchannel is too short to move the speaker's baseline
        }
        turnText.setLength(0);
        partialText = "";
        turnVoicedNanos = 0;
        ignoreTranscripts = true;
      }
    }
  }

  /**
   * The reply goes on after a pause. If the transport dropped its buffer meanwhile, the reply goes
   * back to what the caller confirmed hearing, so no word is skipped and heard text stays exact.
   */
  private void resumeReply(long nowNanos) {
    if (pause.resume() && heardConfirmed) {
      playout.rewindToHeard(heardUpToNanos);
    }
    emit(new SessionEvent.AgentResumed(rel(nowNanos)));
  }

  // ---- latency masking --------------------------------------------------------------------

  private void rearmMask() {
    long oldest = NEVER;
    if (reply != Reply.IDLE && speculation == null) {
      for (OpenCall call : openCalls.values()) {
        if (call.responseId() == responseId) {
          oldest = Math.min(oldest, call.startNanos());
        }
      }
    }
    mask.rearm(oldest, lastSilenceNanos);
  }

  /** A tool has run long: say something, unless someone is speaking or the user just stopped. */
  private void maybeMask(long nowNanos) {
    if (reply == Reply.IDLE || speculation != null) {
      return;
    }
    LatencyMask.Line line = quietForALine(nowNanos) ? mask.next() : null;
    if (line == null) {
      mask.atNanos = nowNanos + 5 * FRAME_NANOS; // look again in 100 ms
      return;
    }
    startMaskLine(line, nowNanos);
  }

  /** Whether nobody speaks and the user did not just stop: a masking line may start. */
  private boolean quietForALine(long nowNanos) {
    boolean userHolds =
        segmenter.speaking()
            || segmenter.pendingOnsetNanos() >= 0
            || bargeIn.active()
            || nowNanos < lastSilenceNanos + config.pacingMillis() * MILLI;
    boolean agentSpeaks = mask.playing != null || backchannel != null || playout.hasAudio();
    return !userHolds && !agentSpeaks && !pause.paused();
  }

  private void startMaskLine(LatencyMask.Line line, long nowNanos) {
    Playout clip = new Playout();
    clip.announce(line.text());
    clip.append(line.clip());
    clip.finish();
    mask.playing = clip;
    mask.text = line.text();
    mask.audible = false;
    mask.tickNanos = nextGridNanos(nowNanos);
    rearmMask();
  }

  private void playMaskTick(long tickNanos) {
    Playout clip = mask.playing;
    if (clip == null) {
      return;
    }
    int filled = clip.pull(backchannelFrame);
    recordAgentLevel(filled > 0 ? levelDb(backchannelFrame, 0, FRAME_SAMPLES) : SILENCE_DB);
    if (filled > 0) {
      if (!mask.audible) {
        mask.audible = true;
        emit(new SessionEvent.AgentSpeechStarted(rel(tickNanos), SpeechKind.FILLER, mask.text));
      }
      output.play(rel(tickNanos), backchannelFrame, 0, FRAME_SAMPLES);
    }
    if (clip.drained()) {
      endMaskLine(tickNanos + filled * SAMPLE_NANOS, clip.text(), false);
    } else {
      mask.tickNanos = tickNanos + FRAME_NANOS;
    }
  }

  private void stopMaskLine(long nowNanos, boolean interrupted) {
    Playout clip = mask.playing;
    if (clip != null) {
      output.clear();
      endMaskLine(nowNanos, clip.heardText(), interrupted);
    }
  }

  /** The line ended: it is what the user heard the agent say, in its own turn. */
  private void endMaskLine(long atNanos, String heard, boolean interrupted) {
    if (mask.audible) {
      emit(new SessionEvent.AgentSpeechEnded(rel(atNanos), SpeechKind.FILLER, heard, interrupted));
      history.add(new Conversation.Turn.Agent(mask.text, heard, interrupted));
    }
    mask.playing = null;
    mask.tickNanos = NEVER;
    mask.lineEnded(atNanos);
    rearmMask();
  }

  // ---- stalls -----------------------------------------------------------------------------

  private boolean toolRunning() {
    for (OpenCall call : openCalls.values()) {
      if (call.responseId() == responseId) {
        return true;
      }
    }
    return false;
  }

  private void onStall(StallWatch.Due due, long nowNanos) {
    SessionConfig.Stall settings = config.stall();
    switch (due) {
      case NONE -> {}
      case AGENT_FILLER -> {
        if (reply != Reply.IDLE && speculation == null) {
          LatencyMask.Line line = quietForALine(nowNanos) ? mask.next() : null;
          if (line != null) {
            startMaskLine(line, nowNanos); // the caller hears the agent is on it
          } else if (!quietForALine(nowNanos)) {
            stall.fillerDeferred(nowNanos);
          }
        }
      }
      case AGENT_STALLED ->
          giveUpOnAgent(
              "no words for " + settings.agentLimitMillis() + " ms: the reply was given up",
              nowNanos);
      case RECOGNIZER_STALLED -> {
        emit(
            new SessionEvent.ServiceFailed(
                rel(nowNanos),
                "stt",
                "no final result "
                    + settings.recognizerLimitMillis()
                    + " ms after the end of speech: the stream was reopened"));
        stall.recognizerReopened();
        sttWorker.cancel(); // a recogniser stuck in push or flush is interrupted and replaced
        sttWorker.submit(out -> sttSide.close());
        sttWorker.submit(sttSide::open);
        awaitingFinal = false;
        if (endOfTurnWaiting) {
          endTurn(nowNanos);
        }
        if (stall.tooManyStalls()) {
          sayGoodbye(nowNanos);
        }
      }
      case SYNTHESIZER_STALLED -> {
        emit(
            new SessionEvent.ServiceFailed(
                rel(nowNanos),
                "tts",
                "no audio "
                    + settings.synthesizerLimitMillis()
                    + " ms after text to speak: the reply was given up"));
        if (stall.tooManyStalls() || stall.endingCall()) {
          end("synthesizer stalled", nowNanos); // no voice left to say goodbye with
          return;
        }
        // What was synthesised still plays; the rest of the reply is dropped, and the next turn
        // opens a fresh synthesiser stream.
        stall.stopWatchingAgent();
        cancelOpenReads(responseId, nowNanos);
        responseId++;
        agentWorker.cancel();
        ttsWorker.cancel();
        ttsWorker.submit(out -> ttsSide.close());
        playout.finish();
        if (reply != Reply.SPEAKING && !playout.hasAudio()) {
          finishReply(nowNanos);
        }
      }
    }
  }

  /**
   * The agent stalled past its limit or failed mid-reply: what was said ends at a sentence
   * boundary, the apology follows as a sentence of its own, and the call goes on to the next turn.
   * The reply keeps playing under a new response id, so whatever the abandoned stream still sends
   * falls to the stale-id guard.
   */
  private void giveUpOnAgent(String why, long nowNanos) {
    emit(new SessionEvent.ServiceFailed(rel(nowNanos), "agent", why));
    stall.stopWatchingAgent();
    cancelOpenReads(responseId, nowNanos);
    givenUpResponseId = responseId;
    cutBeforeApology = true;
    responseId++;
    agentWorker.cancel();
    boolean last = stall.tooManyStalls();
    String line = last ? config.stall().goodbye() : config.apology();
    if (last) {
      stall.endCall();
    }
    if (!replyText.isEmpty()) {
      replyText.append(' ');
    }
    replyText.append(line);
    long id = responseId;
    // Queued behind the text already given: a new stream for the new id closes the old one, which
    // drops the half sentence it was holding.
    ttsWorker.submit(
        out -> {
          ttsSide.push(out, id, line);
          ttsSide.flush(out, id);
        });
    stall.synthesizerGiven(nowNanos, true);
    rearmMask();
  }

  /** The apology's first sound: everything owed for the given-up text has arrived; cut it. */
  private void cutBeforeApology(long speechResponseId) {
    if (cutBeforeApology && speechResponseId == responseId) {
      cutBeforeApology = false;
      givenUpResponseId = -1;
      playout.cutAtSentenceEnd();
    }
  }

  /** A component keeps stalling: say goodbye, and hang up once it is said. */
  private void sayGoodbye(long nowNanos) {
    if (reply == Reply.SPEAKING) {
      interrupt(nowNanos);
    } else if (reply == Reply.THINKING) {
      cancelReply(nowNanos);
    }
    stall.endCall();
    speak(config.stall().goodbye(), nowNanos);
  }

  /** Whether {@code text} completes a sentence, which a synthesiser must then speak. */
  private static boolean endsASentence(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '.' || c == '!' || c == '?') {
        return true;
      }
    }
    return false;
  }

  /** The user has been quiet since the agent finished: prompt them, or end the call. */
  private void onIdle(long nowNanos) {
    if (reply != Reply.IDLE || segmenter.speaking()) {
      return;
    }
    SessionConfig.Idle idle = config.idle();
    if (idlePrompts < idle.maxPrompts()) {
      idlePrompts++;
      speak(idle.prompt(), nowNanos);
    } else if (idle.hangUpAfterPrompts()) {
      end("user idle", nowNanos);
    }
  }

  /** Says a fixed line as a reply of its own, without asking the agent. */
  private void speak(String text, long nowNanos) {
    breakdownTurnEndNanos = -1;
    responseId++;
    reply = Reply.THINKING;
    replyText.setLength(0);
    replyText.append(text);
    playout = new Playout();
    replyNotBeforeNanos = nowNanos;
    long id = responseId;
    ttsWorker.submit(
        out -> {
          ttsSide.push(out, id, text);
          ttsSide.flush(out, id);
        });
    stall.synthesizerGiven(nowNanos, true);
  }

  /**
   * Schedules a backchannel in this pause if the user has talked long enough and the dice say so.
   */
  private void maybeBackchannel(long silenceNanos, long nowNanos) {
    SessionConfig.Backchannels settings = config.backchannels();
    if (!settings.enabled()
        || backchannelClips.isEmpty()
        || reply != Reply.IDLE
        || !turnOpen
        || silenceNanos - turnStartNanos < settings.minTurnMillis() * MILLI
        || silenceNanos - lastBackchannelNanos < settings.minSpacingMillis() * MILLI) {
      return;
    }
    backchannelRoll = (backchannelRoll * 0x5DEECE66DL + 0xBL) & ((1L << 48) - 1);
    if ((backchannelRoll >>> 24) / (double) (1L << 24) >= settings.frequency()) {
      return;
    }
    backchannelAtNanos = Math.max(nowNanos, silenceNanos + settings.minPauseMillis() * MILLI);
  }

  private void startBackchannel(long nowNanos) {
    if (reply != Reply.IDLE || segmenter.speaking() || segmenter.pendingOnsetNanos() >= 0) {
      return;
    }
    int index = backchannelNext++ % backchannelClips.size();
    Playout clip = new Playout();
    clip.announce(backchannelTexts.get(index));
    clip.append(backchannelClips.get(index));
    clip.finish();
    backchannel = clip;
    backchannelText = backchannelTexts.get(index);
    backchannelAudible = false;
    backchannelTickNanos = nextGridNanos(nowNanos);
    lastBackchannelNanos = nowNanos;
  }

  private void playBackchannelTick(long tickNanos) {
    Playout clip = backchannel;
    if (clip == null) {
      return;
    }
    int filled = clip.pull(backchannelFrame);
    double gain = config.backchannels().gain();
    for (int i = 0; i < filled; i++) {
      backchannelFrame[i] = (short) Math.round(backchannelFrame[i] * gain);
    }
    recordAgentLevel(filled > 0 ? levelDb(backchannelFrame, 0, FRAME_SAMPLES) : SILENCE_DB);
    if (filled > 0) {
      if (!backchannelAudible) {
        backchannelAudible = true;
        emit(
            new SessionEvent.AgentSpeechStarted(
                rel(tickNanos), SpeechKind.BACKCHANNEL, backchannelText));
      }
      output.play(rel(tickNanos), backchannelFrame, 0, FRAME_SAMPLES);
    }
    if (clip.drained()) {
      backchannel = null;
      if (backchannelAudible) {
        emit(
            new SessionEvent.AgentSpeechEnded(
                rel(tickNanos + filled * SAMPLE_NANOS),
                SpeechKind.BACKCHANNEL,
                backchannelText,
                false));
      }
    } else {
      backchannelTickNanos = tickNanos + FRAME_NANOS;
    }
  }

  private void stopBackchannel(long nowNanos, boolean interrupted) {
    if (backchannel != null && backchannelAudible) {
      emit(
          new SessionEvent.AgentSpeechEnded(
              rel(nowNanos), SpeechKind.BACKCHANNEL, backchannelText, interrupted));
      output.clear();
    }
    backchannel = null;
    backchannelTickNanos = NEVER;
  }

  /** Speaks {@code text} whole, at the session rate: for short clips prepared ahead. */
  private static short[] synthesize(SpeechSynthesizer synthesizer, String text)
      throws InterruptedException {
    List<short[]> blocks = new ArrayList<>();
    try (SpeechSynthesizer.Stream stream =
        synthesizer.open(
            new SpeechSynthesizer.Listener() {
              @Override
              public void text(String spoken) {}

              @Override
              public void audio(short[] samples, int offset, int length) {
                blocks.add(java.util.Arrays.copyOfRange(samples, offset, offset + length));
              }
            })) {
      stream.push(text);
      stream.flush();
    }
    int total = 0;
    for (short[] block : blocks) {
      total += block.length;
    }
    short[] all = new short[total];
    int at = 0;
    for (short[] block : blocks) {
      System.arraycopy(block, 0, all, at, block.length);
      at += block.length;
    }
    int rate = synthesizer.sampleRate();
    return rate == RATE ? all : Resampler.resample(all, rate, RATE);
  }

  private void recordAgentLevel(double db) {
    agentLevelsDb[agentLevelIndex] = db;
    agentLevelIndex = (agentLevelIndex + 1) % agentLevelsDb.length;
  }

  private void end(String reason, long nowNanos) {
    if (reply == Reply.SPEAKING) {
      interrupt(nowNanos);
    } else if (reply == Reply.THINKING) {
      cancelReply(nowNanos);
    }
    emit(new SessionEvent.SessionEnded(rel(nowNanos), reason));
    ended = true;
    sttWorker.submit(out -> sttSide.close());
    vad.close();
  }

  // ---- call control ----------------------------------------------------------------------

  /**
   * Opens the call before the caller speaks: the agent's greeting is a reply like any other (its
   * tool calls masked, the caller able to interrupt it), answering no turn, so it has no latency
   * breakdown. Its job mirrors {@link #submitReply}'s, with {@link Agent#greet} for {@code
   * respond}.
   */
  private void greet() {
    responseId++;
    ToolRuntime.Reply context = ToolRuntime.Reply.fin(responseId);
    replyContext = context;
    reply = Reply.THINKING;
    replyText.setLength(0);
    playout = new Playout();
    mask.newReply();
    long id = responseId;
    Agent agent = components.agent();
    CallInfo info = call;
    String apology = config.apology();
    agentWorker.submit(
        out -> {
          try {
            agent.greet(info, new ReplyPoster(out, context, tools));
          } catch (RuntimeException e) { // a ProviderException, or a bug in the agent
            out.post(new Frame.ComponentFailed("agent", String.valueOf(e.getMessage())));
            out.post(new Frame.AgentText(id, " " + apology));
          } finally {
            out.post(new Frame.AgentDone(id));
          }
        });
  }

  /** Asks the carrier, off the loop, for what a reply's call-control tool requested. */
  private void runCallAction(CallAction action) {
    Worker worker = controlWorker;
    if (worker == null) {
      worker = workers.worker("control");
      controlWorker = worker;
    }
    CallControl carrier = control;
    worker.submit(
        out -> {
          String failure = "";
          try {
            switch (action) {
              case CallAction.HangUp h -> carrier.hangUp();
              case CallAction.Transfer t -> carrier.transfer(t.target());
            }
          } catch (RuntimeException e) { // a ProviderException, or a bug in the transport
            failure = String.valueOf(e.getMessage());
          }
          out.post(new Frame.CallActionDone(action, failure));
        });
  }

  /**
   * The carrier has acted: a hang-up ends the session even if the carrier refused (ending the
   * session closes the media connection); a transfer that failed keeps the call, tells the caller,
   * and leaves a failed tool turn so the agent knows.
   */
  private void onCallActionDone(Frame.CallActionDone done, long nowNanos) {
    callAction.done();
    String failure = done.failure();
    if (!failure.isEmpty()) {
      emit(new SessionEvent.ServiceFailed(rel(nowNanos), "call control", failure));
    }
    switch (done.action()) {
      case CallAction.HangUp h -> end("agent ended the call", nowNanos);
      case CallAction.Transfer t -> {
        if (failure.isEmpty()) {
          end("transferred to " + t.target(), nowNanos);
        } else {
          history.add(
              new Conversation.Turn.Tool(
                  "transfer-" + responseId,
                  "transfer_call",
                  "{\"target\":" + dev.parley.core.tool.ToolJson.quote(t.target()) + "}",
                  ToolStatus.FAILED,
                  ToolRuntime.error("the transfer failed: " + failure)));
          if (reply == Reply.IDLE) {
            speak(config.apology(), nowNanos);
          }
        }
      }
    }
  }

  /** Stops the workers; call after the loop has stopped. */
  void closeWorkers() {
    // The stream's close job that end() queued may be dropped by a plain close; this one runs.
    sttWorker.closeAfter(out -> sttSide.close());
    agentWorker.close();
    ttsWorker.close();
    if (turnWorker != null) {
      turnWorker.close();
    }
    if (prefetchWorker != null) {
      prefetchWorker.close();
    }
    if (controlWorker != null) {
      controlWorker.close();
    }
    if (clipWorker != null) {
      clipWorker.close();
    }
  }

  // ---- helpers ----------------------------------------------------------------------------

  private long audioNanos(long sequence) {
    return originNanos + sequence * SAMPLE_NANOS;
  }

  private long rel(long nanos) {
    return nanos - originNanos;
  }

  private void emit(SessionEvent event) {
    try {
      listener.accept(event);
    } catch (RuntimeException e) {
      // A listener's bug must not end the call.
    }
  }

  /**
   * Posts from a provider callback, which cannot throw {@link InterruptedException}: an interrupt
   * means the work was cancelled, so the flag is kept for the provider to see and the frame, stale
   * anyway, is dropped.
   */
  private static void postQuietly(Worker.@Nullable Outbox out, Frame frame) {
    if (out != null) {
      try {
        out.post(frame);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Streams an agent's reply into frames of one response, running its tool calls. */
  private static final class ReplyPoster implements Agent.Reply {
    private final Worker.Outbox out;
    private final ToolRuntime.Reply context;
    private final ToolRuntime runtime;

    ReplyPoster(Worker.Outbox out, ToolRuntime.Reply context, ToolRuntime tools) {
      this.out = out;
      this.context = context;
      this.runtime = tools;
    }

    @Override
    public ToolResult call(ToolCall call) throws InterruptedException {
      return runtime.run(call, context, out);
    }

    @Override
    public List<ToolResult> callAll(List<ToolCall> calls) throws InterruptedException {
      return runtime.runAll(calls, context, out);
    }

    @Override
    public ToolResult compensate(String callId) throws InterruptedException {
      return runtime.compensate(callId, context, out);
    }

    @Override
    public void text(String delta) {
      if (!delta.isEmpty()) {
        postQuietly(out, new Frame.AgentText(context.responseId(), delta));
      }
    }

    @Override
    public void expect(String slot) {
      postQuietly(out, new Frame.AgentExpects(context.responseId(), slot));
    }
  }

  /** The recogniser stream, confined to the STT worker. */
  private static final class SttSide implements SpeechRecognizer.Listener {
    private final SpeechRecognizer recognizer;
    private final SpeechRecognizer.Options options;
    private SpeechRecognizer.@Nullable Stream stream;
    private Worker.@Nullable Outbox out;

    SttSide(SpeechRecognizer recognizer, SpeechRecognizer.Options options) {
      this.recognizer = recognizer;
      this.options = options;
    }

    void open(Worker.Outbox out) {
      this.out = out;
      stream = recognizer.open(options, this);
    }

    void push(Worker.Outbox out, short[] samples, int length) throws InterruptedException {
      this.out = out;
      if (stream != null) {
        stream.push(samples, 0, length);
      }
    }

    void flush(Worker.Outbox out) throws InterruptedException {
      this.out = out;
      if (stream != null) {
        stream.flush();
      } else {
        out.post(new Frame.TranscriptFinal(List.of()));
      }
    }

    void expect(String slot) {
      if (stream != null) {
        stream.expect(slot);
      }
    }

    void close() {
      if (stream != null) {
        stream.close();
        stream = null;
      }
    }

    @Override
    public void partial(String text) {
      post(new Frame.TranscriptPartial(text));
    }

    @Override
    public void finalResult(List<SpeechRecognizer.Word> words) {
      post(new Frame.TranscriptFinal(List.copyOf(words)));
    }

    private void post(Frame frame) {
      postQuietly(out, frame);
    }
  }

  /** The synthesiser stream of the current reply, confined to the TTS worker. */
  private static final class TtsSide implements SpeechSynthesizer.Listener {
    private final SpeechSynthesizer synthesizer;
    private SpeechSynthesizer.@Nullable Stream stream;
    private @Nullable Resampler resampler;
    private long streamResponseId = -1;
    private Worker.@Nullable Outbox out;

    TtsSide(SpeechSynthesizer synthesizer) {
      this.synthesizer = synthesizer;
    }

    void push(Worker.Outbox out, long id, String text) throws InterruptedException {
      streamFor(out, id).push(text);
    }

    void flush(Worker.Outbox out, long id) throws InterruptedException {
      try {
        streamFor(out, id).flush();
      } finally {
        out.post(new Frame.SpeechDone(id));
      }
    }

    private SpeechSynthesizer.Stream streamFor(Worker.Outbox out, long id) {
      this.out = out;
      SpeechSynthesizer.Stream current = stream;
      if (current == null || streamResponseId != id) {
        close();
        streamResponseId = id;
        int rate = synthesizer.sampleRate();
        resampler = rate == RATE ? null : new Resampler(rate, RATE);
        current = synthesizer.open(this);
        stream = current;
      }
      return current;
    }

    void close() {
      if (stream != null) {
        stream.close();
        stream = null;
      }
    }

    @Override
    public void text(String spoken) {
      post(new Frame.SpeechText(streamResponseId, spoken));
    }

    @Override
    public void audio(short[] samples, int offset, int length) {
      short[] pcm;
      Resampler r = resampler;
      if (r == null) {
        pcm = new short[length];
        System.arraycopy(samples, offset, pcm, 0, length);
      } else {
        short[] buffer = new short[r.maxOutputSamples(length)];
        int n = r.process(samples, offset, length, buffer, 0);
        pcm = java.util.Arrays.copyOf(buffer, n);
      }
      post(new Frame.SpeechAudio(streamResponseId, pcm));
    }

    private void post(Frame frame) {
      postQuietly(out, frame);
    }
  }
}
