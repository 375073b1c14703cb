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
/**
 * The one place Parley reads time or waits on it: the {@link dev.parley.core.clock.MediaClock}
 * every session is given, the system clock for live calls and the virtual clock for tests and
 * offline runs. Forbiddenapis bans wall-clock reads and sleeps everywhere else.
 */
@NullMarked
package dev.parley.core.clock;

import org.jspecify.annotations.NullMarked;
