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
package dev.parley.core.session;

import java.util.Map;
import java.util.TreeMap;

/**
 * How long each component takes, as charged on a virtual clock: the delay between handing a
 * component its work and its results reaching the session. Live calls ignore it; their real
 * latencies show instead.
 *
 * @param millisByComponent latency per component name ({@code stt}, {@code agent}, {@code tts},
 *     {@code turn}); a component not named costs nothing
 */
public record ModelledLatency(Map<String, Long> millisByComponent) {
  public ModelledLatency {
    millisByComponent = Map.copyOf(millisByComponent);
    for (var entry : millisByComponent.entrySet()) {
      if (entry.getValue() < 0) {
        throw new IllegalArgumentException("negative latency for " + entry.getKey());
      }
    }
  }

  /** No modelled latency at all. */
  public static ModelledLatency none() {
    return new ModelledLatency(Map.of());
  }

  /** The latency of {@code component} in nanoseconds. */
  public long nanos(String component) {
    return millisByComponent.getOrDefault(component, 0L) * 1_000_000L;
  }

  /** These latencies with each component named in {@code millisByComponent} set to its value. */
  public ModelledLatency overriddenBy(Map<String, Long> millisByComponent) {
    Map<String, Long> copy = new TreeMap<>(this.millisByComponent);
    copy.putAll(millisByComponent);
    return new ModelledLatency(copy);
  }

  /** These latencies with {@code component} set to {@code millis}. */
  public ModelledLatency with(String component, long millis) {
    Map<String, Long> copy = new TreeMap<>(millisByComponent);
    copy.put(component, millis);
    return new ModelledLatency(copy);
  }
}
