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
import static dev.parley.core.session.SessionCore.FRAME_SAMPLES;
import static dev.parley.core.session.SessionCore.NEVER;
import static dev.parley.core.session.SessionCore.SAMPLE_NANOS;

import dev.parley.core.event.SessionEvent;
import dev.parley.core.event.SpeechKind;
import org.jspecify.annotations.Nullable;

/**
 * The agent's one voice: plays the reply and, on the same 20 ms grid, an aside (a filler while a
 * tool runs, or a backchannel while the user talks) through one frame buffer, with the reply's
 * pause, fade, resume and the record of what the caller heard.
 *
 * <p>Two lanes, one at a time audible: a filler holds the reply until it ends, so the answer
 * follows it without a gap; a backchannel plays only while no reply does. Each lane keeps absolute
 * deadlines ({@code deadline += 20 ms}), so playout never drifts. Confined to the session loop.
 */
final class Speaker {
  /** What the speaker asks of the reply and the caller, and tells them. */
  interface Cues {
    /** Whether the reply has been heard to start. */
    boolean replySpeaking();

    /** The reply's first audio is going out at {@code tickNanos}. */
    void replyAudible(long tickNanos);

    /** The reply has played to its end at {@code atNanos}. */
    void replyDrained(long atNanos);

    /** Whether the caller is speaking or about to: a reply does not start over them. */
    boolean userStarting();

    /** A filler ended (played out or cut): what the caller heard of it is the agent's turn. */
    void fillerEnded(String text, String heard, boolean interrupted, boolean audible, long atNanos);
  }

  private final EventSink events;
  private final AudioOutput output;
  private final AgentLevels levels;
  private final Cues cues;
  private final short[] frame = new short[FRAME_SAMPLES];

  // The reply's lane.
  private Playout reply = new Playout();
  private long replyTickNanos = NEVER;
  private final ReplyPause pause = new ReplyPause();

  // The aside's lane: at most one line at a time.
  private @Nullable Playout aside;
  private SpeechKind asideKind = SpeechKind.FILLER;
  private String asideText = "";
  private double asideGain = 1;
  private boolean asideAudible;
  private long asideTickNanos = NEVER;

  // What the transport confirms the caller heard (telephony marks), relative to the origin: the
  // time base of AudioOutput.play's atNanos, which is what a transport has to echo back.
  private boolean heardConfirmed;
  private long heardUpToNanos = Long.MIN_VALUE;

  Speaker(EventSink events, AudioOutput output, AgentLevels levels, Cues cues) {
    this.events = events;
    this.output = output;
    this.levels = levels;
    this.cues = cues;
  }

  /** The earliest time a lane has a frame due. */
  long nextDeadlineNanos() {
    return Math.min(replyTickNanos, asideTickNanos);
  }

  // ---- the reply ----------------------------------------------------------------------------

  /** Announces the text of the reply audio appended next. */
  void announce(String text) {
    reply.announce(text);
  }

  void append(short[] samples) {
    reply.append(samples);
  }

  /** No more audio will arrive for this reply. */
  void finishReply() {
    reply.finish();
  }

  boolean replyHasAudio() {
    return reply.hasAudio();
  }

  boolean replyFinished() {
    return reply.finished();
  }

  /** Everything announced for the reply. */
  String replyText() {
    return reply.text();
  }

  /** What the caller heard of the reply: confirmed by the transport if it confirms, else sent. */
  String heardReplyText() {
    return heardConfirmed ? reply.heardTextUpTo(heardUpToNanos) : reply.heardText();
  }

  /** Drops what the transport holds unplayed: the caller must not hear more of it. */
  void clearOutput() {
    output.clear();
  }

  /** Cuts the reply's audio not yet played after its last complete sentence. */
  void cutAtSentenceEnd() {
    reply.cutAtSentenceEnd();
  }

  /** A new reply: nothing of it queued yet. */
  void newReply() {
    reply = new Playout();
  }

  /** The reply is over or abandoned: drop what it had queued and any pause. */
  void stopReply() {
    replyTickNanos = NEVER;
    reply = new Playout();
    pause.reset();
  }

  /** Starts the reply's playout on the grid, not before {@code notBeforeNanos}, if not playing. */
  void play(long nowNanos, long notBeforeNanos) {
    if (replyTickNanos == NEVER) {
      replyTickNanos = nextGridNanos(Math.max(nowNanos, notBeforeNanos));
    }
  }

  boolean replyScheduled() {
    return replyTickNanos != NEVER;
  }

  /** Plays the reply's frame if one is due. */
  void playReplyDue(long nowNanos) {
    if (replyTickNanos <= nowNanos) {
      long tick = replyTickNanos;
      replyTickNanos = NEVER;
      playReplyTick(tick);
    }
  }

  private void playReplyTick(long tickNanos) {
    boolean userStarting = !cues.replySpeaking() && cues.userStarting();
    // Hold the grid: while a filler plays to its end (the answer follows it), and rather than
    // start a reply over a user who has started to speak.
    if (fillerPlaying() || userStarting) {
      levels.record(AgentLevels.SILENCE_DB);
      replyTickNanos = tickNanos + FRAME_NANOS;
      return;
    }
    ReplyPause.Step step = pause.tick();
    if (step != ReplyPause.Step.PLAY) {
      // Paused while the caller's sound is judged: fade out, clear the transport, then hold.
      double level = AgentLevels.SILENCE_DB;
      if (step == ReplyPause.Step.FADE_OUT) {
        reply.peek(frame);
        ReplyPause.fadeOut(frame);
        level = AgentLevels.levelDb(frame, 0, FRAME_SAMPLES);
        output.play(events.rel(tickNanos), frame, 0, FRAME_SAMPLES);
      } else if (step == ReplyPause.Step.CLEAR) {
        output.clear();
      }
      levels.record(level);
      replyTickNanos = tickNanos + FRAME_NANOS; // hold the grid while the overlap is judged
      return;
    }
    int filled = reply.pull(frame);
    pause.played(frame, filled);
    reply.sentUntil(events.rel(tickNanos) + FRAME_NANOS);
    levels.record(
        filled > 0 ? AgentLevels.levelDb(frame, 0, FRAME_SAMPLES) : AgentLevels.SILENCE_DB);
    if (filled > 0) {
      if (!cues.replySpeaking()) {
        cues.replyAudible(tickNanos);
      }
      output.play(events.rel(tickNanos), frame, 0, FRAME_SAMPLES);
    }
    if (reply.drained()) {
      cues.replyDrained(tickNanos + filled * SAMPLE_NANOS);
    } else {
      replyTickNanos = tickNanos + FRAME_NANOS; // absolute deadlines: playout never drifts
    }
  }

  // ---- pause and resume ---------------------------------------------------------------------

  /** The caller made a sound over the reply: stop at once, tentatively, until it is judged. */
  void pauseOnSound() {
    pause.pauseOnSound();
  }

  /** The overlap may be an interruption: pause until it is judged. */
  void pause() {
    pause.pause();
  }

  boolean paused() {
    return pause.paused();
  }

  /** Whether the pause is only for a sound not yet known to be speech. */
  boolean tentative() {
    return pause.tentative();
  }

  /**
   * The reply goes on after a pause. If the transport dropped its buffer meanwhile, the reply goes
   * back to what the caller confirmed hearing, so no word is skipped and heard text stays exact.
   */
  void resume(long nowNanos) {
    if (pause.resume() && heardConfirmed) {
      reply.rewindToHeard(heardUpToNanos);
    }
    events.emit(new SessionEvent.AgentResumed(events.rel(nowNanos)));
  }

  // ---- asides -------------------------------------------------------------------------------

  /**
   * Plays a short prepared line on the aside lane from the next grid slot; a line still playing is
   * cut first.
   */
  void playAside(SpeechKind kind, String text, short[] clip, double gain, long nowNanos) {
    if (aside != null) {
      stopAside(nowNanos);
    }
    Playout line = new Playout();
    line.announce(text);
    line.append(clip);
    line.finish();
    aside = line;
    asideKind = kind;
    asideText = text;
    asideGain = gain;
    asideAudible = false;
    asideTickNanos = nextGridNanos(nowNanos);
  }

  boolean fillerPlaying() {
    return aside != null && asideKind == SpeechKind.FILLER;
  }

  boolean backchannelPlaying() {
    return aside != null && asideKind == SpeechKind.BACKCHANNEL;
  }

  /** Whether the agent is saying or about to say anything. */
  boolean speaking() {
    return aside != null || reply.hasAudio();
  }

  /** Plays the aside's frame if one is due. */
  void playAsideDue(long nowNanos) {
    if (asideTickNanos <= nowNanos) {
      long tick = asideTickNanos;
      asideTickNanos = NEVER;
      playAsideTick(tick);
    }
  }

  private void playAsideTick(long tickNanos) {
    Playout line = aside;
    if (line == null) {
      return;
    }
    int filled = line.pull(frame);
    if (asideGain != 1) {
      for (int i = 0; i < filled; i++) {
        frame[i] = (short) Math.round(frame[i] * asideGain);
      }
    }
    levels.record(
        filled > 0 ? AgentLevels.levelDb(frame, 0, FRAME_SAMPLES) : AgentLevels.SILENCE_DB);
    if (filled > 0) {
      if (!asideAudible) {
        asideAudible = true;
        events.emit(
            new SessionEvent.AgentSpeechStarted(events.rel(tickNanos), asideKind, asideText));
      }
      output.play(events.rel(tickNanos), frame, 0, FRAME_SAMPLES);
    }
    if (line.drained()) {
      long end = tickNanos + filled * SAMPLE_NANOS;
      endAside(end, asideKind == SpeechKind.FILLER ? line.text() : asideText, false);
    } else {
      asideTickNanos = tickNanos + FRAME_NANOS;
    }
  }

  /** Cuts a backchannel, if one plays: the user's turn has ended. */
  void stopBackchannel(long nowNanos) {
    if (backchannelPlaying()) {
      stopAside(nowNanos);
    }
  }

  /** Cuts the aside playing, if any: never over the user. */
  void stopAside(long nowNanos) {
    Playout line = aside;
    if (line == null) {
      return;
    }
    if (asideKind == SpeechKind.FILLER) {
      output.clear();
      endAside(nowNanos, line.heardText(), true);
    } else {
      if (asideAudible) {
        events.emit(
            new SessionEvent.AgentSpeechEnded(
                events.rel(nowNanos), SpeechKind.BACKCHANNEL, asideText, true));
        output.clear();
      }
      aside = null;
      asideTickNanos = NEVER;
    }
  }

  private void endAside(long atNanos, String heard, boolean interrupted) {
    SpeechKind kind = asideKind;
    boolean audible = asideAudible;
    if (kind == SpeechKind.FILLER && audible) {
      events.emit(new SessionEvent.AgentSpeechEnded(events.rel(atNanos), kind, heard, interrupted));
    }
    aside = null;
    asideTickNanos = NEVER;
    if (kind == SpeechKind.FILLER) {
      cues.fillerEnded(asideText, heard, interrupted, audible, atNanos);
    } else if (audible) {
      events.emit(
          new SessionEvent.AgentSpeechEnded(events.rel(atNanos), kind, asideText, interrupted));
    }
  }

  // ---- what the caller heard ----------------------------------------------------------------

  /** The transport confirms the caller heard the agent up to {@code upToNanos}. */
  void heard(long upToNanos) {
    heardConfirmed = true;
    heardUpToNanos = Math.max(heardUpToNanos, upToNanos);
  }

  /** Up to when the caller confirmably heard the agent, on the media clock, if confirmed. */
  long heardUntilNanos() {
    return heardConfirmed ? events.originNanos() + heardUpToNanos : Long.MIN_VALUE;
  }

  boolean heardConfirmed() {
    return heardConfirmed;
  }

  private long nextGridNanos(long nowNanos) {
    long origin = events.originNanos();
    long frames = (nowNanos - origin + FRAME_NANOS - 1) / FRAME_NANOS;
    return origin + frames * FRAME_NANOS;
  }
}
