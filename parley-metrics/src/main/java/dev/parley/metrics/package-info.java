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
 * Observability of live calls: {@link TurnMetrics} turns a session's events into {@link
 * VoiceMeters} (the per-turn latency breakdown, interruptions, ignored backchannels, fillers, tool
 * latencies) in whatever {@code MeterRegistry} the server exposes, such as Prometheus on {@code
 * /metrics}.
 */
@NullMarked
package dev.parley.metrics;

import org.jspecify.annotations.NullMarked;
