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
package dev.parley.bench;

import dev.parley.core.event.SessionEvent;
import dev.parley.core.event.SpeechKind;
import dev.parley.core.event.ToolStatus;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The facts of one call the metrics are built from, in milliseconds from the call's start: the
 * agent's utterances with what was heard of each, its tool calls with how each ended, and the
 * user's speech and pauses. Definitions follow Full-Duplex-Bench: the agent takes the turn with an
 * utterance of more than three words or longer than one second.
 */
final class CallFacts {
  /** An agent utterance. */
  record Utterance(
      SpeechKind kind,
      long startMillis,
      long endMillis,
      long audibleMillis,
      String heardText,
      boolean interrupted) {
    long millis() {
      return endMillis - startMillis;
    }

    /**
     * Full-Duplex-Bench: more than three words or more than a second of speech, counting only the
     * audio that played (not the time the agent held still while judging an overlap).
     */
    boolean takesTurn() {
      return kind != SpeechKind.BACKCHANNEL && (audibleMillis > 1000 || words(heardText) > 3);
    }
  }

  /** A tool call. */
  record ToolCall(
      String id,
      String name,
      String argumentsJson,
      boolean speculative,
      long startMillis,
      long endMillis,
      @Nullable ToolStatus status) {
    /** Whether the call's effect stands: it returned, or never ended (not cancelled). */
    boolean kept() {
      return status == null || status == ToolStatus.OK;
    }
  }

  final List<Utterance> utterances = new ArrayList<>();
  final List<ToolCall> tools = new ArrayList<>();
  final List<Long> interruptionsMillis = new ArrayList<>();
  final List<SimulatedUser.Span> speech = new ArrayList<>();
  final List<SimulatedUser.Span> pauses = new ArrayList<>();
  final ScenarioRun run;

  CallFacts(ScenarioRun run) {
    this.run = run;
    Map<SpeechKind, SessionEvent.AgentSpeechStarted> open = new HashMap<>();
    Map<String, SessionEvent.ToolCallStarted> started = new HashMap<>();
    Map<String, SessionEvent.ToolCallEnded> ended = new HashMap<>();
    List<String> order = new ArrayList<>();
    for (SessionEvent e : run.events()) {
      switch (e) {
        case SessionEvent.AgentSpeechStarted s -> open.put(s.kind(), s);
        case SessionEvent.AgentSpeechEnded end -> {
          SessionEvent.AgentSpeechStarted s = open.remove(end.kind());
          if (s != null) {
            utterances.add(
                new Utterance(
                    end.kind(),
                    ms(s.atNanos()),
                    ms(end.atNanos()),
                    audible(run, ms(s.atNanos()), ms(end.atNanos())),
                    end.text(),
                    end.interrupted()));
          }
        }
        case SessionEvent.AgentInterrupted i -> interruptionsMillis.add(ms(i.atNanos()));
        case SessionEvent.SessionEnded end -> {
          // Hanging up cuts the agent off; that is the end of the call, not a stop.
          long at = ms(end.atNanos());
          interruptionsMillis.removeIf(t -> t >= at);
        }
        case SessionEvent.ToolCallStarted t -> {
          started.put(t.id(), t);
          order.add(t.id());
        }
        case SessionEvent.ToolCallEnded t -> ended.put(t.id(), t);
        default -> {}
      }
    }
    for (SessionEvent.AgentSpeechStarted s : open.values()) {
      long start = ms(s.atNanos());
      utterances.add(
          new Utterance(
              s.kind(),
              start,
              run.callMillis(),
              audible(run, start, run.callMillis()),
              s.text(),
              false));
    }
    utterances.sort((a, b) -> Long.compare(a.startMillis(), b.startMillis()));
    for (String id : order) {
      SessionEvent.ToolCallStarted s = started.get(id);
      SessionEvent.ToolCallEnded end = ended.get(id);
      if (s != null) {
        tools.add(
            new ToolCall(
                id,
                s.name(),
                s.argumentsJson(),
                s.speculative(),
                ms(s.atNanos()),
                end == null ? -1 : ms(end.atNanos()),
                end == null ? null : end.status()));
      }
    }
    for (SimulatedUser.Span span : run.spans()) {
      (span.kind() == SimulatedUser.Span.Kind.SPEECH ? speech : pauses).add(span);
    }
  }

  /** When the user's last utterance ended: the reference of every latency. */
  long userEndMillis() {
    return speech.isEmpty() ? 0 : speech.getLast().endMillis();
  }

  /** When the user first spoke. */
  long userStartMillis() {
    return speech.isEmpty() ? 0 : speech.getFirst().startMillis();
  }

  /** The user's speech that overlapped the agent on purpose (after an {@code after agent} step). */
  SimulatedUser.@Nullable Span overlap() {
    for (SimulatedUser.Span s : speech) {
      if (s.overAgent()) {
        return s;
      }
    }
    return null;
  }

  /** The first utterance of {@code kind} starting at or after {@code millis}. */
  @Nullable Utterance firstFrom(long millis, SpeechKind kind) {
    for (Utterance u : utterances) {
      if (u.kind() == kind && u.startMillis() >= millis) {
        return u;
      }
    }
    return null;
  }

  /** Whether audio (user speech or agent) fills the moment {@code millis}. */
  boolean someoneSpeaksAt(long millis) {
    if (run.agentAudibleAt(millis)) {
      return true;
    }
    for (SimulatedUser.Span s : speech) {
      if (millis >= s.startMillis() && millis < s.endMillis()) {
        return true;
      }
    }
    return false;
  }

  /** Milliseconds of agent audio that played from {@code from} to {@code to}. */
  static long audible(ScenarioRun run, long from, long to) {
    long n = 0;
    for (long at = from - from % 20; at < to; at += 20) {
      if (run.agentAudibleAt(at)) {
        n += 20;
      }
    }
    return n;
  }

  static long ms(long nanos) {
    return Math.round(nanos / 1e6);
  }

  static int words(String text) {
    String s = text.strip();
    return s.isEmpty() ? 0 : s.split("\\s+").length;
  }
}
