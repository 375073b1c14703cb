package dev.parley.core.turn;

import java.util.List;

/**
 * The fallback {@link CompletionModel}: no model, so no opinion beyond the judge's word classes.
 */
final class LexicalCompletion implements CompletionModel {
  static final LexicalCompletion INSTANCE = new LexicalCompletion();

  private LexicalCompletion() {}

  @Override
  public double endProbability(List<String> words) {
    return Double.NaN;
  }

  @Override
  public String name() {
    return "lexical";
  }
}
