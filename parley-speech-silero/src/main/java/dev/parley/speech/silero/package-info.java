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
 * Voice activity detection with Silero VAD v6 on ONNX Runtime: {@link
 * dev.parley.speech.silero.SileroModel} finds and checks the model file in the Parley models
 * directory, and {@link dev.parley.speech.silero.SileroVad} shares one ONNX session between every
 * session of the process while each {@link dev.parley.core.spi.VoiceActivityDetector.Stream} keeps
 * its own recurrent state, context and preallocated tensors.
 */
@NullMarked
package dev.parley.speech.silero;

import org.jspecify.annotations.NullMarked;
