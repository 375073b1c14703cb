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

/**
 * Where a reply latency (end of user speech to first agent audio) falls against the human budget:
 * people leave about 200 ms between turns, notice pauses past ~400 ms, and past 1.5 s a
 * conversation turns into query and response.
 */
public enum LatencyBudget {
  /** At most 400 ms: inside the human window. */
  GOOD,
  /** At most 1500 ms: noticeable, still a conversation. */
  SLOW,
  /** Over 1500 ms: the conversation has become query and response. */
  DEAD;

  /** The longest latency, in milliseconds, that is still {@link #GOOD}. */
  public static final long GOOD_MAX_MILLIS = 400;

  /** The longest latency, in milliseconds, that is still {@link #SLOW}. */
  public static final long SLOW_MAX_MILLIS = 1500;

  /**
   * Classifies a latency given in whole milliseconds, so a label and its colour always agree.
   *
   * @param latencyMillis end of user speech to first agent audio, rounded to milliseconds
   */
  public static LatencyBudget of(long latencyMillis) {
    if (latencyMillis <= GOOD_MAX_MILLIS) {
      return GOOD;
    }
    return latencyMillis <= SLOW_MAX_MILLIS ? SLOW : DEAD;
  }
}
