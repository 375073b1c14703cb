/**
 * The {@code parley} command: wires the engine, the speech stack and an agent into the offline
 * {@code converse} runner and the {@code demo}. Every command reports bad input as one line naming
 * the problem and exits with code 2, without touching what earlier runs wrote.
 */
@NullMarked
package dev.parley.app;

import org.jspecify.annotations.NullMarked;
