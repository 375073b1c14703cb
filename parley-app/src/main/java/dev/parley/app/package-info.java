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
 * The {@code parley} command: wires the engine, the speech stack and an agent into the offline
 * {@code converse} runner and the {@code demo}. Every command reports bad input as one line naming
 * the problem and exits with code 2, without touching what earlier runs wrote.
 */
@NullMarked
package dev.parley.app;

import org.jspecify.annotations.NullMarked;
