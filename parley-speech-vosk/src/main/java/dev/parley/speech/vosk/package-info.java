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
