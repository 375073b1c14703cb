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
 * Speech-to-speech models (OpenAI Realtime, Gemini Live, Moshi-style servers) under Parley's turn,
 * tool and measurement model: the {@link dev.parley.core.s2s.SpeechToSpeech} SPI an adapter
 * implements, and the loop-confined {@link dev.parley.core.s2s.SpeechToSpeechSession} that puts
 * Parley's guarantees over it — backchannel-aware barge-in, heard-text truncation, function calls
 * answered once, side effects held until the turn that asked for them stands, and the same session
 * events (so the same timeline and report) as a cascaded call.
 */
@NullMarked
package dev.parley.core.s2s;

import org.jspecify.annotations.NullMarked;
