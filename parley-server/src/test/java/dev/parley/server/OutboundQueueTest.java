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
package dev.parley.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The outbound queue's pooling, order, clears and watermarks, driven on the test thread. */
class OutboundQueueTest {
  private static final OutboundQueue.Pacing NOW = (atNanos, nowNanos) -> nowNanos;

  private final List<String> drops = new ArrayList<>();
  private final OutboundQueue queue = new OutboundQueue(4, 1, () -> drops.add("audio"));
  private final short[] frame = new short[320];

  private long offer(int frames, long fromNanos) {
    long at = fromNanos;
    for (int k = 0; k < frames; k++) {
      frame[0] = (short) k;
      queue.offerAudio(at, frame, 0, 320);
      at += 20_000_000L;
    }
    return at;
  }

  private OutboundQueue.Item take() {
    OutboundQueue.Item item = queue.poll(0, NOW);
    if (item == null) {
      throw new AssertionError("nothing due");
    }
    return item;
  }

  @Test
  void framesAreCopiedIntoSlotsThatComeBackToThePool() {
    frame[5] = 42;
    queue.offerAudio(0, frame, 0, 320);
    frame[5] = 7; // the session reuses its array at once: the queue holds its own copy
    OutboundQueue.Item first = take();
    assertThat(first.samples()[5]).isEqualTo((short) 42);
    assertThat(first.samples()).isNotSameAs(frame).hasSize(320);
    queue.release(first);
    // However many frames go through, only the ring's slots and the spare ever hold them.
    java.util.Set<short[]> buffers =
        java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
    for (int k = 0; k < 1_000; k++) {
      queue.offerAudio(k, frame, 0, 320);
      OutboundQueue.Item item = take();
      buffers.add(item.samples());
      queue.release(item);
    }
    assertThat(buffers).hasSizeLessThanOrEqualTo(4 + OutboundQueue.CONTROL_ROOM + 1);
  }

  @Test
  void overTheHighWatermarkAudioIsDroppedWithACountUntilDrainedToTheLowOne() {
    offer(4, 0); // the high watermark
    assertThat(queue.writable()).isFalse();
    assertThat(queue.offerAudio(80_000_000L, frame, 0, 320)).isFalse();
    assertThat(queue.dropped()).isEqualTo(1);
    assertThat(drops).hasSize(1);
    queue.release(take()); // 3 queued: still above the low watermark
    queue.release(take()); // 2
    assertThat(queue.writable()).isFalse();
    assertThat(queue.offerAudio(100_000_000L, frame, 0, 320)).isFalse();
    queue.release(take()); // 1: the low watermark
    assertThat(queue.writable()).isTrue();
    assertThat(queue.offerAudio(120_000_000L, frame, 0, 320)).isTrue();
    assertThat(queue.queuedAudio()).isEqualTo(2);
    assertThat(queue.dropped()).isEqualTo(2);
  }

  @Test
  void aClearDropsQueuedAudioButKeepsEventsInOrderAndMakesTheQueueWritable() {
    offer(2, 0);
    queue.offerError("bad_json", "not JSON");
    offer(2, 40_000_000L);
    assertThat(queue.writable()).isFalse();
    queue.clear();
    assertThat(queue.writable()).isTrue();
    assertThat(queue.queuedAudio()).isZero();
    OutboundQueue.Item error = take();
    assertThat(error.kind()).isEqualTo(OutboundQueue.Kind.ERROR);
    assertThat(error.code()).isEqualTo("bad_json");
    queue.release(error);
    OutboundQueue.Item clear = take();
    assertThat(clear.kind()).isEqualTo(OutboundQueue.Kind.CLEAR);
    queue.release(clear);
    assertThat(queue.poll(0, NOW)).isNull();
    assertThat(queue.dropped()).as("a clear is not a drop").isZero();
  }

  @Test
  void audioNotYetDueStaysAtTheHeadAndSaysWhenItIs() {
    queue.offerAudio(0, frame, 0, 320);
    assertThat(queue.poll(10, (at, now) -> 50)).isNull();
    assertThat(queue.nextDueNanos()).isEqualTo(50);
    assertThat(queue.poll(50, (at, now) -> 50)).isNotNull();
  }

  @Test
  void theCloseAlwaysGetsInAndNothingFollowsIt() {
    for (int k = 0; k < 100; k++) {
      queue.offerError("e", "filler " + k); // errors beyond the room are dropped
    }
    queue.close(1000, "bye");
    queue.close(1011, "second close is ignored");
    queue.offerError("late", "after the close");
    OutboundQueue.Item item;
    OutboundQueue.Item last = null;
    int taken = 0;
    while ((item = queue.poll(0, NOW)) != null) {
      taken++;
      if (item.kind() == OutboundQueue.Kind.CLOSE) {
        assertThat(item.closeCode()).isEqualTo(1000);
      }
      last = item;
      queue.release(item);
      if (taken > 200) {
        break;
      }
    }
    assertThat(last)
        .isNotNull()
        .extracting(OutboundQueue.Item::kind)
        .isEqualTo(OutboundQueue.Kind.CLOSE);
    assertThat(taken).isEqualTo(4 + OutboundQueue.CONTROL_ROOM);
  }

  @Test
  void aHangupIsHandedToTheWriterOnce() {
    queue.requestHangup("server draining");
    queue.requestHangup("again");
    assertThat(queue.takeHangup()).isEqualTo("server draining");
    assertThat(queue.takeHangup()).isNull();
  }

  @Test
  void watermarksMustBeOrdered() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> new OutboundQueue(4, 4, () -> {}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("low 4, high 4");
  }
}
