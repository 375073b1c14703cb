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
package dev.parley.server;

import dev.parley.core.s2s.LiveSpeechToSpeech;
import dev.parley.core.session.LiveSession;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * What a {@link Call} needs of the session running it: a cascaded {@link LiveSession} or a
 * speech-to-speech {@link LiveSpeechToSpeech}, so a transport serves both the same way.
 */
sealed interface CallSession {
  /** Offers caller audio; false if it was dropped because the session is behind. */
  boolean offerAudio(short[] samples, int offset, int length);

  /** Offers a key press; false if dropped. */
  boolean offerDtmf(char digit);

  /** The caller has heard the agent's audio up to {@code upToNanos}. */
  void offerHeard(long upToNanos);

  boolean running();

  void hangup(String reason) throws InterruptedException;

  boolean await(Duration timeout) throws InterruptedException;

  @Nullable Throwable failure();

  /** A cascaded call. */
  record Cascaded(LiveSession session) implements CallSession {
    @Override
    public boolean offerAudio(short[] samples, int offset, int length) {
      return session.offerAudio(samples, offset, length);
    }

    @Override
    public boolean offerDtmf(char digit) {
      return session.offerDtmf(digit);
    }

    @Override
    public void offerHeard(long upToNanos) {
      session.offerHeard(upToNanos);
    }

    @Override
    public boolean running() {
      return session.running();
    }

    @Override
    public void hangup(String reason) throws InterruptedException {
      session.hangup(reason);
    }

    @Override
    public boolean await(Duration timeout) throws InterruptedException {
      return session.await(timeout);
    }

    @Override
    public @Nullable Throwable failure() {
      return session.failure();
    }
  }

  /**
   * A call with a speech-to-speech model. Key presses and mark echoes are dropped: the model hears
   * audio only, and its session counts heard audio by what it has played.
   */
  record SpeechToSpeech(LiveSpeechToSpeech session) implements CallSession {
    @Override
    public boolean offerAudio(short[] samples, int offset, int length) {
      return session.offer(samples, offset, length);
    }

    @Override
    public boolean offerDtmf(char digit) {
      return true;
    }

    @Override
    public void offerHeard(long upToNanos) {}

    @Override
    public boolean running() {
      return session.running();
    }

    @Override
    public void hangup(String reason) {
      session.hangUp(reason);
    }

    @Override
    public boolean await(Duration timeout) throws InterruptedException {
      return session.awaitEnd(timeout);
    }

    @Override
    public @Nullable Throwable failure() {
      return session.failure();
    }
  }
}
