/**
 * The public record of a call: {@link dev.parley.core.event.SessionEvent}s that listeners, metrics,
 * the benchmark and {@code timeline.json} all read, kept apart from the session's internal frames
 * so either can change without breaking the other. {@link dev.parley.core.event.EventJson} fixes
 * their JSON shape.
 */
@NullMarked
package dev.parley.core.event;

import org.jspecify.annotations.NullMarked;
