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
package dev.parley.testing;

import dev.parley.core.spi.ProviderException.Kind;
import dev.parley.core.tool.ToolCall;
import java.util.List;

/**
 * What a fake model does for one request of an {@link AgentContract} case, in no library's terms:
 * each adapter's fake plays it in its own protocol (OpenAI's event stream, LangChain4j's handler
 * callbacks).
 */
public sealed interface ScriptedTurn {
  /** Streams {@code deltas} as the model's words, then ends normally. */
  record Says(List<String> deltas) implements ScriptedTurn {
    public Says {
      deltas = List.copyOf(deltas);
    }
  }

  /** Asks for {@code calls} (in parallel if more than one), ids as the model gives them. */
  record Calls(List<ToolCall> calls) implements ScriptedTurn {
    public Calls {
      calls = List.copyOf(calls);
    }
  }

  /** Streams {@code deltas}, then sends nothing more until the client goes away. */
  record Stalls(List<String> deltas) implements ScriptedTurn {
    public Stalls {
      deltas = List.copyOf(deltas);
    }
  }

  /**
   * Fails before any word, as the provider's protocol reports a failure of {@code kind}: a refused
   * key ({@code FATAL}), a refused request ({@code REJECTED}), a server error ({@code
   * UNAVAILABLE}), a rate limit ({@code TRANSIENT}).
   */
  record Fails(Kind kind) implements ScriptedTurn {}

  static ScriptedTurn says(String... deltas) {
    return new Says(List.of(deltas));
  }

  static ScriptedTurn calls(ToolCall... calls) {
    return new Calls(List.of(calls));
  }

  static ScriptedTurn stalls(String... deltas) {
    return new Stalls(List.of(deltas));
  }

  static ScriptedTurn fails(Kind kind) {
    return new Fails(kind);
  }
}
