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

import static dev.parley.core.session.SessionCore.MILLI;

import dev.parley.core.event.SessionEvent;
import dev.parley.core.event.SpeechKind;
import dev.parley.core.frame.Frame;
import dev.parley.core.prosody.UserAffect;
import dev.parley.core.spi.Agent;
import dev.parley.core.spi.CallInfo;
import dev.parley.core.spi.Conversation;
import dev.parley.core.spi.ProviderException;
import dev.parley.core.turn.BargeInPolicy;
import dev.parley.core.turn.TurnPolicy;
import dev.parley.core.turn.TurnTaking;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;

/**
 * The agent's side of the call: the conversation, the current reply and its response id, the reply
 * started speculatively on an eager end of turn, and what happens when a reply starts, is heard to
 * start, finishes, is interrupted, fails or stalls. Every cancellation bumps the response id, so
 * the old reply's late frames fall to the session's one stale-id guard. Confined to the session
 * loop.
 */
final class Responder implements Fillers.Reply {
  /** Where the reply stands. */
  enum State {
    IDLE,
    THINKING,
    SPEAKING
  }

  /** Ends the call, from the reply's side: a goodbye said, the caller silent too long. */
  interface Hangup {
    void end(String reason, long nowNanos);
  }

  private final SessionConfig config;
  private final Agent agent;
  private final CallInfo call;
  private final EventSink events;
  private final Worker agentWorker;
  private final Synthesis synthesis;
  private final Speaker speaker;
  private final UserInput input;
  private final ToolLedger ledger;
  private final StallWatch stall;
  private final TurnPolicy policy;
  private final BargeInPolicy bargeIn;
  private final PendingCallAction callAction;
  private final Hangup hangup;
  private final Fillers fillers;

  private final List<Conversation.Turn> history = new ArrayList<>();
  private long responseId;
  private State state = State.IDLE;
  private final StringBuilder replyText = new StringBuilder();
  private @Nullable Speculation speculation;
  private ToolRuntime.@Nullable Reply replyContext;
  // The conversation the current reply answers, to ask again after a transient failure.
  private @Nullable Conversation asked;
  private boolean askedAgain;
  private long agentDoneResponseId = -1;
  // A reply given up on its agent keeps the audio its synthesiser still owes for text it was
  // given; the apology's first audio then cuts that at a sentence boundary.
  private long givenUpResponseId = -1;
  private boolean cutBeforeApology;
  private long replyNotBeforeNanos;
  private long replyAudioStartNanos = Long.MIN_VALUE / 2;
  private String lastAgentUtterance = "";
  private final IdlePrompts idle;
  private final LatencyStamps stamps;

  Responder(
      SessionConfig config,
      Components components,
      CallInfo call,
      EventSink events,
      Worker agentWorker,
      Synthesis synthesis,
      Speaker speaker,
      UserInput input,
      ToolRuntime tools,
      StallWatch stall,
      TurnTaking turnTaking,
      PendingCallAction callAction,
      Hangup hangup) {
    this.config = config;
    this.agent = components.agent();
    this.call = call;
    this.events = events;
    this.agentWorker = agentWorker;
    this.synthesis = synthesis;
    this.speaker = speaker;
    this.input = input;
    this.stall = stall;
    this.policy = turnTaking.policy();
    this.bargeIn = turnTaking.bargeIn();
    this.callAction = callAction;
    this.hangup = hangup;
    this.stamps = new LatencyStamps(events);
    this.idle = new IdlePrompts(config.idle(), this, input, hangup);
    this.ledger = new ToolLedger(tools, events, this::record);
    this.fillers =
        new Fillers(
            config,
            new LatencyMask(config.masking()),
            speaker,
            input,
            turnTaking.bargeIn(),
            ledger,
            this);
  }

  Fillers fillers() {
    return fillers;
  }

  IdlePrompts idle() {
    return idle;
  }

  ToolLedger ledger() {
    return ledger;
  }

  State state() {
    return state;
  }

  @Override
  public long responseId() {
    return responseId;
  }

  @Override
  public boolean waiting() {
    return state != State.IDLE && speculation == null;
  }

  boolean speculating() {
    return speculation != null;
  }

  long replyAudioStartNanos() {
    return replyAudioStartNanos;
  }

  String lastAgentUtterance() {
    return lastAgentUtterance;
  }

  /** Records a turn of the conversation. */
  void add(Conversation.Turn turn) {
    history.add(turn);
  }

  /**
   * Takes the last user turn out of the history to be continued; tool turns recorded after it stay,
   * because they happened.
   */
  String removeLastUserTurn() {
    for (int i = history.size() - 1; i >= 0; i--) {
      if (history.get(i) instanceof Conversation.Turn.User user) {
        history.remove(i);
        return user.text();
      }
    }
    return "";
  }

  /**
   * A tool call's turn: part of the conversation, or held with the speculative reply it ran for.
   */
  private void record(Conversation.Turn.Tool turn, long toolResponseId) {
    Speculation early = speculation;
    if (early != null && toolResponseId == early.responseId) {
      early.heldTools.add(turn); // part of the conversation only if the reply is promoted
    } else {
      history.add(turn);
    }
  }

  // ---- starting a reply ---------------------------------------------------------------------

  /**
   * The user's turn is over and is a turn: answer it, with the speculative reply if that answered
   * the same words. {@code silenceNanos} is when the user's speech ended.
   */
  void answer(String text, UserAffect affect, long silenceNanos, long nowNanos) {
    events.emit(new SessionEvent.UserTurnEnded(events.rel(nowNanos), text, affect));
    history.add(new Conversation.Turn.User(text, affect));
    replyNotBeforeNanos = silenceNanos + config.pacingMillis() * MILLI;
    Speculation early = speculation;
    if (early != null) {
      promote(early, nowNanos);
    } else {
      startReply();
    }
    if (agentDoneResponseId != responseId) {
      stall.replyAwaited(nowNanos);
    }
    // After startReply, which clears the stamps; a promoted speculation keeps its earlier ones.
    stamps.answers(silenceNanos, nowNanos);
  }

  private void startReply() {
    responseId++;
    stamps.asked();
    askedAgain = false;
    submitReply(new Conversation(call.callId(), history), ToolRuntime.Reply.fin(responseId));
  }

  /**
   * Starts a reply to the words so far on an eager end of turn: its audio is held and its side
   * effects wait until the turn is final.
   */
  void speculate(String text) {
    if (!config.speculation().enabled()
        || state != State.IDLE
        || speculation != null
        || text.isBlank()) {
      return;
    }
    List<Conversation.Turn> turns = new ArrayList<>(history);
    turns.add(new Conversation.Turn.User(text, input.affectSoFar()));
    responseId++;
    Speculation early = new Speculation(responseId, text);
    speculation = early;
    stamps.asked();
    askedAgain = false;
    submitReply(
        new Conversation(call.callId(), turns),
        new ToolRuntime.Reply(responseId, true, early.gate, new AtomicBoolean()));
  }

  /** The final turn is what the speculative reply answered: let it be heard. */
  private void promote(Speculation early, long nowNanos) {
    speculation = null;
    history.addAll(early.heldTools);
    early.gate.open();
    if (speaker.replyHasAudio() && !speaker.replyScheduled()) {
      speaker.play(nowNanos, replyNotBeforeNanos);
    } else if (speaker.replyFinished() && !speaker.replyHasAudio()) {
      finishReply(nowNanos);
    }
    fillers.rearm();
  }

  /** Cancels a speculative reply that did not answer {@code text}; true if there was one. */
  boolean dropSpeculationUnless(String text, long nowNanos) {
    Speculation early = speculation;
    if (early != null && !early.answers(text)) {
      dropSpeculation(nowNanos);
      return true;
    }
    return false;
  }

  /**
   * Cancels the speculative reply. Its read-only calls still running are left to finish: their
   * results go to the turn's cache, where the redone reply finds them if it asks the same.
   */
  void dropSpeculation(long nowNanos) {
    if (speculation != null) {
      speculation = null;
      keepReads();
      cancelReply(nowNanos);
    }
  }

  /** The current reply is about to be cancelled and redone for the same turn. */
  void keepReads() {
    ledger.keepReads(responseId, replyContext);
  }

  private void submitReply(Conversation conversation, ToolRuntime.Reply context) {
    stall.replyStarted();
    asked = conversation;
    ask(context, ReplyPoster.respond(agent, conversation, context, ledger.runtime()));
  }

  /**
   * Opens the call before the caller speaks: the agent's greeting is a reply like any other (its
   * tool calls masked, the caller able to interrupt it), answering no turn, so it has no latency
   * breakdown.
   */
  void greet() {
    responseId++;
    ToolRuntime.Reply context = ToolRuntime.Reply.fin(responseId);
    asked = null;
    ask(context, ReplyPoster.greet(agent, call, context, ledger.runtime(), config.apology()));
  }

  private void ask(ToolRuntime.Reply context, Worker.Job job) {
    replyContext = context;
    state = State.THINKING;
    replyText.setLength(0);
    speaker.newReply();
    fillers.newReply();
    agentWorker.submit(job);
  }

  /** Says a fixed line as a reply of its own, without asking the agent. */
  void speak(String text, long nowNanos) {
    stamps.answersNoTurn();
    responseId++;
    state = State.THINKING;
    replyText.setLength(0);
    replyText.append(text);
    speaker.newReply();
    replyNotBeforeNanos = nowNanos;
    synthesis.say(responseId, text);
    stall.synthesizerGiven(nowNanos, true);
  }

  // ---- the agent's and the synthesiser's frames ---------------------------------------------

  void onAgentText(Frame.AgentText text, long nowNanos) {
    stamps.token(nowNanos);
    replyText.append(text.delta());
    synthesis.push(responseId, text.delta());
    stall.agentAlive(nowNanos);
    stall.synthesizerGiven(nowNanos, Synthesis.endsASentence(text.delta()));
  }

  void onAgentDone(long nowNanos) {
    synthesis.flush(responseId);
    agentDoneResponseId = responseId;
    stall.stopWatchingAgent();
    stall.synthesizerGiven(nowNanos, true);
  }

  /**
   * The agent failed. A speculative reply is dropped (the final turn asks again); a transient
   * failure before the reply said or did anything is asked again once; anything else gives up on
   * the reply with an apology.
   */
  void onAgentFailed(Frame.AgentFailed failed, long nowNanos) {
    Conversation conversation = asked;
    if (speculation != null) {
      events.emit(new SessionEvent.ServiceFailed(events.rel(nowNanos), "agent", failed.message()));
      dropSpeculation(nowNanos); // the final turn asks again
    } else if (failed.kind() == ProviderException.Kind.TRANSIENT
        && conversation != null
        && !askedAgain
        && state == State.THINKING
        && replyText.isEmpty()
        && !ledger.touched(responseId)) {
      events.emit(
          new SessionEvent.ServiceFailed(
              events.rel(nowNanos), "agent", failed.message() + " (transient: asked again)"));
      askedAgain = true;
      responseId++; // what the failed attempt still posts falls to the stale-id guard
      submitReply(conversation, ToolRuntime.Reply.fin(responseId));
    } else {
      giveUpOnAgent(failed.message(), nowNanos);
    }
  }

  void onSpeechText(Frame.SpeechText text) {
    cutBeforeApology(text.responseId());
    speaker.announce(text.text());
  }

  void onSpeechAudio(Frame.SpeechAudio audio, long nowNanos) {
    stamps.audio(nowNanos);
    cutBeforeApology(audio.responseId());
    speaker.append(audio.samples());
    stall.synthesizerAnswered();
    if (speculation == null) { // a speculative reply is held
      speaker.play(nowNanos, replyNotBeforeNanos);
    }
  }

  void onSpeechDone(long nowNanos) {
    speaker.finishReply();
    stall.synthesizerAnswered();
    if (state != State.SPEAKING && !speaker.replyHasAudio() && speculation == null) {
      finishReply(nowNanos); // the agent had nothing to say
    }
  }

  /** A tool fact, even from a cancelled reply: the ledger decides what it means. */
  void onFact(Frame.Fact fact, long nowNanos) {
    switch (fact) {
      case Frame.ToolStarted tool -> {
        if (ledger.started(tool, responseId, nowNanos)) {
          fillers.rearm();
        }
      }
      case Frame.ToolEnded tool -> {
        if (ledger.ended(tool, nowNanos)) {
          if (tool.responseId() == responseId) {
            stall.agentAlive(nowNanos); // the agent goes on from the tool's result
          }
          fillers.rearm();
        }
      }
    }
  }

  // ---- the reply heard, finished, interrupted -------------------------------------------------

  /** The reply's first audio goes out at {@code tickNanos}. */
  void onAudible(long tickNanos) {
    state = State.SPEAKING;
    replyAudioStartNanos = tickNanos;
    stamps.heard(tickNanos);
    events.emit(
        new SessionEvent.AgentSpeechStarted(
            events.rel(tickNanos), SpeechKind.RESPONSE, replyText.toString()));
  }

  void finishReply(long atNanos) {
    callAction.replyFinished(responseId, atNanos);
    if (state == State.SPEAKING) {
      String text = speaker.replyText();
      events.emit(
          new SessionEvent.AgentSpeechEnded(events.rel(atNanos), SpeechKind.RESPONSE, text, false));
      history.add(new Conversation.Turn.Agent(replyText.toString(), text, false));
      lastAgentUtterance = text;
      policy.onAgentUtterance(text);
      idle.agentFinished(atNanos);
    }
    state = State.IDLE;
    speaker.stopReply();
    ledger.forgetReads();
    fillers.newReply();
    givenUpResponseId = -1;
    cutBeforeApology = false;
    stall.stopWatchingAgent();
    stall.synthesizerReleased();
    if (stall.endingCall()) {
      hangup.end("service unavailable", atNanos); // the goodbye has been said
    }
  }

  /** The caller interrupted: the agent's memory keeps what they heard, and the reply stops. */
  void interrupt(long nowNanos) {
    String heard = speaker.heardReplyText();
    events.emit(new SessionEvent.AgentInterrupted(events.rel(nowNanos), heard));
    if (state == State.SPEAKING) {
      events.emit(
          new SessionEvent.AgentSpeechEnded(
              events.rel(nowNanos), SpeechKind.RESPONSE, heard, true));
    }
    history.add(new Conversation.Turn.Agent(replyText.toString(), heard, true));
    lastAgentUtterance = heard;
    policy.onAgentUtterance(heard);
    cancelReply(nowNanos);
    speaker.clearOutput();
  }

  /** Abandons the current reply: later frames of it fall to the stale-id guard. */
  void cancelReply(long nowNanos) {
    ledger.cancelOpenReads(responseId, nowNanos);
    fillers.newReply();
    responseId++;
    agentWorker.cancel();
    synthesis.cancel();
    state = State.IDLE;
    speaker.stopReply();
    bargeIn.clear();
    stall.stopWatchingAgent();
    stall.synthesizerReleased();
    givenUpResponseId = -1; // cancelled too: its audio still owed is no longer wanted
    cutBeforeApology = false;
  }

  /** Stops whatever reply is on its way: interrupts one being heard, cancels one being made. */
  void stop(long nowNanos) {
    if (state == State.SPEAKING) {
      interrupt(nowNanos);
    } else if (state == State.THINKING) {
      cancelReply(nowNanos);
    }
  }

  // ---- stalls, failures and the idle caller ---------------------------------------------------

  /** Carries out what the stall watch says is due of the agent or the synthesiser. */
  void onStall(StallWatch.Due due, long nowNanos) {
    SessionConfig.Stall settings = config.stall();
    switch (due) {
      case NONE, RECOGNIZER_STALLED -> {}
      case AGENT_FILLER -> fillers.onAgentSlow(stall, nowNanos);
      case AGENT_STALLED ->
          giveUpOnAgent(
              "no words for " + settings.agentLimitMillis() + " ms: the reply was given up",
              nowNanos);
      case SYNTHESIZER_STALLED -> {
        events.emit(
            new SessionEvent.ServiceFailed(
                events.rel(nowNanos),
                "tts",
                "no audio "
                    + settings.synthesizerLimitMillis()
                    + " ms after text to speak: the reply was given up"));
        if (stall.tooManyStalls() || stall.endingCall()) {
          hangup.end("synthesizer stalled", nowNanos); // no voice left to say goodbye with
          return;
        }
        // What was synthesised still plays; the rest of the reply is dropped, and the next turn
        // opens a fresh synthesiser stream.
        stall.stopWatchingAgent();
        ledger.cancelOpenReads(responseId, nowNanos);
        responseId++;
        agentWorker.cancel();
        synthesis.cancel();
        speaker.finishReply();
        if (state != State.SPEAKING && !speaker.replyHasAudio()) {
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
    events.emit(new SessionEvent.ServiceFailed(events.rel(nowNanos), "agent", why));
    stall.stopWatchingAgent();
    ledger.cancelOpenReads(responseId, nowNanos);
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
    // Queued behind the text already given: a new stream for the new id closes the old one, which
    // drops the half sentence it was holding.
    synthesis.say(responseId, line);
    stall.synthesizerGiven(nowNanos, true);
    fillers.rearm();
  }

  /** Whether a frame of reply {@code id} is still wanted: the current one, or given-up speech. */
  boolean wants(Frame.Response frame) {
    return frame.responseId() == responseId
        || (frame.responseId() == givenUpResponseId
            && (frame instanceof Frame.SpeechText || frame instanceof Frame.SpeechAudio));
  }

  /** The apology's first sound: everything owed for the given-up text has arrived; cut it. */
  private void cutBeforeApology(long speechResponseId) {
    if (cutBeforeApology && speechResponseId == responseId) {
      cutBeforeApology = false;
      givenUpResponseId = -1;
      speaker.cutAtSentenceEnd();
    }
  }

  /** A component keeps stalling: say goodbye, and hang up once it is said. */
  void sayGoodbye(long nowNanos) {
    stop(nowNanos);
    stall.endCall();
    speak(config.stall().goodbye(), nowNanos);
  }
}
