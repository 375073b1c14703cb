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

import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * When and what the agent says while a slow tool runs: one acknowledgement once the oldest running
 * call of the reply passes {@code firstMillis}, then a progress line at each multiple of {@code
 * progressMillis} (at most three), in turn from the configured lists so they vary. A line that
 * plays holds the reply's own audio until it ends, so the answer follows without a gap. Owned by
 * the session loop; the loop decides whether the moment is right (nobody speaking, past the pacing
 * gap).
 */
final class LatencyMask {
  private static final int MAX_LINES_PER_CALL = 4;

  /**
   * Once masking has begun, the longest quiet before the next line (after the last line, or after
   * the user spoke over the wait): with the 100 ms re-check and the pacing gap, no silence while a
   * tool runs exceeds about 1.3 s.
   */
  private static final long MAX_QUIET_NANOS = 1_200_000_000L;

  /** A line to say now. */
  record Line(String text, short[] clip) {}

  private final SessionConfig.Masking settings;
  private final List<String> fillerTexts = new ArrayList<>();
  private final List<short[]> fillerClips = new ArrayList<>();
  private final List<String> progressTexts = new ArrayList<>();
  private final List<short[]> progressClips = new ArrayList<>();
  private int nextFiller;
  private int nextProgress;
  private int linesThisReply;
  private long anchorNanos = SessionCore.NEVER;
  private int anchorLines;
  private long lastLineEndNanos = Long.MIN_VALUE / 2;

  /** When to try to say the next line. */
  long atNanos = SessionCore.NEVER;

  // The line playing, on its own lane.
  @Nullable Playout playing;
  long tickNanos = SessionCore.NEVER;
  String text = "";
  boolean audible;

  LatencyMask(SessionConfig.Masking settings) {
    this.settings = settings;
  }

  boolean enabled() {
    return settings.enabled();
  }

  void addClip(String text, short[] samples, boolean progress) {
    (progress ? progressTexts : fillerTexts).add(text);
    (progress ? progressClips : fillerClips).add(samples);
  }

  /** A new reply: it has said nothing yet. */
  void newReply() {
    linesThisReply = 0;
    lastLineEndNanos = Long.MIN_VALUE / 2;
    anchorNanos = SessionCore.NEVER;
    anchorLines = 0;
    atNanos = SessionCore.NEVER;
  }

  /** Lines said in this reply so far. */
  int linesThisReply() {
    return linesThisReply;
  }

  /** A line ended (played out or cut) at {@code atNanos}. */
  void lineEnded(long atNanos) {
    lastLineEndNanos = atNanos;
  }

  /**
   * Recomputes when to speak, given when the oldest call of the reply still running started ({@link
   * SessionCore#NEVER} if none runs: then nothing is due) and when the user last stopped speaking.
   */
  void rearm(long oldestStartNanos, long userQuietSinceNanos) {
    atNanos = SessionCore.NEVER;
    if (!settings.enabled() || oldestStartNanos == SessionCore.NEVER) {
      return;
    }
    if (oldestStartNanos != anchorNanos) {
      anchorNanos = oldestStartNanos;
      anchorLines = 0;
    }
    if (anchorLines >= MAX_LINES_PER_CALL) {
      return;
    }
    long afterMillis =
        anchorLines == 0 ? settings.firstMillis() : anchorLines * settings.progressMillis();
    atNanos = anchorNanos + afterMillis * 1_000_000L;
    if (anchorLines > 0) {
      atNanos =
          Math.min(atNanos, Math.max(lastLineEndNanos, userQuietSinceNanos) + MAX_QUIET_NANOS);
    }
  }

  /**
   * The next line (an acknowledgement first in a reply, then progress), or null if none is ready.
   */
  @Nullable Line next() {
    boolean first = linesThisReply == 0;
    List<String> texts = first ? fillerTexts : progressTexts;
    List<short[]> clips = first ? fillerClips : progressClips;
    if (texts.isEmpty()) {
      return null;
    }
    int index = first ? nextFiller++ : nextProgress++;
    linesThisReply++;
    anchorLines++;
    return new Line(texts.get(index % texts.size()), clips.get(index % clips.size()));
  }
}
