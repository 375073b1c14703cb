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
package dev.parley.core.spi;

/**
 * The user's turn as a turn detector sees it.
 *
 * @param audio the last seconds of the user's turn as 16 kHz mono PCM16, oldest first (owned by the
 *     callee: the session passes a copy)
 * @param transcript the words recognised so far in this turn, possibly partial
 * @param lastAgentUtterance what the agent last said, for context rules ("what's your account
 *     number?"); empty at the start of a call
 * @param silenceMillis how long the user has been silent at the end of {@code audio}
 */
public record TurnSnapshot(
    short[] audio, String transcript, String lastAgentUtterance, long silenceMillis) {}
