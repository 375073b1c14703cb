/**
 * The Parley server: one process, many calls, each on its own session loop. Jetty 12 runs the HTTP
 * and WebSocket handlers on virtual threads; {@link dev.parley.server.CallHost} admits calls (a
 * maximum, back-pressure, graceful drain) and {@link dev.parley.server.Call} bridges one call's
 * transport and its {@link dev.parley.core.session.LiveSession}. Transports: the browser WebSocket
 * ({@code /ws}, PCM16 frames and JSON events), Twilio and Telnyx media streams (μ-law 8 kHz) and
 * Asterisk AudioSocket over TCP. Health, readiness and Prometheus metrics are served beside them.
 */
@NullMarked
package dev.parley.server;

import org.jspecify.annotations.NullMarked;
