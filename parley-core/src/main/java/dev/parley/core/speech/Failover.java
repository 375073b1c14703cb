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

/** Told when a fallback chain leaves a failed provider for the next one. Must be quick. */
@FunctionalInterface
public interface Failover {
  /**
   * @param from the provider that failed
   * @param to the provider that takes over
   * @param cause how {@code from} failed
   */
  void switched(String from, String to, ProviderException cause);

  /** Ignores switches. */
  static Failover ignore() {
    return (from, to, cause) -> {};
  }
}
