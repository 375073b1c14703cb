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
 * The Parley server: one process, many calls, each on its own session loop. Jetty 12 runs the HTTP
 * and WebSocket handlers on virtual threads; {@link dev.parley.server.CallHost} admits calls (a
 * maximum, back-pressure, graceful drain) and {@link dev.parley.server.Call} bridges one call's
 * transport and its {@link dev.parley.core.session.LiveSession}. Transports: the browser WebSocket
 * ({@code /ws}, PCM16 frames and JSON events), Twilio and Telnyx media streams (μ-law 8 kHz) and
 * Asterisk AudioSocket over TCP. Health, readiness and Prometheus metrics are served beside them.
 */
@NullMarked
package dev.parley.server;

import org.jspecify.annotations.NullMarked;
