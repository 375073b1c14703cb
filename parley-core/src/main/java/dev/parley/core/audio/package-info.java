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
 * Audio plumbing for sessions: the {@link dev.parley.core.audio.AudioFormat} vocabulary and the
 * session format (16 kHz mono PCM16 in 20 ms frames), G.711 companding for telephony, streaming
 * sample-rate conversion, WAV file input and output, and the per-session {@link
 * dev.parley.core.audio.AudioRing} that holds recent audio addressed by sample sequence. The
 * per-frame paths here (ring, resampler, G.711 array codecs) allocate nothing after construction
 * and are confined to the session loop; the WAV classes are for loading prompts and fixtures and
 * for recording calls.
 */
@NullMarked
package dev.parley.core.audio;

import org.jspecify.annotations.NullMarked;
