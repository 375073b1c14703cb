/**
 * The session's internal frame vocabulary: what workers post back to the session loop.
 *
 * <p>A frame's family says how an interruption treats it. {@link dev.parley.core.frame.Frame.Input
 * Input} frames (the user's audio and words, turn judgements) and {@link
 * dev.parley.core.frame.Frame.Control Control} frames are never dropped. {@link
 * dev.parley.core.frame.Frame.Response Response} frames belong to one agent reply, named by its
 * response id; when the user interrupts, the session bumps the id and every later frame of the old
 * reply falls to a single stale-id check. Frames are internal: listeners see {@link
 * dev.parley.core.event.SessionEvent}s.
 */
@NullMarked
package dev.parley.core.frame;

import org.jspecify.annotations.NullMarked;
