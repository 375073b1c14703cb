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
package dev.parley.core.s2s;

import dev.parley.core.tool.ToolCall;
import dev.parley.core.tool.ToolJson;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Every function call a speech-to-speech model asked for in one call, so each is answered once.
 *
 * <p>A call id seen before is a repeat delivery and is ignored. A call with the same function and
 * the same arguments (compared as canonical JSON) as one earlier in the same caller turn is a
 * duplicate: it does not run again, and gets the first call's output when that is known. Side
 * effects wait, {@link State#HELD}, until the response that asked for them has ended with the
 * caller still listening; an interruption cancels them before they run. Confined to the session
 * loop.
 */
final class FunctionLedger {
  /** Where a call stands. */
  enum State {
    HELD,
    RUNNING,
    DONE,
    CANCELLED
  }

  /** One call and what became of it. */
  static final class Entry {
    final ToolCall call;
    final String responseId;
    State state;
    @Nullable String outputJson;
    final List<String> duplicateIds = new ArrayList<>();

    Entry(ToolCall call, String responseId, State state) {
      this.call = call;
      this.responseId = responseId;
      this.state = state;
    }
  }

  /** What to do with a delivered call. */
  sealed interface Verdict {
    /** A repeat delivery of a known id: nothing to do. */
    record Repeat() implements Verdict {}

    /** The same request as {@code original} in this turn: answer with its output. */
    record Duplicate(Entry original) implements Verdict {}

    /** A new call, recorded. */
    record Fresh(Entry entry) implements Verdict {}
  }

  private final Map<String, Entry> byId = new LinkedHashMap<>();
  private final Map<String, Entry> byContentThisTurn = new HashMap<>();

  Verdict admit(ToolCall call, String responseId, boolean sideEffect) {
    if (byId.containsKey(call.id())) {
      return new Verdict.Repeat();
    }
    String key = call.name() + " " + canonical(call.argumentsJson());
    Entry original = byContentThisTurn.get(key);
    if (original != null && original.state != State.CANCELLED) {
      byId.put(call.id(), original);
      original.duplicateIds.add(call.id());
      return new Verdict.Duplicate(original);
    }
    Entry entry = new Entry(call, responseId, sideEffect ? State.HELD : State.RUNNING);
    byId.put(call.id(), entry);
    byContentThisTurn.put(key, entry);
    return new Verdict.Fresh(entry);
  }

  /** A new caller turn: the same request may now mean something new. */
  void newTurn() {
    byContentThisTurn.clear();
  }

  /** The held side effects of {@code responseId}, in the order they were asked for. */
  List<Entry> held(String responseId) {
    List<Entry> held = new ArrayList<>();
    for (Entry e : distinct()) {
      if (e.state == State.HELD && e.responseId.equals(responseId)) {
        held.add(e);
      }
    }
    return held;
  }

  /** Every held side effect, of any response. */
  List<Entry> allHeld() {
    List<Entry> held = new ArrayList<>();
    for (Entry e : distinct()) {
      if (e.state == State.HELD) {
        held.add(e);
      }
    }
    return held;
  }

  /** Whether every call of {@code responseId} has an output. */
  boolean settled(String responseId) {
    for (Entry e : distinct()) {
      if (e.responseId.equals(responseId) && (e.state == State.HELD || e.state == State.RUNNING)) {
        return false;
      }
    }
    return true;
  }

  /** Whether {@code responseId} asked for any call. */
  boolean asked(String responseId) {
    for (Entry e : distinct()) {
      if (e.responseId.equals(responseId)) {
        return true;
      }
    }
    return false;
  }

  @Nullable Entry entry(String callId) {
    return byId.get(callId);
  }

  private List<Entry> distinct() {
    List<Entry> out = new ArrayList<>();
    for (Map.Entry<String, Entry> e : byId.entrySet()) {
      if (e.getKey().equals(e.getValue().call.id())) {
        out.add(e.getValue());
      }
    }
    return out;
  }

  private static String canonical(String json) {
    try {
      return ToolJson.canonical(json);
    } catch (RuntimeException e) {
      return json.strip(); // malformed arguments compare as written; the tool will refuse them
    }
  }
}
