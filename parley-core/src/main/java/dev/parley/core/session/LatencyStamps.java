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

/**
 * When each stage of the reply to the last user turn first happened, for the {@link
 * SessionEvent.LatencyBreakdown} its first audio reports: -1 until it does, and the turn's end -1
 * once the breakdown is out or for a reply that answers no turn. Confined to the session loop.
 */
final class LatencyStamps {
  private final EventSink events;
  private long speechEndNanos = -1;
  private long turnEndNanos = -1;
  private long tokenNanos = -1;
  private long audioNanos = -1;

  LatencyStamps(EventSink events) {
    this.events = events;
  }

  /** A reply is asked of the agent: its token and audio are still to come. */
  void asked() {
    tokenNanos = -1;
    audioNanos = -1;
  }

  /** The reply answers the turn whose speech ended at {@code speechEndNanos}. */
  void answers(long speechEndNanos, long turnEndNanos) {
    this.speechEndNanos = speechEndNanos;
    this.turnEndNanos = turnEndNanos;
  }

  /** The reply answers no turn (a prompt of the session's own). */
  void answersNoTurn() {
    turnEndNanos = -1;
  }

  void token(long nowNanos) {
    if (tokenNanos < 0) {
      tokenNanos = nowNanos;
    }
  }

  void audio(long nowNanos) {
    if (audioNanos < 0) {
      audioNanos = nowNanos;
    }
  }

  /** The reply's first audio went out at {@code sentNanos}: report the breakdown, once. */
  void heard(long sentNanos) {
    if (turnEndNanos < 0) {
      return; // an idle prompt, or a reply already measured
    }
    events.emit(
        new SessionEvent.LatencyBreakdown(
            events.rel(sentNanos),
            events.rel(speechEndNanos),
            events.rel(turnEndNanos),
            tokenNanos < 0 ? -1 : events.rel(tokenNanos),
            audioNanos < 0 ? -1 : events.rel(audioNanos)));
    turnEndNanos = -1;
  }
}
