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
 * Speech recognition with whisper.cpp through the whisper-jni binding, on a ggml model file the
 * user supplies: {@link dev.parley.speech.whisper.WhisperModelFile} finds the model and checks its
 * structure before native code reads it, {@link dev.parley.speech.whisper.WhisperRecognizer} shares
 * one loaded model between every session of the process and gives each stream its own decoder
 * state. Whisper is not a streaming model: a stream buffers an utterance and transcribes it on
 * {@code flush}, reporting final results only.
 */
@NullMarked
package dev.parley.speech.whisper;

import org.jspecify.annotations.NullMarked;
