/**
 * Speech providers that need no model: the energy VAD (Silero's fallback), the oracle recogniser
 * that replays time-aligned words (for benchmarks that isolate the engine), and a placeholder voice
 * for machines without a real synthesiser. Each says plainly what it is.
 */
@NullMarked
package dev.parley.core.speech;

import org.jspecify.annotations.NullMarked;
