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
