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
package dev.parley.core.event;

/** How a tool call ended. */
public enum ToolStatus {
  /** The call returned a result. */
  OK,
  /** The call was abandoned before it finished, for example because the user corrected it. */
  CANCELLED,
  /** The call raised an error or timed out. */
  FAILED,
  /** The call had finished with side effects that were then undone. */
  COMPENSATED
}
