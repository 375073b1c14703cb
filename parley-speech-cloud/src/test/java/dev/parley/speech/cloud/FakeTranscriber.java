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
package dev.parley.speech.cloud;

/**
 * How a fake model transcribes the caller: from a script in order, or, when the caller is a
 * benchmark's simulated user, by asking what it said between two times of its audio.
 */
@FunctionalInterface
public interface FakeTranscriber {
  /** The words said between {@code fromMillis} and {@code toMillis} of the caller's audio. */
  String heard(long fromMillis, long toMillis);

  /**
   * Whether asking again about a longer stretch gives more words (a timed caller), rather than the
   * next utterance's (a script).
   */
  default boolean timed() {
    return true;
  }

  /** The next of {@code transcripts} at each utterance, whatever its time; empty once used up. */
  static FakeTranscriber scripted(java.util.List<String> transcripts) {
    java.util.ArrayDeque<String> left = new java.util.ArrayDeque<>(transcripts);
    return new FakeTranscriber() {
      @Override
      public synchronized String heard(long fromMillis, long toMillis) {
        return left.isEmpty() ? "" : left.poll();
      }

      @Override
      public boolean timed() {
        return false;
      }
    };
  }
}
