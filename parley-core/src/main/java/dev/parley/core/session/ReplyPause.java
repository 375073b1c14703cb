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

/**
 * How the reply's audio stops under the caller's voice and starts again: at once, without a click,
 * and without losing the words a transport had buffered.
 *
 * <p>The session pauses on the first window of sound under the reply ({@link #pauseOnSound}), as it
 * does for fillers and backchannels, rather than once the VAD has confirmed speech about 130 ms
 * later; a barge-in being judged keeps the pause ({@link #pause}). The pause takes effect at the
 * next playout tick, which sends the coming audio once more faded out over {@link #FADE_SAMPLES}
 * without consuming it; two ticks later the transport is told to drop what it buffered (the {@code
 * clear} of Twilio, Telnyx and the browser); then nothing is sent until {@link #resume}, whose
 * first frame fades in from the paused sample. A pause while nothing was audible just holds.
 *
 * <pre>
 *   PLAY ──pause──▶ FADE_OUT (one frame) ──▶ HOLD ──40 ms──▶ CLEAR ──▶ HOLD ──resume──▶ PLAY (fade in)
 * </pre>
 *
 * <p>Pure state with one job; confined to the session loop; allocates nothing.
 */
final class ReplyPause {
  /** 15 ms at 16 kHz: long enough not to click, short enough to stop within the frame. */
  static final int FADE_SAMPLES = 240;

  /** What a playout tick does. */
  enum Step {
    /** Play the next frame of the reply. */
    PLAY,
    /** Send the next frame faded to silence, without consuming it. */
    FADE_OUT,
    /** Tell the transport to drop the audio it holds. */
    CLEAR,
    /** Send nothing; hold the playout grid. */
    HOLD
  }

  private boolean paused;
  private boolean tentative;
  private Step next = Step.HOLD;
  private boolean audible;
  private boolean cleared;
  private boolean fadeIn;
  private int ticksToClear;

  /**
   * The clear goes two ticks after the faded frame: a transport writer running a frame or two
   * behind still sends the fade before the clear empties its queue, and the clear stays well within
   * 150 ms of the pause.
   */
  private static final int CLEAR_AFTER_TICKS = 2;

  /** Whether the reply is paused. */
  boolean paused() {
    return paused;
  }

  /** Whether the pause is on a sound the VAD has not yet confirmed as speech. */
  boolean tentative() {
    return paused && tentative;
  }

  /** Pauses on a first window of sound, before it is known to be speech. */
  void pauseOnSound() {
    if (!paused) {
      start();
      tentative = true;
    }
  }

  /** Pauses while a barge-in is judged; confirms a pause on sound. */
  void pause() {
    if (!paused) {
      start();
    }
    tentative = false;
  }

  private void start() {
    paused = true;
    cleared = false;
    ticksToClear = 0;
    next = audible ? Step.FADE_OUT : Step.HOLD;
  }

  /** What this tick does; call once per playout tick. */
  Step tick() {
    if (!paused) {
      return Step.PLAY;
    }
    Step now = next;
    switch (now) {
      case FADE_OUT -> {
        next = Step.HOLD;
        ticksToClear = CLEAR_AFTER_TICKS;
        fadeIn = true;
      }
      case CLEAR -> {
        next = Step.HOLD;
        cleared = true;
      }
      case HOLD, PLAY -> {
        next = Step.HOLD;
        if (ticksToClear > 0 && --ticksToClear == 0) {
          now = Step.CLEAR;
          cleared = true;
        }
      }
    }
    audible = false;
    return now;
  }

  /**
   * Ends the pause. Returns whether the transport was told to drop its buffer meanwhile: then the
   * reply should go back to what the caller confirmed hearing.
   */
  boolean resume() {
    boolean dropped = cleared;
    paused = false;
    tentative = false;
    cleared = false;
    return dropped;
  }

  /** The reply ended or was cancelled: a new one starts unpaused and silent. */
  void reset() {
    paused = false;
    tentative = false;
    cleared = false;
    fadeIn = false;
    audible = false;
    ticksToClear = 0;
  }

  /** Notes a frame of the reply about to be sent, fading it in if it is the first after a pause. */
  void played(short[] frame, int filled) {
    if (fadeIn && filled > 0) {
      fadeIn(frame);
      fadeIn = false;
    }
    audible = filled > 0;
  }

  /** Ramps the start of {@code frame} down to silence and zeroes the rest. */
  static void fadeOut(short[] frame) {
    int n = Math.min(FADE_SAMPLES, frame.length);
    for (int i = 0; i < n; i++) {
      frame[i] = (short) (frame[i] * (n - i) / (n + 1));
    }
    java.util.Arrays.fill(frame, n, frame.length, (short) 0);
  }

  /** Ramps the start of {@code frame} up from silence. */
  static void fadeIn(short[] frame) {
    int n = Math.min(FADE_SAMPLES, frame.length);
    for (int i = 0; i < n; i++) {
      frame[i] = (short) (frame[i] * (i + 1) / (n + 1));
    }
  }
}
