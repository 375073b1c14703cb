/**
 * Speech-to-speech models (OpenAI Realtime, Gemini Live, Moshi-style servers) under Parley's turn,
 * tool and measurement model: the {@link dev.parley.core.s2s.SpeechToSpeech} SPI an adapter
 * implements, and the loop-confined {@link dev.parley.core.s2s.SpeechToSpeechSession} that puts
 * Parley's guarantees over it — backchannel-aware barge-in, heard-text truncation, function calls
 * answered once, side effects held until the turn that asked for them stands, and the same session
 * events (so the same timeline and report) as a cascaded call.
 */
@NullMarked
package dev.parley.core.s2s;

import org.jspecify.annotations.NullMarked;
