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
 * Pictures of finished calls: {@link dev.parley.report.CallReport} turns a call's {@link
 * dev.parley.core.event.SessionEvent}s into one self-contained HTML page (user, latency, agent and
 * tool lanes on a shared time axis, a table of turns and the failures), and {@link
 * dev.parley.report.TurnLatency} gives the per-turn latency the page draws, so the benchmark
 * measures exactly what the picture shows. Everything here is pure and deterministic: the same
 * events always give the same bytes.
 */
@NullMarked
package dev.parley.report;

import org.jspecify.annotations.NullMarked;
