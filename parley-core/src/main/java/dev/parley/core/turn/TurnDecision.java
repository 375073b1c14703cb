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
package dev.parley.core.turn;

/** What a {@link TurnPolicy} wants the session to do next. */
public sealed interface TurnDecision {
  /** Nothing changes. */
  record Wait() implements TurnDecision {}

  /** Ask again at {@code atNanos} (replaces any earlier request). */
  record WakeAt(long atNanos) implements TurnDecision {}

  /**
   * The user has probably finished: work may start speculatively. Ask again at {@code wakeAtNanos}.
   */
  record EagerEnd(double probability, long wakeAtNanos) implements TurnDecision {}

  /** The user spoke again after an eager end: drop speculative work. */
  record Resumed() implements TurnDecision {}

  /** The user's turn is over. */
  record EndOfTurn() implements TurnDecision {}

  /** The shared {@link Wait} instance. */
  TurnDecision WAIT = new Wait();

  /** The shared {@link Resumed} instance. */
  TurnDecision RESUMED = new Resumed();

  /** The shared {@link EndOfTurn} instance. */
  TurnDecision END_OF_TURN = new EndOfTurn();
}
