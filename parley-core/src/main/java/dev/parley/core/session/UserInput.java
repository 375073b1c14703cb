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

import static dev.parley.core.session.SessionCore.FRAME_SAMPLES;
import static dev.parley.core.session.SessionCore.MILLI;
import static dev.parley.core.session.SessionCore.RATE;
import static dev.parley.core.session.SessionCore.SAMPLE_NANOS;

import dev.parley.core.audio.AudioRing;
import dev.parley.core.event.SessionEvent;
import dev.parley.core.prosody.ProsodyTracker;
import dev.parley.core.prosody.UserAffect;
import dev.parley.core.spi.ProviderException;
import dev.parley.core.spi.VoiceActivityDetector;
import dev.parley.core.turn.Acoustics;
import dev.parley.core.turn.FinalStretch;
import dev.parley.core.turn.SpeechSegmenter;

/**
 * The caller's audio on its way in: the per-call ring, the recogniser feed, voice activity in the
 * detector's windows, the echo gate, speech edges, and pitch, loudness and rhythm for the turn.
 * Windows and prosody frames are read from the ring as it fills, so nothing keeps a copy of its
 * own; allocation-free per frame. Confined to the session loop.
 */
final class UserInput {
  /** Hears what each window of audio says. */
  interface Listener {
    /** A window was judged: {@code probability} of speech, after the echo gate. */
    void onSound(float probability, long nowNanos);

    /** Speech began at {@code onsetNanos} (audio time). */
    void onSpeechStarted(long onsetNanos, long nowNanos);

    /** Speech ended: the silence began at {@code silenceNanos} (audio time). */
    void onSpeechEnded(long silenceNanos, long nowNanos);

    /** The window has been fully handled. */
    void afterWindow(long nowNanos);
  }

  private final SessionConfig config;
  private final EventSink events;
  private final AgentLevels agentLevels;
  private final Recognition recognition;
  private final Listener listener;
  private final AudioRing ring;
  private final VoiceActivityDetector.Stream vad;
  private final short[] window;
  private long windowStartSequence;
  private boolean vadFailed;
  private final SpeechSegmenter segmenter;
  private final ProsodyTracker prosody = new ProsodyTracker();
  private final FinalStretch finalStretch = new FinalStretch();
  private final short[] prosodyFrame = new short[FRAME_SAMPLES];
  private long prosodyFrameSequence;
  private boolean echoGated;
  private long lastSilenceNanos;

  UserInput(
      SessionConfig config,
      VoiceActivityDetector detector,
      EventSink events,
      AgentLevels agentLevels,
      Recognition recognition,
      Listener listener) {
    this.config = config;
    this.events = events;
    this.agentLevels = agentLevels;
    this.recognition = recognition;
    this.listener = listener;
    this.ring = new AudioRing(ringCapacity(config.turnAudioMillis()));
    this.vad = detector.open();
    this.window = new short[detector.windowSamples()];
    this.segmenter =
        new SpeechSegmenter(
            config.vad().startThreshold(),
            config.vad().stopThreshold(),
            config.vad().minSpeechMillis() * MILLI,
            config.vad().minSilenceMillis() * MILLI);
  }

  private static int ringCapacity(long turnAudioMillis) {
    int needed = (int) (turnAudioMillis * RATE / 1000) * 2;
    return Integer.highestOneBit(Math.max(needed, 1 << 14) - 1) << 1;
  }

  /** Samples of caller audio received so far. */
  long samples() {
    return ring.endSequence();
  }

  /** Takes caller audio (16 kHz mono PCM16) that arrived at {@code nowNanos}. */
  void onAudio(short[] samples, int offset, int length, long nowNanos) {
    // Slices of half the ring at most, so that nothing is overwritten before it is read.
    int slice = ring.capacity() / 2;
    for (int at = 0; at < length; at += slice) {
      int n = Math.min(slice, length - at);
      ring.write(samples, offset + at, n);
      recognition.feed(samples, offset + at, n);
      readProsody();
      readWindows(nowNanos);
    }
  }

  /** Pitch, loudness and rhythm, 20 ms at a time. */
  private void readProsody() {
    while (ring.endSequence() - prosodyFrameSequence >= FRAME_SAMPLES) {
      ring.read(prosodyFrameSequence, prosodyFrame, 0, FRAME_SAMPLES);
      long at = audioNanos(prosodyFrameSequence);
      prosody.accept(prosodyFrame, 0, segmenter.speaking(), at);
      if (segmenter.speaking()) {
        finalStretch.accept(prosody.levelDbfs(), prosody.pitchHz(), at);
      }
      prosodyFrameSequence += FRAME_SAMPLES;
    }
  }

  private void readWindows(long nowNanos) {
    while (ring.endSequence() - windowStartSequence >= window.length) {
      ring.read(windowStartSequence, window, 0, window.length);
      onWindow(nowNanos);
      windowStartSequence += window.length;
    }
  }

  private void onWindow(long nowNanos) {
    float probability = 0f;
    if (!vadFailed) {
      try {
        probability = vad.speechProbability(window, 0);
      } catch (ProviderException e) {
        vadFailed = true;
        events.emit(
            new SessionEvent.ServiceFailed(
                events.rel(nowNanos), "vad", String.valueOf(e.getMessage())));
      }
    }
    if (!config.echo().inputEchoCancelled()) {
      probability = gateEcho(probability, nowNanos);
    }
    listener.onSound(probability, nowNanos);
    long start = audioNanos(windowStartSequence);
    long end = audioNanos(windowStartSequence + window.length);
    switch (segmenter.accept(start, end, probability)) {
      case STARTED -> listener.onSpeechStarted(segmenter.edgeNanos(), nowNanos);
      case ENDED -> {
        lastSilenceNanos = segmenter.edgeNanos();
        listener.onSpeechEnded(segmenter.edgeNanos(), nowNanos);
      }
      case NONE -> {}
    }
    listener.afterWindow(nowNanos);
  }

  /**
   * Input without echo cancellation hears the agent too: speech counts as the user's only when it
   * is louder than the agent's recent output less the gate. Reports the first gated window of each
   * stretch.
   */
  private float gateEcho(float probability, long nowNanos) {
    double agentDb = agentLevels.loudestDb();
    if (agentDb <= AgentLevels.SILENCE_DB || probability < config.vad().startThreshold()) {
      echoGated = false;
      return probability;
    }
    if (AgentLevels.levelDb(window, 0, window.length) >= agentDb - config.echo().gateDb()) {
      echoGated = false;
      return probability;
    }
    if (!echoGated && !segmenter.speaking()) {
      echoGated = true;
      events.emit(new SessionEvent.InterruptionIgnored(events.rel(nowNanos), "echo"));
    }
    return 0f;
  }

  /** Whether the caller is speaking, by the segmenter. */
  boolean speaking() {
    return segmenter.speaking();
  }

  /** Whether the caller is speaking, or has made a sound that may be speech starting. */
  boolean starting() {
    return segmenter.speaking() || segmenter.pendingOnsetNanos() >= 0;
  }

  /** Whether a sound has begun that is not yet speech. */
  boolean onsetPending() {
    return segmenter.pendingOnsetNanos() >= 0;
  }

  /** Whether the caller has gone quiet, but not yet long enough to be a silence. */
  boolean silencePending() {
    return segmenter.pendingSilenceNanos() >= 0;
  }

  /** When the caller's last speech ended (audio time). */
  long lastSilenceNanos() {
    return lastSilenceNanos;
  }

  // ---- the turn's prosody ---------------------------------------------------------------------

  /** Speech started: a turn's prosody begins unless one is going on; the final stretch anew. */
  void speechStarted() {
    if (!prosody.inTurn()) {
      prosody.startTurn();
    }
    finalStretch.reset();
  }

  /** How the speech that fell silent at {@code silenceNanos} ended. */
  Acoustics ending(long silenceNanos) {
    // Only up to where the silence began: the VAD's hangover frames are not how the speech ended.
    return finalStretch.summary(prosody.finalPitchSlope(), silenceNanos);
  }

  /** The turn is over: how it was said. */
  UserAffect endTurn() {
    return prosody.inTurn() ? prosody.endTurn() : UserAffect.silent(0);
  }

  /** How the turn so far was said. */
  UserAffect affectSoFar() {
    return prosody.inTurn() ? prosody.summary() : UserAffect.silent(0);
  }

  /** The sound was not a turn: a backchannel is too short to move the speaker's baseline. */
  void dropTurn() {
    if (prosody.inTurn()) {
      prosody.endTurn();
    }
  }

  /** The last {@code millis} of the caller's audio, for a turn detector. */
  short[] recentAudio(long millis) {
    long end = ring.endSequence();
    long start = Math.max(ring.startSequence(), end - millis * RATE / 1000);
    short[] audio = new short[(int) (end - start)];
    ring.read(start, audio, 0, audio.length);
    return audio;
  }

  void close() {
    vad.close();
  }

  private long audioNanos(long sequence) {
    return events.originNanos() + sequence * SAMPLE_NANOS;
  }
}
