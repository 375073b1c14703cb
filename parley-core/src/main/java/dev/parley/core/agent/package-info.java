/** Agents that ship with Parley and need no model: the echo agent of the foundation. */
@NullMarked
package dev.parley.core.agent;

import org.jspecify.annotations.NullMarked;
