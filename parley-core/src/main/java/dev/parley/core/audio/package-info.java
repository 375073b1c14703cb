/** TEMP. */
@NullMarked
package dev.parley.core.audio;

import org.jspecify.annotations.NullMarked;
