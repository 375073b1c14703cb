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

/**
 * The caller who goes quiet after the agent finished: prompted after {@code idleMillis}, up to
 * {@code maxPrompts} times, then the call ends if the settings say so. Confined to the session
 * loop.
 */
final class IdlePrompts {
  private final SessionConfig.Idle settings;
  private final Responder responder;
  private final UserInput input;
  private final Responder.Hangup hangup;
  private long atNanos = NEVER;
  private int prompts;

  IdlePrompts(
      SessionConfig.Idle settings, Responder responder, UserInput input, Responder.Hangup hangup) {
    this.settings = settings;
    this.responder = responder;
    this.input = input;
    this.hangup = hangup;
  }

  long nextDeadlineNanos() {
    return atNanos;
  }

  /** The agent finished speaking at {@code atNanos}: the caller's silence is timed from there. */
  void agentFinished(long atNanos) {
    if (settings.idleMillis() > 0
        && (prompts < settings.maxPrompts() || settings.hangUpAfterPrompts())) {
      this.atNanos = atNanos + settings.idleMillis() * MILLI;
    }
  }

  /** The caller spoke: the prompts start over. */
  void userSpoke() {
    atNanos = NEVER;
    prompts = 0;
  }

  /** The user has been quiet since the agent finished: prompt them, or end the call. */
  void onTime(long nowNanos) {
    if (atNanos > nowNanos) {
      return;
    }
    atNanos = NEVER;
    if (responder.state() != Responder.State.IDLE || input.speaking()) {
      return;
    }
    if (prompts < settings.maxPrompts()) {
      prompts++;
      responder.speak(settings.prompt(), nowNanos);
    } else if (settings.hangUpAfterPrompts()) {
      hangup.end("user idle", nowNanos);
    }
  }
}
