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
 * An agent adapter for LangChain4j. {@link dev.parley.agent.langchain4j.LangChain4jAgent} wraps a
 * {@code StreamingChatModel} and its tools ({@code @Tool} objects or {@code ToolSpecification}s
 * with executors): it maps Parley's conversation to LangChain4j chat messages (what the caller
 * heard, how they sounded, which tools ran), streams the model's words into the spoken reply, and
 * hands the model's tool calls to the session, which runs the LangChain4j tools under Parley's
 * effect rules. {@link dev.parley.agent.langchain4j.AiServiceAgent} wraps an existing AI Service,
 * which keeps its own memory and runs its own tools.
 */
@NullMarked
package dev.parley.agent.langchain4j;

import org.jspecify.annotations.NullMarked;
