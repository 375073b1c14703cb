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
 * Tools an agent calls through Parley, and the rules that keep them correct in a live conversation.
 *
 * <p>An agent decides which tool to call; the session's tool runtime decides when it may run. A
 * tool declares its {@link dev.parley.core.tool.ToolEffect effect}: read-only tools may run
 * speculatively before the user's turn is final and their results are reused when the final turn
 * asks the same; idempotent and side-effecting tools run only for a final turn, and a side effect
 * from a reply that was discarded or interrupted never starts. A committed side effect can be
 * undone by its compensation when the user corrects themselves.
 */
@NullMarked
package dev.parley.core.tool;

import org.jspecify.annotations.NullMarked;
