/**
 * Streaming cloud speech behind Parley's SPIs: recognisers for Deepgram (Nova-3 and Flux),
 * AssemblyAI Universal-Streaming and OpenAI, voices for ElevenLabs, Cartesia and OpenAI. Each
 * speaks its provider's documented wire protocol over the JDK's HTTP and WebSocket client, reads
 * its key from the environment, retries a failed connection with backoff, and maps failures to
 * {@link dev.parley.core.spi.ProviderException.Kind kinds} so a fallback chain can take over
 * mid-call.
 */
@NullMarked
package dev.parley.speech.cloud;

import org.jspecify.annotations.NullMarked;
