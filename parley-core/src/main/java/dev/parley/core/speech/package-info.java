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
 * Speech providers that need no model: the energy VAD (Silero's fallback), the oracle recogniser
 * that replays time-aligned words (for benchmarks that isolate the engine), and a placeholder voice
 * for machines without a real synthesiser. Each says plainly what it is.
 */
@NullMarked
package dev.parley.core.speech;

import org.jspecify.annotations.NullMarked;
