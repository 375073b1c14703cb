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
package dev.parley.core.clock;

/**
 * A monotonic source of time in nanoseconds, injected into every session so that each timing rule
 * runs the same on the wall clock and on a virtual one.
 *
 * <p>Only differences between readings mean anything; the origin is arbitrary. Implementations are
 * thread-safe.
 */
public interface MediaClock {
  /** The current time in nanoseconds. Never decreases. */
  long nanos();

  /** The clock of live calls, backed by {@link System#nanoTime()}. */
  static MediaClock system() {
    return SystemClock.INSTANCE;
  }
}
