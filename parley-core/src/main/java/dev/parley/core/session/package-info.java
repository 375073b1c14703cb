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
 * The session: one call's state, owned by one loop, fed through one inbox.
 *
 * <pre>
 *               ┌──────────── SessionCore (all state of one call, confined to its loop) ────────────┐
 *  user audio ─▶│ ring ─▶ VAD ─▶ SpeechSegmenter ─▶ Endpointing ─▶ end of turn ─▶ agent worker      │
 *               │   └──────────▶ STT worker ─▶ transcript frames                 │                   │
 *  workers ───▶ │ frames (stale response id? drop)      agent text ─▶ TTS worker ─▶ Playout ─────────┼─▶ AudioOutput
 *               │ SessionEvent ──────────────────────────────────────────────────────────────────────┼─▶ listeners
 *               └───────────────────────────────────────────────────────────────────────────────────┘
 * </pre>
 *
 * <p>{@link dev.parley.core.session.SessionCore} holds the logic and never blocks or reads a clock
 * of its own: it is told the time. Two drivers run it. {@link dev.parley.core.session.LiveSession}
 * runs it on a virtual thread against the system clock with a bounded inbox and worker threads.
 * {@link dev.parley.core.session.VirtualSession} runs it on the caller's thread against a {@link
 * dev.parley.core.clock.ManualClock}, runs worker jobs inline and delivers their output after a
 * modelled latency, so an offline call is fast and replays byte for byte.
 */
@NullMarked
package dev.parley.core.session;

import org.jspecify.annotations.NullMarked;
