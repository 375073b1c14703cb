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
 * Logging context of calls: which call a log line belongs to, carried in the SLF4J MDC onto every
 * thread that works for the call (its session loop, its recogniser, agent and synthesizer workers,
 * their tasks), so an operator can follow one call through an interleaved log of hundreds.
 */
@NullMarked
package dev.parley.core.log;

import org.jspecify.annotations.NullMarked;
