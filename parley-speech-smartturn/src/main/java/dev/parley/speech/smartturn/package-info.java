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
