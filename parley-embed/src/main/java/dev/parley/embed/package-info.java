/**
 * Parley as a library: {@link dev.parley.embed.Parley} builds an embedded runtime from an agent and
 * a {@link dev.parley.embed.Speech} stack, then serves calls, runs a call offline, or hands out
 * live sessions to the application's own transport. The command line and the Spring Boot starter
 * are built on it.
 */
@NullMarked
package dev.parley.embed;

import org.jspecify.annotations.NullMarked;
