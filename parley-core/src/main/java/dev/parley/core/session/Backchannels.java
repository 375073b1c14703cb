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
import static dev.parley.core.session.SessionCore.NEVER;

import dev.parley.core.event.SpeechKind;
import java.util.ArrayList;
import java.util.List;

/**
 * The agent's own backchannels while the user holds the turn: an "mhm" in a pause of a long turn,
 * spaced out, as often as the configured frequency says (a fixed-seed roll, so a replayed call says
 * the same), and never over the caller or a reply. Confined to the session loop.
 */
final class Backchannels {
  private final SessionConfig.Backchannels settings;
  private final Speaker speaker;
  private final UserInput input;
  private final Responder responder;
  private final List<String> texts = new ArrayList<>();
  private final List<short[]> clips = new ArrayList<>();
  private int next;
  private long roll = 0x5DEECE66DL;
  private long lastNanos = Long.MIN_VALUE / 2;
  private long atNanos = NEVER;

  Backchannels(
      SessionConfig.Backchannels settings, Speaker speaker, UserInput input, Responder responder) {
    this.settings = settings;
    this.speaker = speaker;
    this.input = input;
    this.responder = responder;
  }

  void addClip(String text, short[] samples) {
    texts.add(text);
    clips.add(samples);
  }

  long nextDeadlineNanos() {
    return atNanos;
  }

  /** None is due any more: the user spoke on, or the turn ended. */
  void cancel() {
    atNanos = NEVER;
  }

  /**
   * Schedules a backchannel in the pause that began at {@code silenceNanos} if the turn (open since
   * {@code turnStartNanos}) has gone on long enough and the dice say so.
   */
  void maybe(long silenceNanos, long nowNanos, boolean turnOpen, long turnStartNanos) {
    if (!settings.enabled()
        || clips.isEmpty()
        || responder.state() != Responder.State.IDLE
        || !turnOpen
        || silenceNanos - turnStartNanos < settings.minTurnMillis() * MILLI
        || silenceNanos - lastNanos < settings.minSpacingMillis() * MILLI) {
      return;
    }
    roll = (roll * 0x5DEECE66DL + 0xBL) & ((1L << 48) - 1);
    if ((roll >>> 24) / (double) (1L << 24) >= settings.frequency()) {
      return;
    }
    atNanos = Math.max(nowNanos, silenceNanos + settings.minPauseMillis() * MILLI);
  }

  void onTime(long nowNanos) {
    if (atNanos > nowNanos) {
      return;
    }
    atNanos = NEVER;
    if (responder.state() != Responder.State.IDLE || input.starting()) {
      return;
    }
    int index = next++ % clips.size();
    speaker.playAside(
        SpeechKind.BACKCHANNEL, texts.get(index), clips.get(index), settings.gain(), nowNanos);
    lastNanos = nowNanos;
  }
}
