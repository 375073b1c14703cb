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
