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
package dev.parley.speech.sphinx;

import dev.parley.core.spi.SpeechRecognizer.Expectation;
import java.util.List;

/**
 * The interpolation weights of a stream's language models: the general model, the call's phrase
 * hints, and one small model per expectation slot, of which at most one is active per turn.
 *
 * <p>All members are built once, when the stream opens, into one SphinxBase model set; a turn only
 * moves weights ({@code ngram_model_set_interp}). Rebuilding the decoder's search for a new model
 * took 0.5–1 s of CPU and 30 MB on the test machine, so a per-turn model is not rebuilt. SphinxBase
 * raises each probability to the language weight (6.5) before mixing, so a weight w scales a
 * member's probabilities by about w^(1/6.5). An immutable value.
 *
 * @param hints whether the call's phrase hints have a member (after {@code general})
 * @param slots the expectation slots with a member, in member order after the hints
 * @param hintWeight the hints' weight
 * @param slotWeight the active slot's weight
 */
record Mixture(boolean hints, List<String> slots, float hintWeight, float slotWeight) {
  /** The general model's member name. */
  static final String GENERAL = "general";

  /** The call-wide phrase hints' member name. */
  static final String HINTS = "hints";

  /**
   * Weight of an inactive slot: small enough to leave scores alone, above zero so that SphinxBase
   * never takes the logarithm of zero.
   */
  static final float INACTIVE = 1e-12f;

  Mixture {
    slots = List.copyOf(slots);
    if (hintWeight < 0 || slotWeight < 0 || hintWeight + slotWeight >= 1) {
      throw new IllegalArgumentException(
          "weights must be non-negative and leave the general model some: "
              + hintWeight
              + ", "
              + slotWeight);
    }
  }

  /** Whether there is anything to mix: otherwise the general model is used alone. */
  boolean mixes() {
    return hints || !slots.isEmpty();
  }

  /** The slot of a call's first utterance: the opening expectation if one was declared. */
  String firstSlot() {
    return slots.contains(Expectation.OPENING) ? Expectation.OPENING : Expectation.OPEN;
  }

  /** The members' names, in the set's order. */
  List<String> names() {
    java.util.ArrayList<String> names = new java.util.ArrayList<>();
    names.add(GENERAL);
    if (hints) {
      names.add(HINTS);
    }
    for (String slot : slots) {
      names.add(member(slot));
    }
    return names;
  }

  /** A slot's member name. */
  static String member(String slot) {
    return "slot:" + slot;
  }

  /**
   * The weights for a turn that expects {@code slot}, in {@link #names()} order; an open or
   * undeclared slot activates none.
   */
  float[] weights(String slot) {
    boolean active = !slot.equals(Expectation.OPEN) && slots.contains(slot);
    float[] weights = new float[1 + (hints ? 1 : 0) + slots.size()];
    int i = 0;
    weights[i++] = 1 - (hints ? hintWeight : 0) - (active ? slotWeight : 0);
    if (hints) {
      weights[i++] = hintWeight;
    }
    for (String each : slots) {
      weights[i++] = active && each.equals(slot) ? slotWeight : INACTIVE;
    }
    return weights;
  }
}
