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
 * Turn-taking as pure policy: objects fed times and signals that return decisions. They own no
 * timer and read no clock; the session loop turns their {@code WakeAt} answers into deadlines on
 * its media clock. Their tests need no clock at all.
 */
@NullMarked
package dev.parley.core.turn;

import org.jspecify.annotations.NullMarked;
