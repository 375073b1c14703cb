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
 * Streaming speech synthesis with a Piper voice the user supplies (a VITS model in ONNX and its
 * JSON config), run on ONNX Runtime: {@link dev.parley.speech.piper.PiperVoice} finds and reads the
 * voice, {@link dev.parley.speech.piper.EspeakPhonemizer} turns text into IPA by running the {@code
 * espeak-ng} program as a separate process (eSpeak NG is GPL-3 and is never linked into the JVM),
 * {@link dev.parley.speech.piper.PhonemeIds} maps the IPA to the voice's phoneme ids, and {@link
 * dev.parley.speech.piper.PiperSynthesizer} speaks a reply sentence by sentence as its text streams
 * in.
 */
@NullMarked
package dev.parley.speech.piper;

import org.jspecify.annotations.NullMarked;
