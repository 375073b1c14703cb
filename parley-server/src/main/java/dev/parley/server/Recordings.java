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

import dev.parley.core.clock.MediaClock;
import dev.parley.core.clock.WallClock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where a server records its calls: one directory per call under {@link Policy#dir()}, named {@code
 * 20261207T013000Z-<call id>} so names sort by start time, holding the same four files as {@code
 * parley converse} ({@code call.wav}, {@code events.jsonl}, {@code timeline.json}, {@code
 * report.html}). A call is written into a hidden {@code .partial-} directory and renamed when it is
 * complete, so what is visible is whole. After each call the oldest recordings beyond {@link
 * Policy#maxCalls()} or older than {@link Policy#maxAge()} are deleted. Thread-safe.
 */
public final class Recordings {
  private static final Logger LOG = LoggerFactory.getLogger(Recordings.class);
  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);

  /**
   * What is recorded and for how long.
   *
   * @param dir the directory that holds one directory per call
   * @param maxCalls the most recordings kept; older ones are deleted first
   * @param maxAge how long a recording is kept
   */
  public record Policy(Path dir, int maxCalls, Duration maxAge) {
    public Policy {
      if (maxCalls < 1) {
        throw new IllegalArgumentException("recordings: maxCalls must be at least 1");
      }
      if (maxAge.isNegative() || maxAge.isZero()) {
        throw new IllegalArgumentException("recordings: maxAge must be positive");
      }
    }
  }

  private final Policy policy;
  private final MediaClock clock;
  private final WallClock wallClock;
  private final Object sweeping = new Object();

  /** Recordings under {@code policy}; creates its directory. */
  public Recordings(Policy policy, MediaClock clock, WallClock wallClock) throws IOException {
    this.policy = policy;
    this.clock = clock;
    this.wallClock = wallClock;
    Files.createDirectories(policy.dir());
  }

  /** Starts recording a call that starts now; {@code originNanos} is its session's start. */
  CallRecording start(String callId, String transport, long originNanos) {
    String name = STAMP.format(Instant.ofEpochMilli(wallClock.epochMillis())) + "-" + callId;
    return CallRecording.start(
        policy.dir(), name, transport + " call " + callId, clock, originNanos, this::sweep);
  }

  /** Deletes the recordings beyond the count or age limit, oldest first. */
  void sweep() {
    synchronized (sweeping) {
      List<Path> calls = new ArrayList<>();
      try (Stream<Path> entries = Files.list(policy.dir())) {
        entries
            .filter(p -> !p.getFileName().toString().startsWith("."))
            .filter(Files::isDirectory)
            .sorted()
            .forEach(calls::add);
      } catch (IOException e) {
        LOG.warn("cannot list recordings in {}: {}", policy.dir(), e.getMessage());
        return;
      }
      long oldestKept = wallClock.epochMillis() - policy.maxAge().toMillis();
      int excess = calls.size() - policy.maxCalls();
      for (int i = 0; i < calls.size(); i++) {
        Path call = calls.get(i);
        if (i < excess || modifiedMillis(call) < oldestKept) {
          delete(call);
        }
      }
    }
  }

  private static long modifiedMillis(Path dir) {
    try {
      return Files.getLastModifiedTime(dir).toMillis();
    } catch (IOException e) {
      return Long.MAX_VALUE; // gone or unreadable: not ours to judge
    }
  }

  static void delete(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      LOG.warn("cannot delete recording {}: {}", dir, e.getMessage());
    }
  }
}
