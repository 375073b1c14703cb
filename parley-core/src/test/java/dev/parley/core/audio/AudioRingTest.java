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

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class AudioRingTest {
  /** Samples whose value is their sequence modulo 2^15, so any misplaced copy shows. */
  private static short[] ramp(long fromSequence, int len) {
    short[] samples = new short[len];
    for (int i = 0; i < len; i++) {
      samples[i] = (short) ((fromSequence + i) & 0x7FFF);
    }
    return samples;
  }

  @Test
  void anEmptyRingHoldsNothing() {
    AudioRing ring = new AudioRing(1024);
    assertThat(ring.capacity()).isEqualTo(1024);
    assertThat(ring.startSequence()).isZero();
    assertThat(ring.endSequence()).isZero();
    assertThat(ring.holds(0, 0)).isTrue();
    assertThat(ring.holds(0, 1)).isFalse();
  }

  @Test
  void writesAdvanceTheEndSequenceAndReadsReturnTheSamples() {
    AudioRing ring = new AudioRing(1024);
    assertThat(ring.write(ramp(0, 320), 0, 320)).isEqualTo(320);
    assertThat(ring.write(ramp(320, 320), 0, 320)).isEqualTo(640);

    short[] dst = new short[200];
    ring.read(250, dst, 0, 200);
    assertThat(dst).isEqualTo(ramp(250, 200));
    assertThat(ring.at(639)).isEqualTo((short) 639);
    assertThat(ring.startSequence()).isZero();
  }

  @Test
  void readsAndWritesWrapAroundTheEndOfTheArray() {
    AudioRing ring = new AudioRing(256);
    long sequence = 0;
    // 100 is coprime with 256, so writes and reads straddle the array end at every offset.
    for (int i = 0; i < 50; i++) {
      sequence = ring.write(ramp(sequence, 100), 0, 100);
      long from = ring.startSequence();
      int held = (int) (sequence - from);
      short[] dst = new short[held];
      ring.read(from, dst, 0, held);
      for (int k = 0; k < held; k++) {
        assertThat(dst[k]).as("sequence %d", from + k).isEqualTo((short) ((from + k) & 0x7FFF));
      }
    }
    assertThat(ring.endSequence()).isEqualTo(5000);
    assertThat(ring.startSequence()).isEqualTo(5000 - 256);
  }

  @Test
  void aWriteLongerThanTheRingKeepsItsLastSamples() {
    AudioRing ring = new AudioRing(64);
    ring.write(ramp(0, 10), 0, 10);
    assertThat(ring.write(ramp(10, 1000), 0, 1000)).isEqualTo(1010);

    assertThat(ring.startSequence()).isEqualTo(1010 - 64);
    short[] dst = new short[64];
    ring.read(1010 - 64, dst, 0, 64);
    assertThat(dst).isEqualTo(ramp(1010 - 64, 64));
  }

  @Test
  void writesHonourTheSourceOffset() {
    AudioRing ring = new AudioRing(16);
    short[] src = {9, 9, 1, 2, 3, 9};
    ring.write(src, 2, 3);
    short[] dst = new short[5];
    ring.read(0, dst, 1, 3);
    assertThat(dst).containsExactly(0, 1, 2, 3, 0);
  }

  @Test
  void readingOverwrittenSamplesFailsWithTheHeldRange() {
    AudioRing ring = new AudioRing(128);
    ring.write(new short[300], 0, 300);

    assertThatThrownBy(() -> ring.read(171, new short[10], 0, 10))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("samples from 171 were overwritten: the ring holds [172, 300)");
    assertThatThrownBy(() -> ring.at(0)).isInstanceOf(IllegalArgumentException.class);
    assertThat(ring.holds(172, 128)).isTrue();
    assertThat(ring.holds(171, 1)).isFalse();
  }

  @Test
  void readingSamplesNotYetWrittenFailsWithTheHeldRange() {
    AudioRing ring = new AudioRing(128);
    ring.write(new short[100], 0, 100);

    assertThatThrownBy(() -> ring.read(90, new short[20], 0, 20))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("samples [90, 110) are not all written yet: the ring holds [0, 100)");
    assertThatThrownBy(() -> ring.at(100))
        .hasMessage("samples [100, 101) are not all written yet: the ring holds [0, 100)");
    assertThatThrownBy(() -> ring.read(-1, new short[1], 0, 1))
        .hasMessage("negative sample sequence: -1");
  }

  @Test
  void rejectsCapacitiesThatAreNotPowersOfTwo() {
    assertThatThrownBy(() -> new AudioRing(1000))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("ring capacity must be a positive power of two, not 1000");
    assertThatThrownBy(() -> new AudioRing(0)).isInstanceOf(IllegalArgumentException.class);
    assertThat(new AudioRing(1).capacity()).isOne();
  }

  @Test
  void rejectsRangesOutsideTheArrays() {
    AudioRing ring = new AudioRing(64);
    ring.write(new short[64], 0, 64);
    assertThatThrownBy(() -> ring.write(new short[4], 2, 3))
        .isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> ring.read(0, new short[4], 2, 3))
        .isInstanceOf(IndexOutOfBoundsException.class);
    assertThat(ring.endSequence()).isEqualTo(64);
  }

  @Test
  void writesAndReadsAllocateNothing() {
    AudioRing ring = new AudioRing(4096);
    short[] frame = ramp(0, AudioFormat.FRAME_SAMPLES);
    short[] dst = new short[AudioFormat.FRAME_SAMPLES];
    ring.write(new short[1000], 0, 1000);
    for (int i = 0; i < 20_000; i++) {
      long end = ring.write(frame, 0, frame.length);
      ring.read(end - 1000, dst, 0, dst.length);
      ring.at(end - 1);
    }
    long before = Signals.allocatedBytes();
    for (int i = 0; i < 1000; i++) {
      long end = ring.write(frame, 0, frame.length);
      ring.read(end - 1000, dst, 0, dst.length);
      ring.at(end - 1);
    }
    assertThat(Signals.allocatedBytes() - before).isZero();
  }
}
