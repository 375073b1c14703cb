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
  private final List<Span> spans = new ArrayList<>();
  private int blockOffset;
  private long appendedSamples;
  private long playedSamples;
  private boolean finished;
  // The last SENT_FRAMES frames sent, in a ring: when each one's slot ends and how many samples had
  // played by then. A ring rather than a growing array so a playout tick allocates nothing; made on
  // the first tick of a reply that plays.
  private static final int SENT_FRAMES = 1024;
  private long[] sentEnds = new long[0];
  private long[] sentSamples = new long[0];
  private long sentCount;

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
        blockOffset = 0;
      }
    }
    java.util.Arrays.fill(frame, filled, frame.length, (short) 0);
    playedSamples += filled;
    return filled;
  }

  /**
   * Notes that the frame just pulled reaches the caller by {@code endNanos} (the end of its slot on
   * the session clock, relative to the origin), so heard text can follow later confirmations.
   */
  void sentUntil(long endNanos) {
    if (sentEnds.length == 0) {
      sentEnds = new long[SENT_FRAMES];
      sentSamples = new long[SENT_FRAMES];
    }
    int slot = (int) (sentCount % SENT_FRAMES);
    sentEnds[slot] = endNanos;
    sentSamples[slot] = playedSamples;
    sentCount++;
  }

  /**
   * The text the caller has heard when the transport confirms playback up to {@code heardNanos}:
   * the samples of every frame whose slot ended by then. A confirmation older than the frames the
   * ring remembers (over 20 s behind) counts from the oldest one remembered.
   */
  String heardTextUpTo(long heardNanos) {
    long oldest = Math.max(0, sentCount - SENT_FRAMES);
    long samples = oldest > 0 ? sentSamples[(int) (oldest % SENT_FRAMES)] : 0;
    for (long k = oldest; k < sentCount; k++) {
      int slot = (int) (k % SENT_FRAMES);
      if (sentEnds[slot] > heardNanos) {
        break;
      }
      samples = sentSamples[slot];
    }
    long played = playedSamples;
    playedSamples = samples;
    try {
      return heardText();
    } finally {
      playedSamples = played;
    }
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
