/**
 * Turn-taking as pure policy: objects fed times and signals that return decisions. They own no
 * timer and read no clock; the session loop turns their {@code WakeAt} answers into deadlines on
 * its media clock. Their tests need no clock at all.
 */
@NullMarked
package dev.parley.core.turn;

import org.jspecify.annotations.NullMarked;
