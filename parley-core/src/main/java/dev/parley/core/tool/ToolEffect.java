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
package dev.parley.core.tool;

/** What running a tool does to the world, which decides when the session lets it run. */
public enum ToolEffect {
  /**
   * Only reads (search flights, look up a booking). May run speculatively on an eager end of turn;
   * a result is reused when the final turn makes the same call, and discarded otherwise.
   */
  READ_ONLY,
  /**
   * Writes, but running it twice with the same arguments equals running it once (set a seat). Runs
   * only for a final turn.
   */
  IDEMPOTENT,
  /**
   * Changes the world each time it runs (book, pay, send). Runs only for a final turn, at most once
   * per call id, and never for a reply that was discarded or interrupted before the call started.
   */
  SIDE_EFFECTING
}
