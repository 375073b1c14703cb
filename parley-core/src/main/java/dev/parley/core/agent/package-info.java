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
 * Agents that ship with Parley and need no model (the echo agent, greetings), and the parts every
 * model-backed agent adapter shares: the tool-round loop ({@link
 * dev.parley.core.agent.ToolRounds}), the conversation as neutral chat messages ({@link
 * dev.parley.core.agent.ChatTranscript}), tool choice, note placement and retries. Nothing here
 * depends on a model library.
 */
@NullMarked
package dev.parley.core.agent;

import org.jspecify.annotations.NullMarked;
