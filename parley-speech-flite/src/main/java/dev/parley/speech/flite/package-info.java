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
