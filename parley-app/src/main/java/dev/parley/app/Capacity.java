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
package dev.parley.app;

import java.util.Locale;

/**
 * The default {@code --max-sessions}: concurrent calls per core that {@code parley loadtest}
 * measured for a speech stack to hold (p99 frame delay ≤ 20 ms, no dropped frames), times the
 * machine's cores. A hard ceiling under the measured-load admission of the server, which refuses
 * earlier when the machine is busier than when it was measured. The measurements and how to redo
 * them are in {@code docs/deploy.md}; an operator who measured their own machine passes {@code
 * --max-sessions}.
 *
 * <p>Each component costs a share of a core per call, and a stack's cost is the sum of its parts':
 * the recogniser dominates with words (PocketSphinx), Silero's batched windows cost little, Flite
 * speaks a few seconds a turn. A component nobody measured (a Vosk or Whisper model, a Piper voice:
 * their cost depends on the model the user brings) counts as the costliest measured one of its
 * kind, so the default errs towards refusing.
 */
final class Capacity {
  /**
   * The share of the machine's CPU calls may use and still hold the frame budget: the session loops
   * need idle carriers to pick up a frame within milliseconds, so a measured CPU cost per call is
   * divided by this. (The stripped stack's figure is a held capacity already.)
   */
  static final double UTILISATION = 0.7;

  /** Silero VAD, stripped stack: 200 calls held for 60 s on 2 cores (docs/benchmarks.md). */
  static final double SILERO = 2.0 / 200;

  /** The energy VAD: arithmetic on each frame. */
  static final double ENERGY = 0.002;

  /**
   * The default stack (Silero, PocketSphinx, Flite, demo agent) measured 0.094 cores for one call
   * against 0.012 idle, 0.08 cores a call (docs/deploy.md), on a shared machine: PocketSphinx is
   * most of it. 17 calls on 2 cores; the 30 on 2 cores missed (p99 44 ms), which agrees.
   */
  static final double DEFAULT_STACK = 0.08 / UTILISATION;

  /** Flite speaking the demo agent's replies: not measured apart, counted inside the stack's. */
  static final double FLITE = 0.01;

  /** PocketSphinx: what the default stack costs beyond its VAD and synthesiser. */
  static final double SPHINX = DEFAULT_STACK - SILERO - FLITE;

  /** The placeholder synthesiser and the absent recogniser: nothing to speak of. */
  static final double NOTHING = 0.0;

  private Capacity() {}

  /** Calls admitted at most for this stack on {@code cores} cores; at least 1. */
  static int defaultMaxSessions(String vad, String stt, String tts, int cores) {
    double perCall = vadCost(vad) + sttCost(stt) + ttsCost(tts);
    return Math.max(1, (int) Math.floor(cores / Math.max(perCall, 0.001)));
  }

  private static double vadCost(String vad) {
    return vad.toLowerCase(Locale.ROOT).equals("energy") ? ENERGY : SILERO;
  }

  private static double sttCost(String stt) {
    String name = stt.toLowerCase(Locale.ROOT);
    return name.equals("none") ? NOTHING : SPHINX; // vosk:, whisper: count as Sphinx at least
  }

  private static double ttsCost(String tts) {
    return tts.toLowerCase(Locale.ROOT).equals("placeholder") ? NOTHING : FLITE;
  }
}
