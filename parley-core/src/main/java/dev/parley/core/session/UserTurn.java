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

import static dev.parley.core.session.SessionCore.FRAME_NANOS;
import static dev.parley.core.session.SessionCore.MILLI;
import static dev.parley.core.session.SessionCore.NEVER;

import dev.parley.core.event.SessionEvent;
import dev.parley.core.event.SpeechKind;
import dev.parley.core.frame.Frame;
import dev.parley.core.prosody.UserAffect;
import dev.parley.core.spi.SpeechRecognizer;
import dev.parley.core.spi.TurnDetector;
import dev.parley.core.spi.TurnSnapshot;
import dev.parley.core.turn.Acoustics;
import dev.parley.core.turn.BargeInPolicy;
import dev.parley.core.turn.TurnDecision;
import dev.parley.core.turn.TurnPolicy;
import dev.parley.core.turn.TurnTaking;
import org.jspecify.annotations.Nullable;

/**
 * The user's turn in progress: its words, its speech edges, and carrying out what {@link
 * TurnTaking} decides of them (wait, wake, an eager end that starts a speculative reply, the end of
 * the turn, a barge-in that pauses, interrupts or resumes the agent). The decisions are the turn
 * package's; this class applies them to the call. Confined to the session loop.
 */
final class UserTurn {
  /** How long an end of turn waits for the recogniser's final words before going without. */
  private static final long FINAL_TRANSCRIPT_GRACE_NANOS =
      TurnTaking.FINAL_TRANSCRIPT_GRACE_MILLIS * MILLI;

  /** A turn detector and the worker it runs on. */
  record Judge(TurnDetector detector, Worker worker) {}

  private final SessionConfig config;
  private final EventSink events;
  private final TurnTaking turnTaking;
  private final TurnPolicy policy;
  private final BargeInPolicy bargeIn;
  private final UserInput input;
  private final AgentLevels agentLevels;
  private final Recognition recognition;
  private final Speaker speaker;
  private final Responder responder;
  private final Backchannels backchannels;
  private final StallWatch stall;
  private final @Nullable Judge judge;

  private long policyWakeNanos = NEVER;
  private long finalDeadlineNanos = NEVER;
  private long turnEpoch;
  private long speechOnsetNanos;
  private long turnVoicedNanos;
  private final StringBuilder turnText = new StringBuilder();
  private String partialText = "";
  private String carriedUserText = "";
  private boolean awaitingFinal;
  private boolean endOfTurnWaiting;
  private boolean ignoreTranscripts;
  private boolean turnOpen;
  private long turnStartNanos;

  /** Whether this silence has had its eager end of turn. */
  private boolean eagerSent;

  UserTurn(
      SessionConfig config,
      EventSink events,
      TurnTaking turnTaking,
      UserInput input,
      AgentLevels agentLevels,
      Recognition recognition,
      Speaker speaker,
      Responder responder,
      Backchannels backchannels,
      StallWatch stall,
      @Nullable Judge judge) {
    this.config = config;
    this.events = events;
    this.turnTaking = turnTaking;
    this.policy = turnTaking.policy();
    this.bargeIn = turnTaking.bargeIn();
    this.input = input;
    this.agentLevels = agentLevels;
    this.recognition = recognition;
    this.speaker = speaker;
    this.responder = responder;
    this.backchannels = backchannels;
    this.stall = stall;
    this.judge = judge;
  }

  long nextDeadlineNanos() {
    return Math.min(Math.min(policyWakeNanos, finalDeadlineNanos), bargeIn.wakeAtNanos());
  }

  /** The policy's wake-up, the final words' grace, the barge-in judgement: whatever is due. */
  void onTime(long nowNanos) {
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
  }

  // ---- speech edges ---------------------------------------------------------------------------

  void onSpeechStarted(long onsetNanos, long nowNanos) {
    speechOnsetNanos = onsetNanos;
    turnEpoch++;
    ignoreTranscripts = false;
    responder.idle().userSpoke();
    backchannels.cancel();
    if (!turnOpen && responder.state() == Responder.State.IDLE) {
      turnOpen = true;
      turnStartNanos = onsetNanos;
    }
    input.speechStarted();
    bargeIn.noteAgentLevel(agentLevels.loudestDb());
    events.emit(new SessionEvent.UserSpeechStarted(events.rel(onsetNanos)));
    TurnDecision started = policy.onSpeechStarted(onsetNanos);
    if (eagerSent && !(started instanceof TurnDecision.Resumed)) {
      events.emit(new SessionEvent.UserTurnResumed(events.rel(nowNanos))); // after an early end
    }
    eagerSent = false;
    apply(started, nowNanos);
    responder.dropSpeculation(
        nowNanos); // the user went on: the speculative reply answered too little
    switch (responder.state()) {
      case SPEAKING -> {
        if (turnTaking.onsetUnderReply(
                onsetNanos, TurnTaking.Reply.SPEAKING, responder.replyAudioStartNanos(), false)
            == TurnTaking.Onset.CONTINUES_TURN) {
          // Too soon to be a reaction to the reply: the user was going on with their turn.
          events.emit(
              new SessionEvent.AgentSpeechEnded(
                  events.rel(nowNanos), SpeechKind.RESPONSE, "", true));
          speaker.clearOutput();
          continueTurn(nowNanos);
        } else {
          onBargeIn(bargeIn.onSpeechStarted(onsetNanos), nowNanos);
        }
      }
      case THINKING -> {
        if (turnTaking.onsetUnderReply(
                onsetNanos, TurnTaking.Reply.THINKING, 0, responder.fillers().linesThisReply() > 0)
            == TurnTaking.Onset.BARGE_IN) {
          // After a filler the user has heard the agent take the turn: judge it as a barge-in.
          onBargeIn(bargeIn.onSpeechStarted(onsetNanos), nowNanos);
        } else {
          // The user went on before hearing anything: their turn continues, the reply is void.
          continueTurn(nowNanos);
        }
      }
      case IDLE -> {}
    }
  }

  /** The reply was premature: the user's last turn is taken back to be continued. */
  private void continueTurn(long nowNanos) {
    carriedUserText = responder.removeLastUserTurn();
    responder.keepReads();
    responder.cancelReply(nowNanos);
    events.emit(new SessionEvent.UserTurnResumed(events.rel(nowNanos)));
  }

  void onSpeechEnded(long silenceNanos, long nowNanos) {
    turnVoicedNanos += silenceNanos - speechOnsetNanos;
    events.emit(new SessionEvent.UserSpeechEnded(events.rel(silenceNanos)));
    awaitingFinal = true;
    recognition.flush();
    stall.recognizerFlushed(nowNanos);
    Acoustics ending = input.ending(silenceNanos);
    onBargeIn(bargeIn.onSpeechEnded(silenceNanos, ending), nowNanos);
    policy.onAcoustics(ending);
    if (responder.state() != Responder.State.IDLE) {
      responder.fillers().rearm(); // the user spoke over a tool's wait: a line may be due sooner
    }
    TurnDecision decision = policy.onSpeechEnded(silenceNanos);
    apply(decision, nowNanos);
    if (decision instanceof TurnDecision.WakeAt) {
      // The judge thinks the user is not done.
      backchannels.maybe(silenceNanos, nowNanos, turnOpen, turnStartNanos);
    }
    Judge j = judge;
    if (j != null) {
      judgeTurn(j, silenceNanos, nowNanos);
    }
  }

  private void judgeTurn(Judge j, long silenceNanos, long nowNanos) {
    TurnSnapshot snapshot =
        new TurnSnapshot(
            input.recentAudio(config.turnAudioMillis()),
            currentText(),
            responder.lastAgentUtterance(),
            (nowNanos - silenceNanos) / MILLI);
    long epoch = turnEpoch;
    TurnDetector detector = j.detector();
    j.worker()
        .submit(
            out ->
                out.post(new Frame.TurnJudgement(epoch, detector.completionProbability(snapshot))));
  }

  // ---- words ----------------------------------------------------------------------------------

  void onPartial(Frame.TranscriptPartial partial, long nowNanos) {
    if (ignoreTranscripts) {
      return;
    }
    partialText = partial.text();
    dropStaleSpeculation(nowNanos);
    onBargeIn(bargeIn.onWords(currentText()), nowNanos);
    events.emit(new SessionEvent.TranscriptPartial(events.rel(nowNanos), currentText()));
    apply(policy.onTranscript(currentText(), nowNanos), nowNanos);
    speculateEarly(nowNanos);
  }

  void onFinal(Frame.TranscriptFinal fin, long nowNanos) {
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
    onBargeIn(bargeIn.onWords(currentText()), nowNanos);
    if (endOfTurnWaiting) {
      // The end was decided on the words so far; the final words may say the user is not done
      // ("... from chicago to"): then the turn stays open for the wait those words deserve.
      TurnDecision judged = policy.onFinalTranscript(currentText(), nowNanos);
      if (judged instanceof TurnDecision.WakeAt || judged instanceof TurnDecision.EagerEnd) {
        endOfTurnWaiting = false;
        finalDeadlineNanos = NEVER;
        apply(judged, nowNanos);
      } else {
        endTurn(nowNanos);
      }
      return;
    }
    apply(policy.onTranscript(currentText(), nowNanos), nowNanos);
    speculateEarly(nowNanos);
  }

  void onRecognizerEndOfTurn(Frame.RecognizerEndOfTurn end, long nowNanos) {
    if (!ignoreTranscripts && !endOfTurnWaiting) {
      apply(policy.onRecognizerEndOfTurn(end.probability(), nowNanos), nowNanos);
    }
  }

  void onJudgement(Frame.TurnJudgement judgement, long nowNanos) {
    if (judgement.turnEpoch() == turnEpoch) {
      apply(policy.onJudgement(judgement.probability(), nowNanos), nowNanos);
    }
  }

  /**
   * A key press is deliberate input: it stops the agent at once and is the user's whole turn, as
   * the text {@code [DTMF 5]}.
   */
  void onDtmf(char digit, long nowNanos) {
    responder.stop(nowNanos);
    carriedUserText = "";
    turnText.setLength(0);
    partialText = "";
    policy.reset();
    policyWakeNanos = NEVER;
    turnText.append("[DTMF ").append(digit).append(']');
    awaitingFinal = false;
    endTurn(nowNanos);
  }

  /** The recogniser gave no final words in time: its stream is replaced, the turn goes without. */
  void onRecognizerStalled(long nowNanos) {
    events.emit(
        new SessionEvent.ServiceFailed(
            events.rel(nowNanos),
            "stt",
            "no final result "
                + config.stall().recognizerLimitMillis()
                + " ms after the end of speech: the stream was reopened"));
    stall.recognizerReopened();
    recognition.reopen();
    awaitingFinal = false;
    if (endOfTurnWaiting) {
      endTurn(nowNanos);
    }
  }

  private String currentText() {
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

  // ---- decisions ------------------------------------------------------------------------------

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
          events.emit(
              new SessionEvent.UserTurnEagerEnd(
                  events.rel(nowNanos), currentText(), eager.probability()));
        }
        responder.speculate(currentText());
      }
      case TurnDecision.Resumed r -> {
        policyWakeNanos = NEVER;
        responder.dropSpeculation(nowNanos);
        events.emit(new SessionEvent.UserTurnResumed(events.rel(nowNanos)));
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
    String text = currentText();
    long voiced = turnVoicedNanos;
    turnVoicedNanos = 0;
    turnText.setLength(0);
    partialText = "";
    carriedUserText = "";
    turnOpen = false;
    backchannels.cancel();
    speaker.stopBackchannel(nowNanos);
    UserAffect affect = input.endTurn();
    // A later word changed the turn: a speculative reply to the earlier words is redone.
    responder.dropSpeculationUnless(text, nowNanos);
    if (!turnTaking.isTurn(text, voiced)) {
      return; // a cough or a click with no words is not a turn
    }
    responder.answer(text, affect, input.lastSilenceNanos(), nowNanos);
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
        || responder.state() != Responder.State.IDLE
        || bargeIn.active()
        || !input.silencePending()) {
      return;
    }
    String text = currentText();
    double p = turnTaking.earlyEnd(text, responder.lastAgentUtterance());
    if (Double.isNaN(p)) {
      return;
    }
    eagerSent = true;
    events.emit(new SessionEvent.UserTurnEagerEnd(events.rel(nowNanos), text, p));
    responder.speculate(currentText());
  }

  /** Cancels a speculative reply whose words are no longer the user's. */
  private void dropStaleSpeculation(long nowNanos) {
    if (responder.dropSpeculationUnless(currentText(), nowNanos) && eagerSent) {
      eagerSent = false; // the words went on: the new ones may have their own eager end
      events.emit(new SessionEvent.UserTurnResumed(events.rel(nowNanos)));
    }
  }

  // ---- barge-in -------------------------------------------------------------------------------

  private void onBargeIn(BargeInPolicy.Action action, long nowNanos) {
    switch (action) {
      case NONE -> {}
      case PAUSE -> speaker.pause();
      case INTERRUPT -> {
        responder.interrupt(nowNanos);
        policy.onInterruptedAgent();
        apply(policy.onWake(nowNanos), nowNanos); // the overlap is the user's turn now
      }
      case RESUME -> {
        events.emit(new SessionEvent.InterruptionIgnored(events.rel(nowNanos), bargeIn.reason()));
        speaker.resume(nowNanos);
        // The sound was not a turn: forget it, and any words of it still on their way.
        policy.reset();
        policyWakeNanos = NEVER;
        turnOpen = false;
        input.dropTurn();
        turnText.setLength(0);
        partialText = "";
        turnVoicedNanos = 0;
        ignoreTranscripts = true;
      }
    }
  }
}
