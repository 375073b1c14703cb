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
 * Streaming cloud speech behind Parley's SPIs: recognisers for Deepgram (Nova-3 and Flux),
 * AssemblyAI Universal-Streaming and OpenAI, voices for ElevenLabs, Cartesia and OpenAI, and
 * speech-to-speech models (OpenAI Realtime, Gemini Live, a Moshi-style full-duplex server). Each
 * speaks its provider's documented wire protocol over the JDK's HTTP and WebSocket client, reads
 * its key from the environment, retries a failed connection with backoff, and maps failures to
 * {@link dev.parley.core.spi.ProviderException.Kind kinds} so a fallback chain can take over
 * mid-call.
 */
@NullMarked
package dev.parley.speech.cloud;

import org.jspecify.annotations.NullMarked;
