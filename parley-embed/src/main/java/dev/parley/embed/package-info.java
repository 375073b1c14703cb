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
 * Parley as a library: {@link dev.parley.embed.Parley} builds an embedded runtime from an agent and
 * a {@link dev.parley.embed.Speech} stack, then serves calls, runs a call offline, or hands out
 * live sessions to the application's own transport. The command line and the Spring Boot starter
 * are built on it.
 */
@NullMarked
package dev.parley.embed;

import org.jspecify.annotations.NullMarked;
