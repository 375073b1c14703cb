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
 * Streaming speech synthesis with Flite's {@code cmu_us_slt} voice, called through the Java FFM API
 * (no JNI, no bundled binaries): the Debian package {@code libflite1} provides the shared
 * libraries, and {@code parley-speech-flite/setup.sh} installs it. {@link
 * dev.parley.speech.flite.FliteSynthesizer} is the {@link dev.parley.core.spi.SpeechSynthesizer};
 * {@link dev.parley.speech.flite.SentenceChunker} decides when streamed text holds a clause worth
 * speaking, and is reusable by any other synthesiser.
 */
@NullMarked
package dev.parley.speech.flite;

import org.jspecify.annotations.NullMarked;
