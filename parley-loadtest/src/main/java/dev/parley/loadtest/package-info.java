/**
 * The load generator behind {@code parley loadtest}: N simulated callers, each streaming a
 * recording in real time over a loopback WebSocket (Parley's own protocol or Twilio media streams)
 * to a running {@code parley serve}, and a report built from the server's {@code /metrics}: frame
 * delay, dropped frames, turn-decision latency, CPU and memory. Pacing goes through an injected
 * {@link dev.parley.loadtest.Pace}, so tests run a whole load test in milliseconds.
 */
@NullMarked
package dev.parley.loadtest;

import org.jspecify.annotations.NullMarked;
