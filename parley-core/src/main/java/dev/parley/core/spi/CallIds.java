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
package dev.parley.core.spi;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Tool-call ids that never repeat within a session, for adapters whose model names the calls. A
 * side effect runs at most once per id, so a repeated id would silently drop a call: some models
 * send no id, or count from {@code call_0} in every reply. Confined to one reply.
 */
public final class CallIds {
  private final Set<String> used = new HashSet<>();

  /** Ids already used by the tool calls in {@code conversation}. */
  public CallIds(Conversation conversation) {
    for (Conversation.Turn turn : conversation.turns()) {
      if (turn instanceof Conversation.Turn.Tool t) {
        used.add(t.id());
      }
    }
  }

  /** {@code proposed} if it is present and unused, else a fresh {@code call_…} id; now used. */
  public String unique(@Nullable String proposed) {
    String id = proposed;
    if (id == null || id.isBlank() || !used.add(id)) {
      id = "call_" + UUID.randomUUID().toString().replace("-", "");
      used.add(id);
    }
    return id;
  }
}
