/**
 * The one place Parley reads time or waits on it: the {@link dev.parley.core.clock.MediaClock}
 * every session is given, the system clock for live calls and the virtual clock for tests and
 * offline runs. Forbiddenapis bans wall-clock reads and sleeps everywhere else.
 */
@NullMarked
package dev.parley.core.clock;

import org.jspecify.annotations.NullMarked;
