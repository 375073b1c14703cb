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

import dev.parley.core.spi.Conversation;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A reply started on an eager end of turn, before the user's turn is final. Its audio is held, its
 * tool results are kept out of the conversation, and its side effects wait at {@link #gate} until
 * the final turn promotes it (same words) or drops it (the user went on, or the words changed).
 * Owned by the session loop.
 */
final class Speculation {
  final long responseId;
  final String text;
  final Gate gate = new Gate();
  final List<Conversation.Turn> heldTools = new ArrayList<>();

  Speculation(long responseId, String text) {
    this.responseId = responseId;
    this.text = text;
  }

  /** Whether the final words are the ones the reply was started for. */
  boolean answers(String finalText) {
    return normalise(text).equals(normalise(finalText));
  }

  private static String normalise(String text) {
    return text.toLowerCase(Locale.ROOT)
        .replaceAll("[^\\p{L}\\p{N}' ]+", " ")
        .strip()
        .replaceAll("\\s+", " ");
  }
}
