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
import java.util.function.Consumer;

/**
 * Where a session's events go: stamped relative to the session's start, and handed to the listener
 * so that a listener's bug never ends the call. Confined to the session loop.
 */
final class EventSink {
  private final Consumer<SessionEvent> listener;
  private final long originNanos;

  EventSink(Consumer<SessionEvent> listener, long originNanos) {
    this.listener = listener;
    this.originNanos = originNanos;
  }

  /** When the session started, on its media clock. */
  long originNanos() {
    return originNanos;
  }

  /** {@code nanos} on the media clock, relative to the session's start. */
  long rel(long nanos) {
    return nanos - originNanos;
  }

  void emit(SessionEvent event) {
    try {
      listener.accept(event);
    } catch (RuntimeException e) {
      // A listener's bug must not end the call.
    }
  }
}
