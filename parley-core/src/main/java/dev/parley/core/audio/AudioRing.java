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
package dev.parley.core.audio;

import java.util.Objects;

/**
 * A fixed-capacity ring of PCM16 samples addressed by sequence: the number of samples written to
 * the session before each one, counting from 0 and never reused.
 *
 * <p>Owned by one thread, the session loop, and unsynchronised. Frames and events carry sequences
 * rather than copies; a reader that falls more than {@link #capacity()} samples behind the writer
 * finds its samples overwritten and is told so. Writes and reads copy with {@link System#arraycopy}
 * and allocate nothing.
 */
public final class AudioRing {
  private final short[] samples;
  private final int mask;
  private long endSequence;

  /**
   * Creates an empty ring holding the latest {@code capacitySamples} samples.
   *
   * @throws IllegalArgumentException unless the capacity is a positive power of two
   */
  public AudioRing(int capacitySamples) {
    if (capacitySamples <= 0 || Integer.bitCount(capacitySamples) != 1) {
      throw new IllegalArgumentException(
          "ring capacity must be a positive power of two, not " + capacitySamples);
    }
    this.samples = new short[capacitySamples];
    this.mask = capacitySamples - 1;
  }

  /** The most samples the ring holds. */
  public int capacity() {
    return samples.length;
  }

  /** The sequence of the oldest sample still held; equals {@link #endSequence()} when empty. */
  public long startSequence() {
    return Math.max(0, endSequence - samples.length);
  }

  /** The sequence the next written sample will get: the count of samples ever written. */
  public long endSequence() {
    return endSequence;
  }

  /**
   * Appends {@code len} samples from {@code src[off..]}, overwriting the oldest once full. If
   * {@code len} exceeds the capacity only the last {@link #capacity()} samples are kept.
   *
   * @return the new {@link #endSequence()}
   * @throws IndexOutOfBoundsException if the range falls outside {@code src}
   */
  public long write(short[] src, int off, int len) {
    Objects.checkFromIndexSize(off, len, src.length);
    int skipped = Math.max(0, len - samples.length);
    endSequence += skipped;
    copyIn(src, off + skipped, len - skipped);
    return endSequence;
  }

  /**
   * Copies the {@code len} samples from sequence {@code fromSequence} into {@code dst[off..]}.
   *
   * @throws IllegalArgumentException if {@code fromSequence} is negative or any of those samples
   *     was overwritten or not yet written
   * @throws IndexOutOfBoundsException if the range falls outside {@code dst}
   */
  public void read(long fromSequence, short[] dst, int off, int len) {
    Objects.checkFromIndexSize(off, len, dst.length);
    checkHeld(fromSequence, len);
    int start = (int) (fromSequence & mask);
    int first = Math.min(len, samples.length - start);
    System.arraycopy(samples, start, dst, off, first);
    System.arraycopy(samples, 0, dst, off + first, len - first);
  }

  /**
   * The sample at {@code sequence}.
   *
   * @throws IllegalArgumentException if it was overwritten or not yet written
   */
  public short at(long sequence) {
    checkHeld(sequence, 1);
    return samples[(int) (sequence & mask)];
  }

  /** Whether every sample in {@code [fromSequence, fromSequence + len)} is held. */
  public boolean holds(long fromSequence, int len) {
    return len >= 0 && fromSequence >= startSequence() && fromSequence <= endSequence - len;
  }

  private void copyIn(short[] src, int off, int len) {
    int start = (int) (endSequence & mask);
    int first = Math.min(len, samples.length - start);
    System.arraycopy(src, off, samples, start, first);
    System.arraycopy(src, off + first, samples, 0, len - first);
    endSequence += len;
  }

  private void checkHeld(long fromSequence, int len) {
    if (fromSequence < 0) {
      throw new IllegalArgumentException("negative sample sequence: " + fromSequence);
    }
    if (fromSequence < startSequence()) {
      throw new IllegalArgumentException(
          "samples from "
              + fromSequence
              + " were overwritten: the ring holds ["
              + startSequence()
              + ", "
              + endSequence
              + ")");
    }
    if (fromSequence > endSequence - len) {
      throw new IllegalArgumentException(
          "samples ["
              + fromSequence
              + ", "
              + (fromSequence + len)
              + ") are not all written yet: the ring holds ["
              + startSequence()
              + ", "
              + endSequence
              + ")");
    }
  }
}
