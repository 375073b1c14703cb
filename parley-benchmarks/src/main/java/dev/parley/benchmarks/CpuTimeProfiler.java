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
package dev.parley.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;

/**
 * A JMH profiler that reports the CPU time the benchmark's own threads spent per operation, native
 * code included, as {@code cpu.time.norm} in the benchmark's time unit. Use it with {@code -prof
 * dev.parley.benchmarks.CpuTimeProfiler}.
 *
 * <p>This machine has two cores and is shared with other builds, so JMH's wall-clock score includes
 * time spent waiting for a core. CPU time does not: it is what an operation costs a core, and on an
 * idle machine a single-threaded operation's wall time would come close to it. The speech engines
 * (ONNX Runtime with one intra-op thread, Flite, PocketSphinx) all compute on the calling thread,
 * so the worker threads' CPU time is the whole cost. Like {@code -prof gc}, it divides by every
 * operation of the iteration, and it reads nothing while the benchmark runs.
 *
 * <p>Runs in the forked VM on JMH's control thread, between iterations.
 */
public final class CpuTimeProfiler implements InternalProfiler {
  private static final String WORKER = "-jmh-worker-";

  private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
  private final Map<Long, Long> startNanos = new HashMap<>();

  @Override
  public String getDescription() {
    return "CPU time of the benchmark threads per operation";
  }

  @Override
  public void beforeIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams) {
    startNanos.clear();
    startNanos.putAll(workerCpuNanos());
  }

  @Override
  public Collection<? extends Result<?>> afterIteration(
      BenchmarkParams benchmarkParams, IterationParams iterationParams, IterationResult result) {
    long spent = 0;
    for (Map.Entry<Long, Long> worker : workerCpuNanos().entrySet()) {
      // A worker started during the iteration spent all its CPU time in it.
      spent += worker.getValue() - startNanos.getOrDefault(worker.getKey(), 0L);
    }
    long operations = result.getMetadata().getAllOps();
    if (operations == 0) {
      return List.of();
    }
    TimeUnit unit = benchmarkParams.getTimeUnit();
    double perOperation = (double) spent / operations / unit.toNanos(1);
    return List.of(
        new ScalarResult(
            "cpu.time.norm", perOperation, unitLabel(unit) + "/op", AggregationPolicy.AVG));
  }

  /** CPU nanoseconds so far of every live JMH worker thread, by thread id. */
  private Map<Long, Long> workerCpuNanos() {
    Map<Long, Long> cpu = new HashMap<>();
    for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
      if (info != null && info.getThreadName().contains(WORKER)) {
        long nanos = threads.getThreadCpuTime(info.getThreadId());
        if (nanos >= 0) {
          cpu.put(info.getThreadId(), nanos);
        }
      }
    }
    return cpu;
  }

  private static String unitLabel(TimeUnit unit) {
    return switch (unit) {
      case NANOSECONDS -> "ns";
      case MICROSECONDS -> "us";
      case MILLISECONDS -> "ms";
      case SECONDS -> "s";
      case MINUTES -> "min";
      case HOURS -> "hr";
      case DAYS -> "day";
    };
  }
}
