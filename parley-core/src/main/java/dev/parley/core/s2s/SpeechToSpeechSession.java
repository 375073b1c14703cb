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
package dev.parley.core.s2s;

import dev.parley.core.event.SessionEvent;
import dev.parley.core.event.SpeechKind;
import dev.parley.core.event.ToolStatus;
import dev.parley.core.session.AudioOutput;
import dev.parley.core.tool.Tool;
import dev.parley.core.tool.ToolCall;
import dev.parley.core.tool.ToolEffect;
import dev.parley.core.tool.ToolJson;
import dev.parley.core.tool.ToolResult;
import dev.parley.core.turn.BargeInPolicy;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * One call with a speech-to-speech model, under Parley's rules. Owns all state of the call and is
 * confined to one loop thread; it never blocks and never reads a clock: every method is told the
 * time ({@code nowNanos} on the session's media clock).
 *
 * <pre>
 *  caller audio ─▶ userAudio ─▶ Connection.appendAudio            (the model hears everything)
 *  model events ─▶ onModelEvent ─▶ BargeInPolicy · FunctionLedger · playout queue
 *  onTime(now)  ─▶ 20 ms frames ─▶ AudioOutput                     (paused at the caller's onset)
 *  tools        ─▶ ToolRunner (other threads) ─▶ onToolEnded ─▶ Connection.functionResult
 * </pre>
 *
 * <p>The guarantees: the model is never left to answer or cancel on its own — a response starts
 * when the caller's speech stops and no response is running, and is cancelled only when {@link
 * BargeInPolicy} judges the overlap a real interruption ("mhm" pauses and resumes); a cancelled
 * item is truncated at the audio the caller heard; each function call is answered once (repeat
 * deliveries and same-turn duplicates do not run again) and the model is asked to go on once all
 * calls of a response are answered; side effects wait until the response that asked for them has
 * ended with the caller still listening, so a correction spoken over the agent cancels them before
 * they run. Events are the cascaded session's, so the timeline, the report and the metrics read a
 * speech-to-speech call the same way.
 */
public final class SpeechToSpeechSession {
  /** Runs a tool call off the loop and hands its result to {@link #onToolEnded}. */
  @FunctionalInterface
  public interface ToolRunner {
    void run(Tool tool, ToolCall call);
  }

  private static final long FRAME_NANOS = 20_000_000L;
  private static final int FRAME_SAMPLES = 320;
  private static final long MS = 1_000_000L;

  private final SpeechToSpeech.Connection model;
  private final AudioOutput output;
  private final Consumer<SessionEvent> listener;
  private final ToolRunner runner;
  private final Map<String, Tool> tools = new HashMap<>();
  private final BargeInPolicy bargeIn;
  private final FunctionLedger ledger = new FunctionLedger();
  private final long originNanos;

  // Playout of the model's audio, 20 ms at a time on absolute deadlines.
  private final ModelPlayout playout = new ModelPlayout();
  private final short[] frame = new short[FRAME_SAMPLES];
  private long nextTickNanos = Long.MAX_VALUE;
  private boolean paused;
  private boolean speaking; // an agent utterance has started and not ended
  private @Nullable String speakingItem;

  // The response in progress and the caller's turn.
  private @Nullable String responseId;
  private boolean responseRunning;
  private boolean responseRequested;
  private final Set<String> staleResponses = new HashSet<>();
  private final Set<String> answeredResponses = new HashSet<>();
  private boolean userSpeaking;
  private boolean overlapSpeaking; // the caller is speaking over the agent right now
  private long overlapEndNanos;
  private String overlapText = "";
  private boolean turnPending; // speech stopped; the transcript will close the turn
  private long userSpeechEndNanos = -1;
  private long turnEndNanos = -1;
  private long firstTokenNanos = -1;
  private long firstAudioNanos = -1;
  private boolean ended;
  private final boolean delegated;

  public SpeechToSpeechSession(
      SpeechToSpeech.Connection model,
      List<Tool> tools,
      BargeInPolicy.Settings bargeIn,
      AudioOutput output,
      Consumer<SessionEvent> listener,
      ToolRunner runner,
      long originNanos) {
    this(model, tools, bargeIn, output, listener, runner, originNanos, false);
  }

  /**
   * A session that, when {@code delegated}, never asks the model for an answer of its own: the
   * user's agent answers each turn ({@link SessionEvent.UserTurnEnded}) and the model speaks the
   * words given to {@link #say}.
   */
  public SpeechToSpeechSession(
      SpeechToSpeech.Connection model,
      List<Tool> tools,
      BargeInPolicy.Settings bargeIn,
      AudioOutput output,
      Consumer<SessionEvent> listener,
      ToolRunner runner,
      long originNanos,
      boolean delegated) {
    this.model = model;
    this.output = output;
    this.listener = listener;
    this.runner = runner;
    this.bargeIn = new BargeInPolicy(bargeIn);
    this.originNanos = originNanos;
    this.delegated = delegated;
    for (Tool tool : tools) {
      this.tools.put(tool.spec().name(), tool);
    }
  }

  /**
   * Delegation: has the model say the agent's answer to the caller's last turn. Dropped if the
   * caller is speaking or an answer is already playing (a newer turn's answer will come).
   */
  public void say(String text, long nowNanos) {
    if (ended || text.isBlank() || userSpeaking || responseRunning || responseRequested) {
      return;
    }
    responseRequested = true;
    model.say(text.strip());
  }

  /** Caller audio, 16 kHz mono PCM16: the model hears all of it. */
  public void userAudio(short[] samples, int offset, int length) {
    if (!ended) {
      model.appendAudio(samples, offset, length);
    }
  }

  /** Something the model reported. */
  public void onModelEvent(ModelEvent event, long nowNanos) {
    if (ended) {
      return;
    }
    switch (event) {
      case ModelEvent.SpeechStarted started -> onSpeechStarted(nowNanos);
      case ModelEvent.SpeechStopped stopped -> onSpeechStopped(nowNanos);
      case ModelEvent.UserTranscript transcript -> onUserTranscript(transcript.text(), nowNanos);
      case ModelEvent.ResponseStarted started -> {
        if (!staleResponses.contains(started.responseId())) {
          responseId = started.responseId();
          responseRunning = true;
          responseRequested = false;
        }
      }
      case ModelEvent.Audio audio -> onAudio(audio, nowNanos);
      case ModelEvent.AgentTranscript text -> {
        if (!staleResponses.contains(text.responseId())) {
          if (firstTokenNanos < 0) {
            firstTokenNanos = nowNanos;
          }
          playout.addText(text.itemId(), text.delta());
        }
      }
      case ModelEvent.FunctionCall call -> onFunctionCall(call, nowNanos);
      case ModelEvent.ResponseDone done -> onResponseDone(done, nowNanos);
      case ModelEvent.Failed failed -> {
        emit(
            new SessionEvent.ServiceFailed(
                rel(nowNanos), "s2s", String.valueOf(failed.cause().getMessage())));
        responseRunning = false;
      }
    }
  }

  /** A tool call ended (on a runner thread; posted to the loop). */
  public void onToolEnded(ToolResult result, long nowNanos) {
    FunctionLedger.Entry entry = ledger.entry(result.call().id());
    if (entry == null || entry.state != FunctionLedger.State.RUNNING) {
      return;
    }
    entry.state = FunctionLedger.State.DONE;
    entry.outputJson = result.json();
    emit(
        new SessionEvent.ToolCallEnded(
            rel(nowNanos), entry.call.id(), entry.call.name(), result.status()));
    answer(entry);
    continueAfterTools(entry.responseId);
  }

  /** Plays what is due and settles overlaps whose time has come. */
  public void onTime(long nowNanos) {
    if (ended) {
      return;
    }
    if (bargeIn.active() && nowNanos >= bargeIn.wakeAtNanos()) {
      act(bargeIn.onWake(nowNanos), nowNanos);
    }
    while (!paused && nextTickNanos <= nowNanos) {
      if (!playTick(nextTickNanos)) {
        nextTickNanos = Long.MAX_VALUE;
        break;
      }
      nextTickNanos += FRAME_NANOS;
    }
  }

  /** When {@link #onTime} must run next, or {@link Long#MAX_VALUE}. */
  public long nextDeadlineNanos() {
    long next = paused ? Long.MAX_VALUE : nextTickNanos;
    return Math.min(next, bargeIn.wakeAtNanos());
  }

  /** Ends the call. */
  public void end(String reason, long nowNanos) {
    if (ended) {
      return;
    }
    if (speaking) {
      endUtterance(nowNanos, true);
    }
    for (FunctionLedger.Entry held : ledger.allHeld()) {
      cancel(held, nowNanos);
    }
    ended = true;
    model.close();
    emit(new SessionEvent.SessionEnded(rel(nowNanos), reason));
  }

  // ---- the caller ------------------------------------------------------------------------

  private void onSpeechStarted(long nowNanos) {
    emit(new SessionEvent.UserSpeechStarted(rel(nowNanos)));
    if (speaking) {
      overlapSpeaking = true;
      act(bargeIn.onSpeechStarted(nowNanos), nowNanos);
      return;
    }
    userSpeaking = true;
    if (responseRunning && playout.isEmpty()) {
      // The caller went on before the answer was heard: that answer is to a turn that was not over.
      dropResponse(nowNanos);
    }
  }

  private void onSpeechStopped(long nowNanos) {
    emit(new SessionEvent.UserSpeechEnded(rel(nowNanos)));
    if (bargeIn.active()) {
      overlapSpeaking = false;
      overlapEndNanos = nowNanos;
      act(bargeIn.onSpeechEnded(nowNanos), nowNanos);
      return;
    }
    if (!userSpeaking) {
      return;
    }
    endUserTurn(nowNanos);
  }

  /** The caller's speech that ended at {@code stopNanos} is a turn: ask for the answer. */
  private void endUserTurn(long stopNanos) {
    long nowNanos = stopNanos;
    userSpeaking = false;
    ledger.newTurn();
    userSpeechEndNanos = nowNanos;
    turnEndNanos = nowNanos;
    firstTokenNanos = -1;
    firstAudioNanos = -1;
    turnPending = true;
    if (!delegated && !responseRunning && !responseRequested) {
      responseRequested = true;
      model.createResponse();
    }
  }

  private void onUserTranscript(String text, long nowNanos) {
    if (bargeIn.active()) {
      overlapText = text;
      act(bargeIn.onWords(text), nowNanos);
      return;
    }
    if (turnPending) {
      turnPending = false;
      emit(new SessionEvent.UserTurnEnded(rel(turnEndNanos), text));
    } else {
      emit(new SessionEvent.TranscriptPartial(rel(nowNanos), text));
    }
  }

  private void act(BargeInPolicy.Action action, long nowNanos) {
    switch (action) {
      case NONE -> {}
      case PAUSE -> {
        if (!paused) {
          paused = true;
          output.clear(); // the transport holds at most a frame or two: stop them reaching the ear
        }
      }
      case RESUME -> {
        paused = false;
        overlapText = "";
        emit(new SessionEvent.InterruptionIgnored(rel(nowNanos), bargeIn.reason()));
        emit(new SessionEvent.AgentResumed(rel(nowNanos)));
        if (!playout.isEmpty()) {
          nextTickNanos = nowNanos;
        }
        releaseHeld(nowNanos);
      }
      case INTERRUPT -> interrupt(nowNanos);
    }
  }

  /** A real interruption: stop, truncate at what was heard, cancel what had not run. */
  private void interrupt(long nowNanos) {
    paused = false;
    String heard = playout.heardText(speakingItem);
    String item = speakingItem;
    if (item != null) {
      model.truncate(item, playout.heardMillis(item));
    }
    emit(new SessionEvent.AgentInterrupted(rel(nowNanos), heard));
    if (speaking) {
      endUtterance(nowNanos, true);
    }
    dropResponse(nowNanos);
    // The interrupting speech is the caller's new turn: still going, its end will close it;
    // already over, it closes now with the words that decided the interruption.
    userSpeaking = true;
    if (!overlapSpeaking) {
      endUserTurn(overlapEndNanos);
      if (!overlapText.isEmpty()) {
        turnPending = false;
        emit(new SessionEvent.UserTurnEnded(rel(overlapEndNanos), overlapText));
      }
    }
    overlapText = "";
  }

  /** Cancels the response in progress: its audio, and its side effects that have not run. */
  private void dropResponse(long nowNanos) {
    String id = responseId;
    if (id != null) {
      staleResponses.add(id);
      if (responseRunning) {
        model.cancelResponse();
      }
      for (FunctionLedger.Entry held : ledger.held(id)) {
        cancel(held, nowNanos);
      }
    }
    responseRunning = false;
    responseId = null;
    playout.clear();
    output.clear();
    nextTickNanos = Long.MAX_VALUE;
  }

  // ---- the model's answer ----------------------------------------------------------------

  private void onAudio(ModelEvent.Audio audio, long nowNanos) {
    if (staleResponses.contains(audio.responseId()) || audio.samples().length == 0) {
      return;
    }
    if (firstAudioNanos < 0) {
      firstAudioNanos = nowNanos;
    }
    playout.addAudio(audio.itemId(), audio.samples());
    if (nextTickNanos == Long.MAX_VALUE && !paused) {
      nextTickNanos = nowNanos;
    }
  }

  private void onFunctionCall(ModelEvent.FunctionCall event, long nowNanos) {
    if (staleResponses.contains(event.responseId())) {
      return;
    }
    ToolCall call = new ToolCall(event.callId(), event.name(), event.argumentsJson());
    Tool tool = tools.get(event.name());
    boolean sideEffect = tool != null && tool.spec().effect() != ToolEffect.READ_ONLY;
    switch (ledger.admit(call, event.responseId(), sideEffect)) {
      case FunctionLedger.Verdict.Repeat repeat -> {}
      case FunctionLedger.Verdict.Duplicate duplicate -> {
        String output = duplicate.original().outputJson;
        if (output != null) {
          model.functionResult(event.callId(), output);
        }
      }
      case FunctionLedger.Verdict.Fresh fresh -> {
        if (tool == null) {
          fresh.entry().state = FunctionLedger.State.DONE;
          fresh.entry().outputJson =
              "{\"error\":" + ToolJson.quote("no tool named " + event.name()) + "}";
          answer(fresh.entry());
        } else if (!sideEffect) {
          start(fresh.entry(), tool, nowNanos);
        }
        // a side effect waits for the response to end with the caller listening
      }
    }
  }

  private void onResponseDone(ModelEvent.ResponseDone done, long nowNanos) {
    if (staleResponses.contains(done.responseId())) {
      return;
    }
    responseRunning = false;
    if ("cancelled".equals(done.status()) || "failed".equals(done.status())) {
      for (FunctionLedger.Entry held : ledger.held(done.responseId())) {
        cancel(held, nowNanos);
      }
      return;
    }
    if (speaking && playout.isEmpty()) {
      endUtterance(nowNanos, false); // its audio had all played before the model said it was done
    }
    releaseHeld(nowNanos);
    continueAfterTools(done.responseId());
  }

  /**
   * Runs held side effects once the caller has heard their response out: it has ended, its audio
   * has played to the end, and nobody is speaking over it. Until then a correction can still stop
   * them (the model's response ends long before its audio has been heard).
   */
  private void releaseHeld(long nowNanos) {
    if (bargeIn.active() || userSpeaking || paused || speaking || !playout.isEmpty()) {
      return;
    }
    for (FunctionLedger.Entry held : ledger.allHeld()) {
      if (held.responseId.equals(responseId) && responseRunning) {
        continue;
      }
      Tool tool = tools.get(held.call.name());
      if (tool != null) {
        start(held, tool, nowNanos);
      }
    }
  }

  private void start(FunctionLedger.Entry entry, Tool tool, long nowNanos) {
    entry.state = FunctionLedger.State.RUNNING;
    emit(
        new SessionEvent.ToolCallStarted(
            rel(nowNanos), entry.call.id(), entry.call.name(), entry.call.argumentsJson(), false));
    runner.run(tool, entry.call);
  }

  private void cancel(FunctionLedger.Entry entry, long nowNanos) {
    entry.state = FunctionLedger.State.CANCELLED;
    entry.outputJson = "{\"error\":\"not run: the caller interrupted before it was confirmed\"}";
    emit(
        new SessionEvent.ToolCallEnded(
            rel(nowNanos), entry.call.id(), entry.call.name(), ToolStatus.CANCELLED));
    answer(entry);
  }

  private void answer(FunctionLedger.Entry entry) {
    String output = entry.outputJson;
    if (output == null) {
      return;
    }
    model.functionResult(entry.call.id(), output);
    for (String duplicate : entry.duplicateIds) {
      model.functionResult(duplicate, output);
    }
  }

  /** Once every call of a finished response is answered, asks the model to go on, once. */
  private void continueAfterTools(String id) {
    if (responseRunning
        || staleResponses.contains(id)
        || !ledger.asked(id)
        || !ledger.settled(id)
        || !answeredResponses.add(id)) {
      return;
    }
    responseRequested = true;
    model.createResponse();
  }

  // ---- playout ---------------------------------------------------------------------------

  /** Plays one frame at {@code tickNanos}; false when there is nothing to play. */
  private boolean playTick(long tickNanos) {
    int filled = playout.fill(frame);
    String item = playout.lastFilledItem();
    if (filled == 0) {
      if (speaking && !responseRunning) {
        endUtterance(tickNanos, false);
      }
      return false;
    }
    if (!speaking) {
      speaking = true;
      if (userSpeechEndNanos >= 0) {
        emit(
            new SessionEvent.LatencyBreakdown(
                rel(tickNanos),
                rel(userSpeechEndNanos),
                rel(turnEndNanos),
                firstTokenNanos < 0 ? -1 : rel(firstTokenNanos),
                rel(firstAudioNanos)));
        userSpeechEndNanos = -1;
      }
      emit(
          new SessionEvent.AgentSpeechStarted(
              rel(tickNanos), SpeechKind.RESPONSE, playout.text(item)));
    }
    speakingItem = item;
    output.play(rel(tickNanos), frame, 0, FRAME_SAMPLES);
    return true;
  }

  private void endUtterance(long nowNanos, boolean interrupted) {
    speaking = false;
    emit(
        new SessionEvent.AgentSpeechEnded(
            rel(nowNanos), SpeechKind.RESPONSE, playout.heardText(speakingItem), interrupted));
    speakingItem = null;
    bargeIn.clear();
    if (!interrupted) {
      releaseHeld(nowNanos);
    }
  }

  private long rel(long nanos) {
    return nanos - originNanos;
  }

  private void emit(SessionEvent event) {
    listener.accept(event);
  }

  static long millis(long nanos) {
    return nanos / MS;
  }
}
