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

import dev.parley.core.event.ToolStatus;
import dev.parley.core.prosody.UserAffect;
import java.util.List;

/**
 * The conversation an agent replies to, oldest turn first. Agent turns record what the user
 * actually heard, so an agent that was cut off knows what it did not get to say.
 *
 * @param sessionId the id of the call the conversation belongs to ({@link CallInfo#callId()}): a
 *     live session always sets it, so an agent keeping memory elsewhere keys it by this id; empty
 *     only for a conversation outside any call
 * @param turns the turns, oldest first
 */
public record Conversation(String sessionId, List<Turn> turns) {
  public Conversation {
    turns = List.copyOf(turns);
  }

  /**
   * A conversation outside any call (tests, one-off replies): its id is empty, and agents that keep
   * memory per call refuse it.
   */
  public Conversation(List<Turn> turns) {
    this("", turns);
  }

  /** The text of the last user turn, or empty if the user has not spoken. */
  public String lastUserText() {
    for (int i = turns.size() - 1; i >= 0; i--) {
      if (turns.get(i) instanceof Turn.User user) {
        return user.text();
      }
    }
    return "";
  }

  /** One turn of the conversation. */
  public sealed interface Turn {
    /**
     * What the user said in one turn, and how: pitch, loudness, rate and hesitation against the
     * speaker's usual, with a coarse label (calm, hesitant, agitated, upset).
     */
    record User(String text, UserAffect affect) implements Turn {
      /** A turn whose delivery is unknown (typed, or from a transcript). */
      public User(String text) {
        this(text, UserAffect.silent(0));
      }
    }

    /**
     * What the agent said in one turn.
     *
     * @param text the whole reply the agent produced
     * @param heardText the part the user heard before the reply ended or was interrupted
     * @param interrupted whether the user cut the reply off
     */
    record Agent(String text, String heardText, boolean interrupted) implements Turn {}

    /**
     * A tool call the session ran for the agent, with how it ended. Recorded when the call ends, so
     * a result that arrived while the user interrupted is still here, once.
     *
     * @param id the call id
     * @param name the tool
     * @param argumentsJson the arguments it ran with
     * @param status how it ended ({@code COMPENSATED} once its effect was undone)
     * @param resultJson its result, or {@code {"error": ...}}
     */
    record Tool(String id, String name, String argumentsJson, ToolStatus status, String resultJson)
        implements Turn {}
  }
}
