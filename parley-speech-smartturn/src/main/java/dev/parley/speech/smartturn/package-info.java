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
 * End-of-turn detection with Smart Turn v3 on ONNX Runtime: {@link
 * dev.parley.speech.smartturn.WhisperFeatures} turns the last 8 s of a turn into the Whisper
 * log-mel features the model reads, {@link dev.parley.speech.smartturn.SmartTurnModel} finds,
 * checks and installs the model file in the Parley models directory, and {@link
 * dev.parley.speech.smartturn.SmartTurnDetector} shares one ONNX session between every session of
 * the process as a {@link dev.parley.core.spi.TurnDetector}. The weights are optional: without them
 * the runtime judges turns on its other cues.
 */
@NullMarked
package dev.parley.speech.smartturn;

import org.jspecify.annotations.NullMarked;
