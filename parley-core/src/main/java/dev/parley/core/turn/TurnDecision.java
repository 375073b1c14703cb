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
