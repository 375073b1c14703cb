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
package dev.parley.report;

import dev.parley.core.event.SessionEvent;
import dev.parley.core.event.SpeechKind;
import dev.parley.core.event.ToolStatus;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A call's events paired into what the report draws: speech segments, tool bars and point marks.
 *
 * <p>Events are ordered by time first (stably), because speech edges are stamped where they are in
 * the audio and can be delivered after later decisions. A start without an end runs to the end of
 * the call; an end without a start becomes an {@link Orphan} mark instead of inventing a segment.
 * Immutable once built.
 */
final class CallTimeline {
  /** A stretch of user speech; {@code open} when no end was seen. */
  record Speech(long startNanos, long endNanos, boolean open) {}

  /**
   * One agent utterance.
   *
   * @param heardText what the caller heard of it, from its end event (empty when open)
   * @param open whether no end event closed it (cut by the next utterance or by the end of the
   *     call)
   */
  record Utterance(
      long startNanos,
      long endNanos,
      SpeechKind kind,
      String text,
      String heardText,
      boolean interrupted,
      boolean open) {}

  /** One tool call; {@code status} is null when it had not ended by the end of the call. */
  record ToolCall(
      long startNanos,
      long endNanos,
      String id,
      String name,
      String argumentsJson,
      boolean speculative,
      @Nullable ToolStatus status) {}

  /** A mark at one instant, described for its tooltip. */
  record Mark(long atNanos, String text) {}

  /** An end event with no start to pair with. */
  record Orphan(long atNanos, String description) {}

  final long endNanos;
  final List<Speech> userSpeech = new ArrayList<>();
  final List<SessionEvent.UserTurnEagerEnd> eagerEnds = new ArrayList<>();
  final List<Mark> resumes = new ArrayList<>();
  final List<SessionEvent.UserTurnEnded> turnEnds = new ArrayList<>();
  final List<Utterance> utterances = new ArrayList<>();
  final List<SessionEvent.AgentInterrupted> interruptions = new ArrayList<>();
  final List<SessionEvent.InterruptionIgnored> ignored = new ArrayList<>();
  final List<Mark> agentResumes = new ArrayList<>();
  final List<ToolCall> toolCalls = new ArrayList<>();
  final List<SessionEvent.ServiceFailed> failures = new ArrayList<>();
  final List<Orphan> userOrphans = new ArrayList<>();
  final List<Orphan> agentOrphans = new ArrayList<>();
  final List<Orphan> toolOrphans = new ArrayList<>();

  private CallTimeline(long endNanos) {
    this.endNanos = endNanos;
  }

  /** The events ordered by time; events at the same instant keep their delivery order. */
  static List<SessionEvent> byTime(List<SessionEvent> events) {
    List<SessionEvent> sorted = new ArrayList<>(events);
    sorted.sort(Comparator.comparingLong(SessionEvent::atNanos));
    return sorted;
  }

  /**
   * Pairs the events of one call.
   *
   * @param userAudioMillis how long the user's audio ran; the call lasts at least this long
   */
  static CallTimeline of(List<SessionEvent> events, long userAudioMillis) {
    List<SessionEvent> sorted = byTime(events);
    long end = Math.max(0, userAudioMillis) * 1_000_000L;
    for (SessionEvent event : sorted) {
      end = Math.max(end, event.atNanos());
    }
    CallTimeline timeline = new CallTimeline(end);
    timeline.pair(sorted);
    return timeline;
  }

  private void pair(List<SessionEvent> sorted) {
    long userStart = -1;
    SessionEvent.@Nullable AgentSpeechStarted agentStart = null;
    Map<String, SessionEvent.ToolCallStarted> openTools = new LinkedHashMap<>();
    for (SessionEvent event : sorted) {
      switch (event) {
        case SessionEvent.UserSpeechStarted e -> {
          // A repeated start while speech is open restates the same speech: keep the first onset.
          if (userStart < 0) {
            userStart = e.atNanos();
          }
        }
        case SessionEvent.UserSpeechEnded e -> {
          if (userStart >= 0) {
            userSpeech.add(new Speech(userStart, e.atNanos(), false));
            userStart = -1;
          } else {
            userOrphans.add(new Orphan(e.atNanos(), "user speech end without a start"));
          }
        }
        case SessionEvent.TranscriptPartial e -> {}
        case SessionEvent.UserTurnEagerEnd e -> eagerEnds.add(e);
        case SessionEvent.UserTurnResumed e -> resumes.add(new Mark(e.atNanos(), "turn resumed"));
        case SessionEvent.UserTurnEnded e -> turnEnds.add(e);
        case SessionEvent.AgentSpeechStarted e -> {
          if (agentStart != null) {
            // The agent has one voice: a new utterance ends the previous one, whose end was lost.
            utterances.add(openUtterance(agentStart, e.atNanos()));
          }
          agentStart = e;
        }
        case SessionEvent.AgentSpeechEnded e -> {
          if (agentStart != null) {
            utterances.add(
                new Utterance(
                    agentStart.atNanos(),
                    e.atNanos(),
                    agentStart.kind(),
                    agentStart.text(),
                    e.text(),
                    e.interrupted(),
                    false));
            agentStart = null;
          } else {
            agentOrphans.add(
                new Orphan(e.atNanos(), "agent speech end without a start: " + e.text()));
          }
        }
        case SessionEvent.AgentInterrupted e -> interruptions.add(e);
        case SessionEvent.InterruptionIgnored e -> ignored.add(e);
        case SessionEvent.AgentResumed e -> agentResumes.add(new Mark(e.atNanos(), "resumed"));
        case SessionEvent.ToolCallStarted e -> {
          SessionEvent.ToolCallStarted previous = openTools.put(e.id(), e);
          if (previous != null) {
            toolCalls.add(openToolCall(previous));
          }
        }
        case SessionEvent.ToolCallEnded e -> {
          SessionEvent.ToolCallStarted start = openTools.remove(e.id());
          if (start != null) {
            toolCalls.add(
                new ToolCall(
                    start.atNanos(),
                    e.atNanos(),
                    start.id(),
                    start.name(),
                    start.argumentsJson(),
                    start.speculative(),
                    e.status()));
          } else {
            toolOrphans.add(
                new Orphan(e.atNanos(), e.name() + " (" + e.id() + ") ended without a start"));
          }
        }
        case SessionEvent.ServiceFailed e -> failures.add(e);
        case SessionEvent.LatencyBreakdown e -> {}
        case SessionEvent.SessionEnded e -> {}
      }
    }
    if (userStart >= 0) {
      userSpeech.add(new Speech(userStart, endNanos, true));
    }
    if (agentStart != null) {
      utterances.add(openUtterance(agentStart, endNanos));
    }
    for (SessionEvent.ToolCallStarted start : openTools.values()) {
      toolCalls.add(openToolCall(start));
    }
    toolCalls.sort(Comparator.comparingLong(ToolCall::startNanos));
  }

  private static Utterance openUtterance(SessionEvent.AgentSpeechStarted start, long endNanos) {
    return new Utterance(start.atNanos(), endNanos, start.kind(), start.text(), "", false, true);
  }

  private ToolCall openToolCall(SessionEvent.ToolCallStarted start) {
    return new ToolCall(
        start.atNanos(),
        endNanos,
        start.id(),
        start.name(),
        start.argumentsJson(),
        start.speculative(),
        null);
  }

  /**
   * The latency of every user turn, in turn order.
   *
   * <p>A turn's user end is the last user speech end after the previous turn ended and at or before
   * this one (the turn end itself if there is none, so a missing VAD edge never borrows the
   * previous turn's). Its agent start is the first {@link SpeechKind#RESPONSE} that starts at or
   * after the turn end and before the next turn ends: a reply that only came after the user spoke
   * again answers the later turn, so the earlier one counts as unanswered. Fillers and backchannels
   * are not answers.
   */
  static List<TurnLatency> turnLatencies(List<SessionEvent> events) {
    List<SessionEvent> sorted = byTime(events);
    List<SessionEvent.UserTurnEnded> turns = new ArrayList<>();
    List<Long> speechEnds = new ArrayList<>();
    List<Long> responses = new ArrayList<>();
    for (SessionEvent event : sorted) {
      if (event instanceof SessionEvent.UserTurnEnded e) {
        turns.add(e);
      } else if (event instanceof SessionEvent.UserSpeechEnded e) {
        speechEnds.add(e.atNanos());
      } else if (event instanceof SessionEvent.AgentSpeechStarted e
          && e.kind() == SpeechKind.RESPONSE) {
        responses.add(e.atNanos());
      }
    }
    List<TurnLatency> latencies = new ArrayList<>(turns.size());
    for (int i = 0; i < turns.size(); i++) {
      long turnEnd = turns.get(i).atNanos();
      long previousTurnEnd = i > 0 ? turns.get(i - 1).atNanos() : Long.MIN_VALUE;
      long nextTurnEnd = i + 1 < turns.size() ? turns.get(i + 1).atNanos() : Long.MAX_VALUE;
      long userEnd = turnEnd;
      for (long speechEnd : speechEnds) {
        if (speechEnd > previousTurnEnd && speechEnd <= turnEnd) {
          userEnd = speechEnd;
        }
      }
      long agentStart = -1;
      for (long response : responses) {
        if (response >= turnEnd && response < nextTurnEnd) {
          agentStart = response;
          break;
        }
      }
      latencies.add(new TurnLatency(i + 1, userEnd, agentStart, turns.get(i).text()));
    }
    return List.copyOf(latencies);
  }
}
