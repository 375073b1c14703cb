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
package dev.parley.core.agent;

import dev.parley.core.clock.Sleeper;
import dev.parley.core.spi.ProviderException;
import dev.parley.core.spi.ProviderException.Kind;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * How an agent adapter retries a model request whose failure may pass: {@code maxAttempts} tries in
 * all, waiting {@code initialBackoff}, then twice as long each time up to {@code maxBackoff}; a
 * server's own {@code Retry-After} replaces the backoff, unless it is longer than {@code
 * maxRetryAfter}, which a caller on the line will not wait. Immutable.
 *
 * <p>Only a failure before any word was spoken is worth another try: words cannot be unsaid. The
 * adapter decides that and says so by throwing {@link Retryable} from its attempt.
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

  /**
   * {@code maxAttempts} tries, {@code backoff} apart and doubling up to sixteen times that, for
   * servers that never say how long to wait.
   */
  public static Retries doubling(int maxAttempts, Duration backoff) {
    if (backoff.isNegative()) {
      throw new IllegalArgumentException("backoff must not be negative");
    }
    return new Retries(maxAttempts, backoff, backoff.multipliedBy(16), Duration.ZERO);
  }

  /** The wait after failed try number {@code failedAttempt} (1 for the first). */
  public Duration backoff(int failedAttempt) {
    Duration wait = initialBackoff;
    for (int i = 1; i < failedAttempt && wait.compareTo(maxBackoff) < 0; i++) {
      wait = wait.multipliedBy(2);
    }
    return wait.compareTo(maxBackoff) > 0 ? maxBackoff : wait;
  }

  /**
   * Runs {@code attempt} until it succeeds, fails for good, or the tries run out, waiting out each
   * backoff on {@code sleeper}.
   *
   * @throws ProviderException of the last failure's kind, saying how many tries it took; at once if
   *     the server asks to wait longer than {@link #maxRetryAfter}
   * @throws InterruptedException if the reply was cancelled, during an attempt or a wait
   */
  public <T> T run(Sleeper sleeper, Attempt<T> attempt) throws InterruptedException {
    for (int tries = 1; ; tries++) {
      try {
        return attempt.run();
      } catch (Retryable f) {
        if (tries >= maxAttempts) {
          throw f.failure(tries);
        }
        Duration asked = f.retryAfter();
        if (asked != null && asked.compareTo(maxRetryAfter) > 0) {
          throw new ProviderException(
              f.kind(),
              f.getMessage() + "; the server asks to wait " + asked.toMillis() + " ms, too long",
              f.getCause());
        }
        sleeper.sleep(asked != null ? asked : backoff(tries));
      }
    }
  }

  /** Whether a failure of {@code kind} may pass on another try. */
  public static boolean retryable(Kind kind) {
    return kind == Kind.TRANSIENT || kind == Kind.UNAVAILABLE;
  }

  /** One try of a request. */
  @FunctionalInterface
  public interface Attempt<T> {
    /**
     * @throws Retryable for a failure another try may fix
     * @throws ProviderException for a failure no retry fixes
     */
    T run() throws InterruptedException, Retryable;
  }

  /** A failure another try may fix, with the wait the server asked for, if it named one. */
  public static final class Retryable extends Exception {
    private static final long serialVersionUID = 1L;
    private final Kind kind;
    private final transient @Nullable Duration retryAfter;

    public Retryable(
        Kind kind, String message, @Nullable Duration retryAfter, @Nullable Throwable cause) {
      super(message, cause);
      this.kind = kind;
      this.retryAfter = retryAfter;
    }

    /** A retryable form of {@code failure}, keeping its kind, message and cause. */
    public static Retryable of(ProviderException failure) {
      return new Retryable(
          failure.kind(), String.valueOf(failure.getMessage()), null, failure.getCause());
    }

    public Kind kind() {
      return kind;
    }

    public @Nullable Duration retryAfter() {
      return retryAfter;
    }

    /** The failure to report after {@code attempts} tries. */
    ProviderException failure(int attempts) {
      return new ProviderException(
          kind, getMessage() + (attempts > 1 ? " (after " + attempts + " tries)" : ""), getCause());
    }
  }
}
