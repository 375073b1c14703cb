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

import java.util.concurrent.CountDownLatch;
import org.jspecify.annotations.Nullable;

/**
 * A one-shot signal from the session loop to a job: a speculative reply's side effects wait here
 * until the user's turn is final. Opened by the loop; awaited by a job through {@link
 * Worker.Outbox#awaitGate}. Thread-safe.
 */
final class Gate {
  private final CountDownLatch latch = new CountDownLatch(1);
  private @Nullable Runnable onOpen;

  /** A gate that is open from the start (a reply to a final turn). */
  static Gate opened() {
    Gate gate = new Gate();
    gate.open();
    return gate;
  }

  boolean isOpen() {
    return latch.getCount() == 0;
  }

  /** Opens the gate and runs the listener a stepped job left, if any. */
  void open() {
    Runnable listener;
    synchronized (this) {
      if (isOpen()) {
        return;
      }
      latch.countDown();
      listener = onOpen;
      onOpen = null;
    }
    if (listener != null) {
      listener.run();
    }
  }

  /** Parks the calling thread until the gate opens. */
  void await() throws InterruptedException {
    latch.await();
  }

  /** Runs {@code listener} when the gate opens (at once if it is open). */
  void onOpen(Runnable listener) {
    synchronized (this) {
      if (!isOpen()) {
        onOpen = listener;
        return;
      }
    }
    listener.run();
  }
}
