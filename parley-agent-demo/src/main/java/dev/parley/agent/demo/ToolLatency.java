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
package dev.parley.agent.demo;

import java.time.Duration;
import java.util.SplittableRandom;

/**
 * How long a simulated tool takes: log-normal (heavy-tailed, as real back ends are) around a
 * median, clipped to a range, and deterministic: the same call id always takes the same time.
 *
 * @param median the median latency
 * @param sigma the standard deviation of the latency's logarithm: 0 is a fixed latency, 0.8 puts
 *     one call in ten above 2.8 times the median
 * @param min the shortest latency
 * @param max the longest latency
 * @param seed mixed into every call's seed, to draw a different but repeatable set of latencies
 */
public record ToolLatency(Duration median, double sigma, Duration min, Duration max, long seed) {
  /** The range every demo tool stays in: 50 ms to 4 s. */
  public static final Duration FLOOR = Duration.ofMillis(50);

  public static final Duration CEILING = Duration.ofSeconds(4);

  public ToolLatency {
    if (median.isNegative() || min.isNegative() || max.compareTo(min) < 0) {
      throw new IllegalArgumentException(
          "tool latency needs 0 <= min <= max and a non-negative median, got median "
              + median
              + ", min "
              + min
              + ", max "
              + max);
    }
    if (!(sigma >= 0 && sigma <= 3)) {
      throw new IllegalArgumentException("tool latency sigma must be in [0, 3], got " + sigma);
    }
  }

  /** A log-normal latency with {@code medianMillis} and {@code sigma}, clipped to 50 ms - 4 s. */
  public static ToolLatency logNormal(long medianMillis, double sigma) {
    return new ToolLatency(Duration.ofMillis(medianMillis), sigma, FLOOR, CEILING, 0);
  }

  /** Always {@code latency}. */
  public static ToolLatency fixed(Duration latency) {
    return new ToolLatency(latency, 0, latency, latency, 0);
  }

  /** The same distribution drawing a different repeatable sequence. */
  public ToolLatency withSeed(long seed) {
    return new ToolLatency(median, sigma, min, max, seed);
  }

  /** The latency of the call {@code callId}. */
  public Duration of(String callId) {
    double z = new SplittableRandom(Flight.seed(callId) ^ seed).nextGaussian();
    double nanos = median.toNanos() * Math.exp(sigma * z);
    long clipped = (long) Math.clamp(nanos, (double) min.toNanos(), (double) max.toNanos());
    return Duration.ofNanos(clipped);
  }
}
