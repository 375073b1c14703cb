/**
 * Observability of live calls: {@link TurnMetrics} turns a session's events into {@link
 * VoiceMeters} (the per-turn latency breakdown, interruptions, ignored backchannels, fillers, tool
 * latencies) in whatever {@code MeterRegistry} the server exposes, such as Prometheus on {@code
 * /metrics}.
 */
@NullMarked
package dev.parley.metrics;

import org.jspecify.annotations.NullMarked;
