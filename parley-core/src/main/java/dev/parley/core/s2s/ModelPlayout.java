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

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A speech-to-speech model's audio waiting to be played, and what of each of its items (one
 * utterance's words and audio) the caller has heard, for heard text and truncation. Confined to the
 * session's loop.
 */
final class ModelPlayout {
  /** One item's words and audio. */
  private static final class Item {
    final StringBuilder text = new StringBuilder();
    long receivedSamples;
    long playedSamples;
  }

  /** Received audio; {@code offset[0]} is how far it has been played. */
  private record Chunk(String itemId, short[] samples, int[] offset) {}

  private final ArrayDeque<Chunk> queue = new ArrayDeque<>();
  private final Map<String, Item> items = new HashMap<>();
  private @Nullable String lastFilledItem;

  void addText(String itemId, String delta) {
    items.computeIfAbsent(itemId, k -> new Item()).text.append(delta);
  }

  void addAudio(String itemId, short[] samples) {
    items.computeIfAbsent(itemId, k -> new Item()).receivedSamples += samples.length;
    queue.add(new Chunk(itemId, samples, new int[1]));
  }

  boolean isEmpty() {
    return queue.isEmpty();
  }

  /** Drops the audio not yet played; what was heard stays known. */
  void clear() {
    queue.clear();
  }

  /**
   * Fills {@code frame} from the queue, the rest with silence; returns how many samples were audio.
   * {@link #lastFilledItem} is then the item the last of them came from.
   */
  int fill(short[] frame) {
    int filled = 0;
    while (filled < frame.length && !queue.isEmpty()) {
      Chunk chunk = queue.peek();
      int n = Math.min(frame.length - filled, chunk.samples().length - chunk.offset()[0]);
      System.arraycopy(chunk.samples(), chunk.offset()[0], frame, filled, n);
      chunk.offset()[0] += n;
      filled += n;
      lastFilledItem = chunk.itemId();
      Item it = items.get(chunk.itemId());
      if (it != null) {
        it.playedSamples += n;
      }
      if (chunk.offset()[0] == chunk.samples().length) {
        queue.poll();
      }
    }
    Arrays.fill(frame, filled, frame.length, (short) 0);
    return filled;
  }

  @Nullable String lastFilledItem() {
    return lastFilledItem;
  }

  /** Milliseconds of {@code itemId}'s audio played (16 kHz). */
  long heardMillis(String itemId) {
    Item it = items.get(itemId);
    return it == null ? 0 : it.playedSamples / 16;
  }

  /** The words of {@code itemId} the caller heard, in proportion to its audio played. */
  String heardText(@Nullable String itemId) {
    Item it = itemId == null ? null : items.get(itemId);
    if (it == null) {
      return "";
    }
    String[] words = it.text.toString().strip().split("\\s+");
    if (it.receivedSamples == 0 || words.length == 0 || words[0].isEmpty()) {
      return "";
    }
    int heard = (int) Math.round(words.length * (double) it.playedSamples / it.receivedSamples);
    return String.join(" ", Arrays.copyOf(words, Math.min(words.length, heard)));
  }

  /** All the words of {@code itemId}. */
  String text(@Nullable String itemId) {
    Item it = itemId == null ? null : items.get(itemId);
    return it == null ? "" : it.text.toString().strip();
  }
}
