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
package dev.parley.agent.openai;

import java.time.Duration;

/**
 * How the adapter retries a request that failed for a reason worth retrying (no connection, a 5xx,
 * a 429, a stream that broke before any word was spoken): up to {@code maxAttempts} tries in all,
 * waiting {@code initialBackoff} after the first failure and twice as long after each next one, up
 * to {@code maxBackoff}. A server's {@code Retry-After} replaces the backoff; one asking for longer
 * than {@code maxRetryAfter} ends the retries at once, because a caller on the line cannot wait a
 * minute. An immutable value.
 */
public record Retries(
    int maxAttempts, Duration initialBackoff, Duration maxBackoff, Duration maxRetryAfter) {
  public Retries {
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1, not " + maxAttempts);
    }
    if (initialBackoff.isNegative() || maxBackoff.compareTo(initialBackoff) < 0) {
      throw new IllegalArgumentException(
          "backoff must satisfy 0 <= initialBackoff <= maxBackoff, not "
              + initialBackoff
              + " and "
              + maxBackoff);
    }
    if (maxRetryAfter.isNegative()) {
      throw new IllegalArgumentException("maxRetryAfter must not be negative");
    }
  }

  /**
   * Three tries, 250 ms then 500 ms apart, and at most 5 s for a server's {@code Retry-After}:
   * within the few seconds a caller will wait for an answer.
   */
  public static Retries defaults() {
    return new Retries(3, Duration.ofMillis(250), Duration.ofSeconds(2), Duration.ofSeconds(5));
  }

  /** One try, no retries. */
  public static Retries none() {
    return new Retries(1, Duration.ZERO, Duration.ZERO, Duration.ZERO);
  }

  /** The wait after failed try number {@code failedAttempt} (1 for the first). */
  Duration backoff(int failedAttempt) {
    Duration wait = initialBackoff;
    for (int i = 1; i < failedAttempt && wait.compareTo(maxBackoff) < 0; i++) {
      wait = wait.multipliedBy(2);
    }
    return wait.compareTo(maxBackoff) > 0 ? maxBackoff : wait;
  }
}
