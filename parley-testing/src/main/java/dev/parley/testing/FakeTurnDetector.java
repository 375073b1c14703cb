package dev.parley.testing;

import dev.parley.core.spi.TurnDetector;
import dev.parley.core.spi.TurnSnapshot;
import java.util.function.ToDoubleFunction;

/** A fake turn detector whose judgement a test writes as a function of the turn. */
public final class FakeTurnDetector implements TurnDetector {
  private final ToDoubleFunction<TurnSnapshot> judge;

  public FakeTurnDetector(ToDoubleFunction<TurnSnapshot> judge) {
    this.judge = judge;
  }

  @Override
  public String name() {
    return "fake";
  }

  @Override
  public float completionProbability(TurnSnapshot turn) {
    return (float) judge.applyAsDouble(turn);
  }
}
