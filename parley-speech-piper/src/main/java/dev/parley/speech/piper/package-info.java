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
