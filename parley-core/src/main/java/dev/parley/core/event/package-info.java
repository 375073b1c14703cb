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
 * The public record of a call: {@link dev.parley.core.event.SessionEvent}s that listeners, metrics,
 * the benchmark and {@code timeline.json} all read, kept apart from the session's internal frames
 * so either can change without breaking the other. {@link dev.parley.core.event.EventJson} fixes
 * their JSON shape.
 */
@NullMarked
package dev.parley.core.event;

import org.jspecify.annotations.NullMarked;
