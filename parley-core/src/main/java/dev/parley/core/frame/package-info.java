/*
 * Copyright 2026 The Parley authors
 *
 * Licensed under the Apache License, Version 2.0 (the "License");
 * you may not use this file except in compliance with the License.
 * You may obtain a copy of the License at
 *
 *     https://www.apache.org/licenses/LICENSE-2.0
 *
 * Unless required by applicable law or agreed to in writing, software
 * distributed under the License is distributed on an "AS IS" BASIS,
 * WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
 * See the License for the specific language governing permissions and
 * limitations under the License.
 */
/**
 * The session's internal frame vocabulary: what workers post back to the session loop.
 *
 * <p>A frame's family says how an interruption treats it. {@link dev.parley.core.frame.Frame.Input
 * Input} frames (the user's audio and words, turn judgements) and {@link
 * dev.parley.core.frame.Frame.Control Control} frames are never dropped. {@link
 * dev.parley.core.frame.Frame.Response Response} frames belong to one agent reply, named by its
 * response id; when the user interrupts, the session bumps the id and every later frame of the old
 * reply falls to a single stale-id check. {@link dev.parley.core.frame.Frame.Fact Fact} frames (a
 * tool call started or ended) name their reply too but pass that check by their family: what
 * happened in the world is recorded even when the reply it happened for is gone. All frames are
 * handled in the order they arrive; the inbox is one queue. Frames are internal: listeners see
 * {@link dev.parley.core.event.SessionEvent}s.
 */
@NullMarked
package dev.parley.core.frame;

import org.jspecify.annotations.NullMarked;
