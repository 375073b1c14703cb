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
 * The load generator behind {@code parley loadtest}: N simulated callers, each streaming a
 * recording in real time over a loopback WebSocket (Parley's own protocol or Twilio media streams)
 * to a running {@code parley serve}, and a report built from the server's {@code /metrics}: frame
 * delay, dropped frames, turn-decision latency, CPU and memory. Pacing goes through an injected
 * {@link dev.parley.loadtest.Pace}, so tests run a whole load test in milliseconds.
 */
@NullMarked
package dev.parley.loadtest;

import org.jspecify.annotations.NullMarked;
