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

import dev.parley.core.event.SessionEvent;
import dev.parley.core.frame.Frame;
import dev.parley.core.spi.CallControl;
import dev.parley.core.spi.CallInfo;
import dev.parley.core.spi.Conversation;
import dev.parley.core.spi.SpeechSynthesizer;
import dev.parley.core.tool.ToolCall;
import dev.parley.core.turn.BargeInPolicy;
import dev.parley.core.turn.EndpointingPolicy;
import dev.parley.core.turn.SilenceTurnPolicy;
import dev.parley.core.turn.TurnJudge;
import dev.parley.core.turn.TurnTaking;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * One call's session: wires its parts and dispatches to them every frame a worker posts and every
 * moment the driver says is due. It holds no rule of its own.
 *
 * <pre>
 *  caller audio ─▶ UserInput (ring, VAD windows, echo gate, prosody) ─▶ UserTurn (TurnTaking's
 *                    └─▶ Recognition (STT worker) ─▶ transcript frames ─┘   decisions carried out)
 *  UserTurn ─▶ Responder (response ids, speculation, history) ─▶ agent worker ─▶ text, tool facts
 *     text ─▶ Synthesis (TTS worker) ─▶ speech frames ─▶ Speaker (reply + filler/backchannel lane)
 *  tool facts ─▶ ToolLedger (even from cancelled replies) ─▶ Fillers (latency mask)
 *  Speaker ─▶ AudioOutput                   every part ─▶ EventSink ─▶ listener
 * </pre>
 *
 * <p>Confined to one thread, the session loop, and never blocks: blocking work goes to {@link
 * Worker}s and comes back as {@link Frame}s. It reads no clock either; its driver passes the time
 * to every call and asks {@link #nextDeadlineNanos()} when to call {@link #onTime} next. All times
 * are nanoseconds on the session's media clock; events are stamped relative to the session start.
 */
final class SessionCore implements Speaker.Cues, UserInput.Listener {
  static final long NEVER = Long.MAX_VALUE;
  static final int RATE = 16_000;
  static final long SAMPLE_NANOS = 1_000_000_000L / RATE;
  static final int FRAME_SAMPLES = 320;
  static final long FRAME_NANOS = FRAME_SAMPLES * SAMPLE_NANOS;
  static final long MILLI = 1_000_000L;

  /** Creates the session's workers, one per component. */
  interface WorkerFactory {
    Worker worker(String component);
  }

  private final SessionConfig config;
  private final EventSink events;
  private final Worker agentWorker;
  private final @Nullable Worker turnWorker;
  private final @Nullable Worker prefetchWorker;
  private final @Nullable Worker clipWorker;
  private final StallWatch stall;
  private final Recognition recognition;
  private final Synthesis synthesis;
  private final Speaker speaker;
  private final UserInput input;
  private final Responder responder;
  private final Backchannels backchannels;
  private final UserTurn turn;
  private final CallActions callActions;
  private final Set<String> reportedFailures = new HashSet<>();
  private boolean ended;

  SessionCore(
      SessionConfig config,
      Components components,
      Consumer<SessionEvent> listener,
      AudioOutput output,
      long originNanos,
      WorkerFactory workers,
      CallInfo call,
      CallControl control) {
    this.config = config;
    this.events = new EventSink(listener, originNanos);
    Worker sttWorker = workers.worker("stt");
    this.agentWorker = workers.worker("agent");
    Worker ttsWorker = workers.worker("tts");
    this.turnWorker = components.turnDetector().isPresent() ? workers.worker("turn") : null;
    TurnTaking turnTaking = turnTaking(config, components);
    this.stall = new StallWatch(config.stall());
    AgentLevels agentLevels = new AgentLevels();
    this.recognition =
        new Recognition(
            sttWorker,
            components.recognizer(),
            components.recognizerOptions(),
            config.inboxCapacity());
    this.synthesis = new Synthesis(ttsWorker, components.synthesizer());
    this.speaker = new Speaker(events, output, agentLevels, this);
    this.input = new UserInput(config, components.vad(), events, agentLevels, recognition, this);
    ToolRuntime tools =
        new ToolRuntime(components.agent().name(), components.agent().tools(), call);
    PendingCallAction pending = new PendingCallAction();
    this.responder =
        new Responder(
            config,
            components,
            call,
            events,
            agentWorker,
            synthesis,
            speaker,
            input,
            tools,
            stall,
            turnTaking,
            pending,
            this::end);
    this.backchannels = new Backchannels(config.backchannels(), speaker, input, responder);
    Worker turnJudge = turnWorker;
    this.turn =
        new UserTurn(
            config,
            events,
            turnTaking,
            input,
            agentLevels,
            recognition,
            speaker,
            responder,
            backchannels,
            stall,
            turnJudge == null
                ? null
                : new UserTurn.Judge(components.turnDetector().orElseThrow(), turnJudge));
    this.callActions =
        new CallActions(
            pending, workers, control, events, speaker, responder, config.apology(), this::end);
    List<ToolCall> prefetch = components.agent().prefetch();
    if (!prefetch.isEmpty()) {
      Worker worker = workers.worker("prefetch");
      worker.submit(out -> tools.prefetch(prefetch, out));
      this.prefetchWorker = worker;
    } else {
      this.prefetchWorker = null;
    }
    // A greeting's speech must not queue behind the clips prepared at start (fillers,
    // backchannels): a session that greets prepares them on a worker of their own.
    Worker clips = components.agent().greets() ? workers.worker("tts") : ttsWorker;
    this.clipWorker = clips == ttsWorker ? null : clips;
    prepareClips(config, components, clips);
    if (components.agent().greets()) {
      responder.greet();
    }
  }

  private static TurnTaking turnTaking(SessionConfig config, Components components) {
    SessionConfig.Endpointing endpointing = config.endpointing();
    TurnJudge judge =
        new TurnJudge(
            endpointing.rules(),
            endpointing.hardFallbackMillis(),
            endpointing.holdMaxWaitMillis(),
            components.completionModel());
    return new TurnTaking(
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
  }

  /** Synthesises the fillers and backchannels ahead, off the loop; they come back as frames. */
  private static void prepareClips(SessionConfig config, Components components, Worker clips) {
    SpeechSynthesizer synthesizer = components.synthesizer();
    // The masking lines serve slow tools, and a slow agent when the stall watch is on.
    if (config.masking().enabled()
        && (!components.agent().tools().isEmpty() || config.stall().enabled())) {
      for (String line : config.masking().fillers()) {
        clips.submit(
            out ->
                out.post(
                    new Frame.MaskingClip(line, Synthesis.synthesize(synthesizer, line), false)));
      }
      for (String line : config.masking().progressLines()) {
        clips.submit(
            out ->
                out.post(
                    new Frame.MaskingClip(line, Synthesis.synthesize(synthesizer, line), true)));
      }
    }
    if (config.backchannels().enabled()) {
      for (String phrase : config.backchannels().phrases()) {
        clips.submit(
            out ->
                out.post(
                    new Frame.BackchannelClip(phrase, Synthesis.synthesize(synthesizer, phrase))));
      }
    }
  }

  boolean ended() {
    return ended;
  }

  /** Samples of user audio received so far. */
  long userSamples() {
    return input.samples();
  }

  /** The earliest time {@link #onTime} has something to do. */
  long nextDeadlineNanos() {
    long soonest = Math.min(speaker.nextDeadlineNanos(), turn.nextDeadlineNanos());
    soonest = Math.min(soonest, backchannels.nextDeadlineNanos());
    soonest = Math.min(soonest, responder.fillers().nextDeadlineNanos());
    soonest = Math.min(soonest, stall.nextDeadlineNanos());
    soonest = Math.min(soonest, callActions.nextDeadlineNanos());
    return Math.min(soonest, responder.idle().nextDeadlineNanos());
  }

  /** Takes caller audio (16 kHz mono PCM16) that arrived at {@code nowNanos}. */
  void onUserAudio(short[] samples, int offset, int length, long nowNanos) {
    if (!ended) {
      input.onAudio(samples, offset, length, nowNanos);
    }
  }

  /** Handles a frame a worker posted, at {@code nowNanos}. */
  void onFrame(Frame frame, long nowNanos) {
    if (ended) {
      return;
    }
    if (frame instanceof Frame.Response response
        && !(frame instanceof Frame.Fact)
        && !responder.wants(response)) {
      return; // a reply that was cancelled: the one stale-id guard; facts happened regardless
    }
    switch (frame) {
      case Frame.UserAudio audio ->
          input.onAudio(audio.samples(), 0, audio.samples().length, nowNanos);
      case Frame.TranscriptPartial partial -> turn.onPartial(partial, nowNanos);
      case Frame.TranscriptFinal fin -> turn.onFinal(fin, nowNanos);
      case Frame.TurnJudgement judgement -> turn.onJudgement(judgement, nowNanos);
      case Frame.RecognizerEndOfTurn end -> turn.onRecognizerEndOfTurn(end, nowNanos);
      case Frame.Dtmf dtmf -> turn.onDtmf(dtmf.digit(), nowNanos);
      case Frame.PlaybackHeard heard -> speaker.heard(heard.upToNanos());
      case Frame.AgentText text -> responder.onAgentText(text, nowNanos);
      case Frame.AgentExpects expects -> recognition.expect(expects.slot());
      case Frame.AgentDone done -> responder.onAgentDone(nowNanos);
      case Frame.AgentFailed failed -> responder.onAgentFailed(failed, nowNanos);
      case Frame.Fact fact -> responder.onFact(fact, nowNanos);
      case Frame.SpeechText text -> responder.onSpeechText(text);
      case Frame.SpeechAudio audio -> responder.onSpeechAudio(audio, nowNanos);
      case Frame.SpeechDone done -> responder.onSpeechDone(nowNanos);
      case Frame.CallActionRequested request -> callActions.request(request);
      case Frame.ComponentFailed failed -> {
        // A model that fails on every window or turn is reported once, not every time.
        if (reportedFailures.add(failed.component() + ": " + failed.message())) {
          events.emit(
              new SessionEvent.ServiceFailed(
                  events.rel(nowNanos), failed.component(), failed.message()));
        }
      }
      case Frame.MaskingClip clip ->
          responder.fillers().addClip(clip.text(), clip.samples(), clip.progress());
      case Frame.BackchannelClip clip -> backchannels.addClip(clip.text(), clip.samples());
      case Frame.Hangup hangup -> end(hangup.reason(), nowNanos);
      case Frame.CallActionDone done -> callActions.onDone(done, nowNanos);
    }
  }

  /**
   * Runs whatever is due at {@code nowNanos}, in an order that matters: a reply frame due at the
   * instant the caller interrupts plays first, and a line that starts at an instant plays its first
   * frame at that instant.
   */
  void onTime(long nowNanos) {
    if (ended) {
      return;
    }
    speaker.playReplyDue(nowNanos);
    turn.onTime(nowNanos);
    responder.idle().onTime(nowNanos);
    backchannels.onTime(nowNanos);
    responder.fillers().onTime(nowNanos);
    speaker.playAsideDue(nowNanos);
    if (stall.nextDeadlineNanos() <= nowNanos) {
      if (responder.ledger().running(responder.responseId())) {
        stall.agentAlive(nowNanos); // a tool's wait is the tool watch's and the mask's to cover
      }
      for (StallWatch.Due due = stall.onTime(nowNanos);
          due != StallWatch.Due.NONE && !ended;
          due = stall.onTime(nowNanos)) {
        if (due == StallWatch.Due.RECOGNIZER_STALLED) {
          turn.onRecognizerStalled(nowNanos);
          if (stall.tooManyStalls()) {
            responder.sayGoodbye(nowNanos);
          }
        } else {
          responder.onStall(due, nowNanos);
        }
      }
    }
    callActions.onTime(nowNanos);
  }

  // ---- what the caller's audio says (UserInput.Listener) --------------------------------------

  @Override
  public void onSound(float probability, long nowNanos) {
    if (probability < config.vad().startThreshold()) {
      return;
    }
    speaker.stopAside(nowNanos); // never over the user: cut at the first window of sound
    if (responder.state() == Responder.State.SPEAKING && !input.speaking()) {
      speaker.pauseOnSound(); // the reply too stops at the first window of sound, not 130 ms later
    }
  }

  @Override
  public void onSpeechStarted(long onsetNanos, long nowNanos) {
    turn.onSpeechStarted(onsetNanos, nowNanos);
  }

  @Override
  public void onSpeechEnded(long silenceNanos, long nowNanos) {
    turn.onSpeechEnded(silenceNanos, nowNanos);
  }

  @Override
  public void afterWindow(long nowNanos) {
    if (speaker.tentative() && !input.speaking() && !input.onsetPending()) {
      speaker.resume(nowNanos); // the sound was too short to be speech: a click, not the caller
    }
  }

  // ---- what the speaker needs and tells (Speaker.Cues) ----------------------------------------

  @Override
  public boolean replySpeaking() {
    return responder.state() == Responder.State.SPEAKING;
  }

  @Override
  public void replyAudible(long tickNanos) {
    responder.onAudible(tickNanos);
  }

  @Override
  public void replyDrained(long atNanos) {
    responder.finishReply(atNanos);
  }

  @Override
  public boolean userStarting() {
    return input.starting();
  }

  @Override
  public void fillerEnded(
      String text, String heard, boolean interrupted, boolean audible, long atNanos) {
    if (audible) {
      responder.add(new Conversation.Turn.Agent(text, heard, interrupted)); // in its own turn
    }
    responder.fillers().lineEnded(atNanos);
  }

  // ---- the end ------------------------------------------------------------------------------

  private void end(String reason, long nowNanos) {
    responder.stop(nowNanos);
    events.emit(new SessionEvent.SessionEnded(events.rel(nowNanos), reason));
    ended = true;
    recognition.close();
    input.close();
  }

  /** Stops the workers; call after the loop has stopped. */
  void closeWorkers() {
    // The stream's close job that end() queued may be dropped by a plain close; this one runs.
    recognition.closeWorker();
    agentWorker.close();
    synthesis.closeWorker();
    if (turnWorker != null) {
      turnWorker.close();
    }
    if (prefetchWorker != null) {
      prefetchWorker.close();
    }
    callActions.closeWorker();
    if (clipWorker != null) {
      clipWorker.close();
    }
  }
}
