/**
 * Logging context of calls: which call a log line belongs to, carried in the SLF4J MDC onto every
 * thread that works for the call (its session loop, its recogniser, agent and synthesizer workers,
 * their tasks), so an operator can follow one call through an interleaved log of hundreds.
 */
@NullMarked
package dev.parley.core.log;

import org.jspecify.annotations.NullMarked;
