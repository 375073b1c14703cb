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
 *               ┌──── SessionCore: wires the parts, dispatches frames and due times ─────────────┐
 *  user audio ─▶│ UserInput: ring ─▶ VAD windows, echo gate, prosody ─▶ UserTurn ─▶ Responder   │
 *               │   └─▶ Recognition (STT worker) ─▶ transcript frames ─┘ (TurnTaking)  │        │
 *  workers ───▶ │ frames: stale response id? drop; Frame.Fact ─▶ ToolLedger  agent worker┘        │
 *               │ agent text ─▶ Synthesis (TTS worker) ─▶ Speaker: reply + filler/backchannel ───┼─▶ AudioOutput
 *               │ Fillers, Backchannels, IdlePrompts, CallActions, StallWatch: what is due when   │
 *               │ SessionEvent (EventSink) ───────────────────────────────────────────────────────┼─▶ listeners
 *               └─────────────────────────────────────────────────────────────────────────────────┘
 * </pre>
 *
 * <p>Every part is confined to the loop and has the same shape: it reacts to what the session hands
 * it and, if it keeps time, says when it is next due and acts in {@code onTime}. {@link
 * dev.parley.core.session.UserInput} reads the caller's audio from the ring; {@link
 * dev.parley.core.session.UserTurn} carries out the decisions of {@code dev.parley.core.turn};
 * {@link dev.parley.core.session.Responder} owns the response id, the conversation and the
 * speculative reply; {@link dev.parley.core.session.Speaker} is the agent's one voice; {@link
 * dev.parley.core.session.ToolLedger} is the one record of tool calls, which {@link
 * dev.parley.core.session.ToolRuntime} runs on agent threads and reports as facts.
 *
 * <p>{@link dev.parley.core.session.SessionCore} never blocks or reads a clock of its own: it is
 * told the time. Two drivers run it. {@link dev.parley.core.session.LiveSession} runs it on a
 * virtual thread against the system clock with a bounded inbox and worker threads. {@link
 * dev.parley.core.session.VirtualSession} runs it on the caller's thread against a {@link
 * dev.parley.core.clock.ManualClock}, runs worker jobs inline and delivers their output after a
 * modelled latency, so an offline call is fast and replays byte for byte.
 */
@NullMarked
package dev.parley.core.session;

import org.jspecify.annotations.NullMarked;
