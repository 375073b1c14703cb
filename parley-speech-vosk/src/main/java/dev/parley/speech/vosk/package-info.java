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
 * Streaming speech recognition with Vosk (Kaldi), through the Vosk Java binding and JNA, on a model
 * directory the user supplies: {@link dev.parley.speech.vosk.VoskModelDirectory} finds the model
 * and checks its layout, {@link dev.parley.speech.vosk.VoskRecognizer} shares one loaded model
 * between every session of the process and gives each stream its own Kaldi recogniser, fed on every
 * push, with partial results while the user speaks and word-timed finals.
 */
@NullMarked
package dev.parley.speech.vosk;

import org.jspecify.annotations.NullMarked;
