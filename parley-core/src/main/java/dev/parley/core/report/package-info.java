/**
 * Pictures of finished calls: {@link dev.parley.core.report.CallReport} turns a call's {@link
 * dev.parley.core.event.SessionEvent}s into one self-contained HTML page (user, latency, agent and
 * tool lanes on a shared time axis, a table of turns and the failures), and {@link
 * dev.parley.core.report.TurnLatency} gives the per-turn latency the page draws, so the benchmark
 * measures exactly what the picture shows. Everything here is pure and deterministic: the same
 * events always give the same bytes.
 */
@NullMarked
package dev.parley.core.report;

import org.jspecify.annotations.NullMarked;
