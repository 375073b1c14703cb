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
package dev.parley.core.agent;

import dev.parley.core.spi.CallInfo;
import dev.parley.core.spi.Conversation;
import java.util.List;

/**
 * How an agent adapter opens a call (Vapi's {@code firstMessage}, LiveKit's {@code generate_reply}
 * on join): not at all, with a fixed line, or with a line its model writes for the call. Adapters
 * take one in their builder and implement {@link dev.parley.core.spi.Agent#greet} with it.
 */
public sealed interface Greeting {
  /** What a generated greeting asks of the model unless told otherwise. */
  String DEFAULT_INSTRUCTION =
      "The call has just connected and the caller has not said anything yet. Greet them in one"
          + " short sentence and offer to help.";

  /** Wait for the caller to speak first (the default). */
  record None() implements Greeting {}

  /** Say {@code text} as the call connects. */
  record Text(String text) implements Greeting {
    public Text {
      if (text.isBlank()) {
        throw new IllegalArgumentException("a greeting must say something");
      }
    }
  }

  /**
   * Ask the model for the greeting with {@code instruction}, sent as a note in place of the
   * caller's first turn; costs one model round before the first word, which the caller hears as
   * ring time.
   */
  record Generated(String instruction) implements Greeting {
    public Generated {
      if (instruction.isBlank()) {
        throw new IllegalArgumentException("a generated greeting needs an instruction");
      }
    }
  }

  static Greeting none() {
    return new None();
  }

  static Greeting text(String text) {
    return new Text(text.strip());
  }

  static Greeting generated() {
    return new Generated(DEFAULT_INSTRUCTION);
  }

  static Greeting generated(String instruction) {
    return new Generated(instruction.strip());
  }

  /** Whether the agent speaks first. */
  default boolean speaks() {
    return !(this instanceof None);
  }

  /**
   * The conversation a model answers to write a generated greeting: the call's id, and the
   * instruction as a bracketed note where the caller's first turn would be.
   */
  static Conversation prompt(CallInfo call, String instruction) {
    return new Conversation(
        call.callId(), List.of(new Conversation.Turn.User("[" + instruction + "]")));
  }
}
