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
package dev.parley.core.speech;

import dev.parley.core.spi.ProviderException;
import java.util.List;
import java.util.function.IntConsumer;
import org.jspecify.annotations.Nullable;

/** Told when a fallback chain leaves a failed provider for the next one. Must be quick. */
@FunctionalInterface
public interface Failover {
  /**
   * @param from the provider that failed
   * @param to the provider that takes over
   * @param cause how {@code from} failed
   */
  void switched(String from, String to, ProviderException cause);

  /**
   * Opens the first provider of {@code names[from...]} that opens, telling this of each switch on
   * the way; {@code open} opens provider {@code i} or throws its {@link ProviderException}. The one
   * open-the-next loop of the recogniser and synthesiser chains.
   *
   * @param previous how the provider before {@code from} failed, or null at the start
   * @return the index of the provider that opened
   * @throws ProviderException the last failure, if none opened
   */
  default int openFirst(
      List<String> names, int from, @Nullable ProviderException previous, IntConsumer open) {
    ProviderException last = previous;
    for (int i = from; i < names.size(); i++) {
      if (last != null && i > 0) {
        switched(names.get(i - 1), names.get(i), last);
      }
      try {
        open.accept(i);
        return i;
      } catch (ProviderException e) {
        last = e;
      }
    }
    throw last == null ? new IllegalStateException("empty chain") : last;
  }

  /** Ignores switches. */
  static Failover ignore() {
    return (from, to, cause) -> {};
  }
}
