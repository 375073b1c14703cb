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

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * The agent audio of one reply waiting to be played, and the bookkeeping of which words the user
 * has heard.
 *
 * <p>Blocks arrive from the synthesiser, each preceded by the text it speaks; {@link #pull} takes
 * one 20 ms frame at each playout tick. Heard text counts the words of a text span in proportion to
 * how much of its audio has played. Confined to the session loop.
 */
final class Playout {
  private record Span(String text, long startSample) {}

  private final ArrayDeque<short[]> blocks = new ArrayDeque<>();
  // Blocks already played, newest last, kept a few seconds back so a pause whose clear dropped
  // audio in the transport's buffer can resume from what the caller heard, not from what was sent.
  private final ArrayDeque<short[]> playedBlocks = new ArrayDeque<>();
  private long playedBlocksSamples;
  private static final long KEEP_PLAYED_SAMPLES = 5L * 16_000;
  private final List<Span> spans = new ArrayList<>();
  private int blockOffset;
  private long appendedSamples;
  private long playedSamples;
  private boolean finished;
  // What was sent when, as runs of back-to-back full frames: [first slot end, samples by then,
  // last slot end, samples by then]. A reply is one run unless playout paused, so this rarely
  // grows.
  private static final long FRAME_NANOS = 20_000_000L;
  private static final int FRAME_SAMPLES = 320;
  private long[] runs = new long[4 * 4];
  private int runCount;

  /** Announces the text of the audio appended next. */
  void announce(String text) {
    String trimmed = text.strip();
    if (!trimmed.isEmpty()) {
      spans.add(new Span(trimmed, appendedSamples));
    }
  }

  void append(short[] samples) {
    if (samples.length > 0) {
      blocks.add(samples);
      appendedSamples += samples.length;
    }
  }

  /** No more audio will arrive for this reply. */
  void finish() {
    finished = true;
  }

  boolean finished() {
    return finished;
  }

  /** Audio is waiting to be played. */
  boolean hasAudio() {
    return !blocks.isEmpty();
  }

  /** Every sample that will ever arrive has been played. */
  boolean drained() {
    return finished && blocks.isEmpty();
  }

  long playedSamples() {
    return playedSamples;
  }

  /**
   * Copies up to {@code frame.length} samples into {@code frame}, padding the rest with silence,
   * and returns how many were audio.
   */
  int pull(short[] frame) {
    int filled = 0;
    while (filled < frame.length && !blocks.isEmpty()) {
      short[] block = blocks.peek();
      int n = Math.min(frame.length - filled, block.length - blockOffset);
      System.arraycopy(block, blockOffset, frame, filled, n);
      filled += n;
      blockOffset += n;
      if (blockOffset == block.length) {
        blocks.poll();
        keepPlayed(block);
        blockOffset = 0;
      }
    }
    java.util.Arrays.fill(frame, filled, frame.length, (short) 0);
    playedSamples += filled;
    return filled;
  }

  private void keepPlayed(short[] block) {
    playedBlocks.add(block);
    playedBlocksSamples += block.length;
    short[] oldest = playedBlocks.peekFirst();
    while (oldest != null && playedBlocksSamples - oldest.length >= KEEP_PLAYED_SAMPLES) {
      playedBlocks.pollFirst();
      playedBlocksSamples -= oldest.length;
      oldest = playedBlocks.peekFirst();
    }
  }

  /**
   * Copies the next frame's worth of audio into {@code frame} like {@link #pull}, without playing
   * it: the frame a pause fades out is played again, whole, on resume. Returns how many were audio.
   */
  int peek(short[] frame) {
    int filled = 0;
    int offset = blockOffset;
    for (short[] block : blocks) {
      int n = Math.min(frame.length - filled, block.length - offset);
      System.arraycopy(block, offset, frame, filled, n);
      filled += n;
      offset = 0;
      if (filled == frame.length) {
        break;
      }
    }
    java.util.Arrays.fill(frame, filled, frame.length, (short) 0);
    return filled;
  }

  /**
   * Goes back to the sample the caller had heard by {@code heardNanos} (a transport's playback
   * confirmation) when that is behind what was played, as far as the kept audio reaches: after a
   * clear dropped the transport's buffer, the reply resumes where the caller stopped hearing it.
   * Returns how many samples it went back.
   */
  long rewindToHeard(long heardNanos) {
    // Reachable: the kept played blocks and the played part of the block in hand.
    long target =
        Math.max(samplesHeardBy(heardNanos), playedSamples - playedBlocksSamples - blockOffset);
    long back = 0;
    while (playedSamples - back > target) {
      if (blockOffset > 0) {
        int n = (int) Math.min(blockOffset, playedSamples - back - target);
        blockOffset -= n;
        back += n;
        continue;
      }
      short[] block = playedBlocks.pollLast();
      if (block == null) {
        break;
      }
      playedBlocksSamples -= block.length;
      blocks.addFirst(block);
      blockOffset = block.length;
    }
    playedSamples -= back;
    return back;
  }

  /**
   * Notes that the frame just pulled reaches the caller by {@code endNanos} (the end of its slot on
   * the session clock, relative to the origin), so heard text can follow later confirmations.
   */
  void sentUntil(long endNanos) {
    int last = 4 * (runCount - 1);
    if (runCount > 0
        && endNanos == runs[last + 2] + FRAME_NANOS
        && playedSamples == runs[last + 3] + FRAME_SAMPLES) {
      runs[last + 2] = endNanos;
      runs[last + 3] = playedSamples;
      return;
    }
    if (4 * runCount == runs.length) {
      runs = java.util.Arrays.copyOf(runs, runs.length * 2);
    }
    int at = 4 * runCount++;
    runs[at] = endNanos;
    runs[at + 1] = playedSamples;
    runs[at + 2] = endNanos;
    runs[at + 3] = playedSamples;
  }

  /**
   * The text the caller has heard when the transport confirms playback up to {@code heardNanos}:
   * the samples of every frame whose slot ended by then.
   */
  String heardTextUpTo(long heardNanos) {
    long samples = samplesHeardBy(heardNanos);
    long played = playedSamples;
    playedSamples = samples;
    try {
      return heardText();
    } finally {
      playedSamples = played;
    }
  }

  /**
   * Drops the audio not yet played after the last complete sentence, so that an apology after a
   * reply the agent never finished follows a sentence, not half of one. If the caller is already
   * hearing words past the last sentence end, the text span playing is let finish and the rest is
   * dropped. Returns the samples dropped.
   */
  long cutAtSentenceEnd() {
    long cut = 0;
    for (int i = 0; i < spans.size(); i++) {
      String text = spans.get(i).text();
      char last = text.charAt(text.length() - 1);
      if (last == '.' || last == '!' || last == '?') {
        cut = i + 1 < spans.size() ? spans.get(i + 1).startSample() : appendedSamples;
      }
    }
    if (cut < playedSamples) {
      cut = appendedSamples; // mid-fragment: finish the span playing, drop those after it
      for (Span span : spans) {
        if (span.startSample() > playedSamples) {
          cut = span.startSample();
          break;
        }
      }
    }
    long dropped = appendedSamples - cut;
    if (dropped <= 0) {
      return 0;
    }
    // Keep the blocks up to the cut, the one across it shortened.
    long blockStart = playedSamples - blockOffset;
    ArrayDeque<short[]> kept = new ArrayDeque<>();
    for (short[] block : blocks) {
      if (blockStart >= cut) {
        break;
      }
      kept.add(
          blockStart + block.length <= cut
              ? block
              : java.util.Arrays.copyOf(block, (int) (cut - blockStart)));
      blockStart += block.length;
    }
    blocks.clear();
    blocks.addAll(kept);
    appendedSamples = cut;
    final long end = cut;
    spans.removeIf(span -> span.startSample() >= end);
    return dropped;
  }

  /** The samples of every frame whose slot ended by {@code heardNanos}. */
  private long samplesHeardBy(long heardNanos) {
    long samples = 0;
    for (int i = 0; i < runCount && runs[4 * i] <= heardNanos; i++) {
      int at = 4 * i;
      samples =
          heardNanos >= runs[at + 2]
              ? runs[at + 3]
              : runs[at + 1] + (heardNanos - runs[at]) / FRAME_NANOS * FRAME_SAMPLES;
    }
    return samples;
  }

  /** All text announced for this reply. */
  String text() {
    return join(spans.size(), 0, 0);
  }

  /** The text the user has heard so far. */
  String heardText() {
    for (int i = 0; i < spans.size(); i++) {
      Span span = spans.get(i);
      long end = i + 1 < spans.size() ? spans.get(i + 1).startSample() : appendedSamples;
      if (playedSamples < end) {
        if (playedSamples <= span.startSample()) {
          return join(i, 0, 0);
        }
        String[] words = span.text().split("\\s+");
        int heardWords =
            (int)
                (words.length * (playedSamples - span.startSample()) / (end - span.startSample()));
        return join(i, heardWords, i);
      }
    }
    return text();
  }

  /** The first {@code count} spans, then {@code partialWords} words of span {@code partial}. */
  private String join(int count, int partialWords, int partial) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < count; i++) {
      if (!out.isEmpty()) {
        out.append(' ');
      }
      out.append(spans.get(i).text());
    }
    if (partialWords > 0) {
      String[] words = spans.get(partial).text().split("\\s+");
      for (int w = 0; w < partialWords; w++) {
        if (!out.isEmpty()) {
          out.append(' ');
        }
        out.append(words[w]);
      }
    }
    return out.toString();
  }
}
